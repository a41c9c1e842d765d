import { strict as assert } from 'node:assert';
import { listSubmissions } from '../../../src/core/review/list';
import { readRecords, submissionRef, writeRecord } from '../../../src/core/review/store';
import { submitExercise } from '../../../src/core/review/submit';
import { syncRecords } from '../../../src/core/review/sync';
import type { TempRepo } from '../helpers/gitRepo';
import { learnerId, mentorA, recordRef, startExercise, Team } from './team';

/** Writes an arbitrary tag object with `message` at `ref`, bypassing the store's validation. */
function rawTag(repo: TempRepo, ref: string, target: string, message: string): void {
  const tag = `object ${target}\ntype commit\ntag x\ntagger T <t@x.example> 1767000000 +0000\n\n${message}\n`;
  const sha = repo.git(['mktag'], {}, tag);
  repo.git(['update-ref', ref, sha]);
}

describe('review records in git', () => {
  let team: Team;
  beforeEach(() => (team = new Team()));
  afterEach(() => team.dispose());

  it('reports malformed records and skips them, locally and after they travel through the remote', async () => {
    const lea = team.person(learnerId);
    const head = startExercise(lea, 'prompt-basics', { 'p.ts': 'p\n' });
    const good = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
    const valid = JSON.parse(lea.git(['for-each-ref', '--format=%(contents)', recordRef(lea, good.record.id)]));
    rawTag(lea, 'refs/practicum/submissions/not-json', head, '{ this is not json');
    rawTag(lea, 'refs/practicum/submissions/bad-field', head, JSON.stringify({ ...valid, id: 'bad-field', round: 0 }));
    rawTag(lea, 'refs/practicum/submissions/renamed', head, JSON.stringify(valid));
    rawTag(lea, 'refs/practicum/submissions/wrong-head', lea.git(['rev-parse', 'main']), JSON.stringify({ ...valid, id: 'wrong-head' }));
    lea.git(['update-ref', 'refs/practicum/submissions/plain-commit', head]);
    rawTag(lea, 'refs/practicum/elsewhere/x', head, '{}');
    const orphan = { schema: 'practicum.review/v1', id: 'r1', submission: 'gone', reviewer: mentorA, at: '2026-01-11T00:00:00Z', verdict: 'approve', body: '', head, comments: [] };
    rawTag(lea, 'refs/practicum/reviews/gone/r1', head, JSON.stringify(orphan));

    await syncRecords({ repo: lea.dir });
    const mo = team.person(mentorA);
    const moved = await syncRecords({ repo: mo.dir });
    assert.equal(moved.fetched.length, 8, 'sync carries every ref, even ones it cannot read');

    for (const repo of [lea, mo]) {
      const listing = await listSubmissions({ repo: repo.dir });
      assert.deepEqual(listing.submissions.map((s) => s.record.id), [good.record.id]);
      const problems = Object.fromEntries(listing.problems.map((p) => [p.ref.replace('refs/practicum/', ''), p.problem]));
      assert.deepEqual(Object.keys(problems).sort(), [
        'elsewhere/x',
        'reviews/gone/r1',
        'submissions/bad-field',
        'submissions/not-json',
        'submissions/plain-commit',
        'submissions/renamed',
        'submissions/wrong-head',
      ]);
      assert.match(problems['submissions/not-json']!, /not JSON/);
      assert.match(problems['submissions/bad-field']!, /field round/);
      assert.match(problems['submissions/renamed']!, /does not match the ref name/);
      assert.match(problems['submissions/wrong-head']!, /not the commit the tag points at/);
      assert.match(problems['submissions/plain-commit']!, /points at a commit/);
      assert.match(problems['reviews/gone/r1']!, /not here; sync/);
    }
  });

  it('never overwrites a record: writing to an existing ref name is refused', async () => {
    const lea = team.person(learnerId);
    startExercise(lea, 'prompt-basics', { 'p.ts': 'p\n' });
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
    await assert.rejects(writeRecord(lea.dir, submissionRef(sub.record.id), sub.record.head, learnerId, Date.now(), sub.record), /may exist already/);
    assert.equal((await readRecords(lea.dir)).submissions.length, 1);
  });

  it('reads records whose messages hold newlines and NUL-free unicode', async () => {
    const lea = team.person(learnerId);
    startExercise(lea, 'prompt-basics', { 'p.ts': 'p\n' });
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics', message: 'línea 1\nline 2 — ✓' });
    const again = (await readRecords(lea.dir)).submissions[0]!;
    assert.equal(again.message, 'línea 1\nline 2 — ✓');
    assert.equal(again.id, sub.record.id);
  });
});

import { strict as assert } from 'node:assert';
import { listConflicts } from '../../../src/core/review/conflicts';
import { listSubmissions } from '../../../src/core/review/list';
import { recordDigest } from '../../../src/core/review/recordName';
import { SyncReportSchema, syncRecords } from '../../../src/core/review/sync';
import { runCli } from '../helpers/cli';
import { changesRequested, forgeAndPush, learnerId, lines, mentorA, mentorB, recordRef, startExercise, Team } from './team';

const eve = { name: 'Eve Pusher', email: 'eve@corp.example' };

describe('review records cannot be rewritten by whoever can push', () => {
  let team: Team;
  beforeEach(() => (team = new Team()));
  afterEach(() => team.dispose());

  /** Lea submits; Mo requests changes with a line comment; both sync. */
  const reviewed = () => changesRequested(team, [{ file: 'src/p.ts', line: 2, body: 'Handle the empty case.' }]);

  it('a forged approve pushed under the mentor review\'s name is a conflict: the mentor keeps the real review', async () => {
    const { mo, sub, review, reviewRef } = await reviewed();
    const attacker = team.person(eve);
    await syncRecords({ repo: attacker.dir });
    const forged = forgeAndPush(attacker, reviewRef, sub.record.head, JSON.stringify({ ...review, verdict: 'approve', body: 'LGTM', comments: [] }));
    assert.equal(team.origin.git(['rev-parse', reviewRef]), forged, 'the remote took the forged tag without -f');

    const run = runCli(['sync', '--repo', mo.dir, '--json']);
    assert.equal(run.code, 1, run.stderr);
    const report = SyncReportSchema.parse(run.json());
    assert.equal(report.conflicts.length, 1);
    const [c] = report.conflicts;
    assert.deepEqual([c!.ref, c!.kind, c!.remote], [reviewRef, 'review', forged]);
    assert.notEqual(c!.local, forged);
    assert.match(c!.fix, /git push --force origin/);
    assert.equal(mo.git(['cat-file', '-t', c!.keptAs]), 'tag', 'the remote copy is kept aside for inspection');
    assert.deepEqual(report.pushed, [], 'the mentor never overwrites the remote either');

    const listing = await listSubmissions({ repo: mo.dir });
    const view = listing.submissions.find((v) => v.record.id === sub.record.id)!;
    assert.equal(view.status, 'changes-requested');
    assert.deepEqual(view.reviews.map((r) => [r.verdict, r.body, r.comments.length]), [['changes', 'Not yet.', 1]]);
    assert.deepEqual((await listConflicts(mo.dir)).map((x) => x.ref), [reviewRef]);

    const text = runCli(['sync', '--repo', mo.dir]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, new RegExp(`conflict ${reviewRef}: the remote holds a different record`));
    assert.match(text.stderr, /1 record conflict/);

    // The fix the report names restores the remote; the next sync is clean and forgets the conflict.
    mo.git(['push', '-q', '--force', 'origin', `${reviewRef}:${reviewRef}`]);
    const after = await syncRecords({ repo: mo.dir });
    assert.deepEqual(after.conflicts, []);
    assert.deepEqual(await listConflicts(mo.dir), []);
  });

  it('a fresh clone that meets the replaced record first does not adopt it', async () => {
    const { sub, review, reviewRef } = await reviewed();
    const attacker = team.person(eve);
    await syncRecords({ repo: attacker.dir });
    forgeAndPush(attacker, reviewRef, sub.record.head, JSON.stringify({ ...review, verdict: 'approve', body: 'LGTM', comments: [] }));

    const max = team.person(mentorB);
    const report = await syncRecords({ repo: max.dir });
    assert.equal(report.conflicts.length, 1);
    assert.equal(report.conflicts[0]!.local, null);
    assert.match(report.conflicts[0]!.reason, /does not match the digest in its name/);
    assert.deepEqual(report.fetched.map((f) => f.kind), ['submission']);
    const view = (await listSubmissions({ repo: max.dir })).submissions[0]!;
    assert.equal(view.status, 'pending', 'the forged approve counts for nothing');
    assert.deepEqual(view.reviews, []);

    // Fetched behind Practicum's back (plain git), the replaced record is still caught when read.
    max.git(['fetch', '-q', 'origin', '+refs/practicum/*:refs/practicum/*']);
    const listing = await listSubmissions({ repo: max.dir });
    assert.deepEqual(listing.submissions[0]!.reviews, []);
    assert.match(listing.problems.find((p) => p.ref === reviewRef)!.problem, /does not match the digest in its name.*git update-ref -d/);
  });

  it('a non-JSON tag pushed under a submission\'s name hides nothing', async () => {
    const { lea, mo, sub } = await reviewed();
    const attacker = team.person(eve);
    await syncRecords({ repo: attacker.dir });
    const subRef = recordRef(lea, sub.record.id);
    forgeAndPush(attacker, subRef, sub.record.head, 'not a record at all');

    const report = await syncRecords({ repo: mo.dir });
    assert.deepEqual(report.conflicts.map((c) => [c.ref, c.kind]), [[subRef, 'submission']]);
    const listing = await listSubmissions({ repo: mo.dir });
    assert.deepEqual(listing.submissions.map((v) => [v.record.id, v.status]), [[sub.record.id, 'changes-requested']]);
    assert.deepEqual(listing.problems, []);

    const fresh = team.person(mentorB);
    const first = await syncRecords({ repo: fresh.dir });
    assert.deepEqual(first.conflicts.map((c) => c.ref), [subRef]);
    assert.deepEqual((await listSubmissions({ repo: fresh.dir })).submissions, [], 'no submission appears from a forged record');
  });

  it('records written before names carried a digest are still read, and still never replaced by a sync', async () => {
    const lea = team.person(learnerId);
    const head = startExercise(lea, 'prompt-basics', { 'src/p.ts': lines('p', 5) });
    const record = {
      schema: 'practicum.submission/v1', id: 'prompt-basics-20260110t100000-0000aaaa', exercise: 'prompt-basics', learner: learnerId, branch: 'practicum/prompt-basics',
      base: lea.git(['rev-parse', 'main']), head, submittedAt: '2026-01-10T10:00:00.000Z', message: '', checks: [], round: 1, previous: null,
    };
    const legacyRef = `refs/practicum/submissions/${record.id}`;
    lea.git(['update-ref', legacyRef, lea.git(['mktag'], {}, `object ${head}\ntype commit\ntag x\ntagger L <l@x> 1767000000 +0000\n\n${JSON.stringify(record)}\n`)]);
    await syncRecords({ repo: lea.dir });
    const mo = team.person(mentorA);
    await syncRecords({ repo: mo.dir });
    assert.deepEqual((await listSubmissions({ repo: mo.dir })).submissions.map((v) => v.record.id), [record.id]);

    const attacker = team.person(eve);
    await syncRecords({ repo: attacker.dir });
    forgeAndPush(attacker, legacyRef, head, JSON.stringify({ ...record, message: 'forged' }));
    const report = await syncRecords({ repo: mo.dir });
    assert.deepEqual(report.conflicts.map((c) => c.ref), [legacyRef]);
    assert.equal((await listSubmissions({ repo: mo.dir })).submissions[0]!.record.message, '');
  });

  it('a second record claiming an existing id is named, and the first one kept', async () => {
    const { mo, sub, review } = await reviewed();
    const attacker = team.person(eve);
    await syncRecords({ repo: attacker.dir });
    // A new, content-bound name for a record that reuses the mentor review's id (a name of its own: no conflict).
    const text = JSON.stringify({ ...review, verdict: 'approve', body: 'LGTM', comments: [], at: '2030-01-01T00:00:00.000Z' });
    const ref = `refs/practicum/reviews/${sub.record.id}/${review.id}.${recordDigest(text)}`;
    forgeAndPush(attacker, ref, sub.record.head, text);
    await syncRecords({ repo: mo.dir });
    const listing = await listSubmissions({ repo: mo.dir });
    assert.equal(listing.submissions[0]!.status, 'changes-requested');
    assert.match(listing.problems.find((p) => p.ref === ref)!.problem, new RegExp(`claims id "${review.id}", which .* already holds`));
  });
});

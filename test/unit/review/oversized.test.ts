import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { listSubmissions } from '../../../src/core/review/list';
import { submitExercise } from '../../../src/core/review/submit';
import { SyncReportSchema, syncRecords } from '../../../src/core/review/sync';
import { cliPath, runCli } from '../helpers/cli';
import { tempDir, type TempRepo } from '../helpers/gitRepo';
import { learnerId, lines, mentorA, mentorB, startExercise, Team } from './team';

const MB = 1024 * 1024;

/** Runs `practicum ...args` in a child process and returns its exit code, stderr and peak RSS in MB. */
function cliWithRss(args: string[], dir: string): { code: number; stdout: string; stderr: string; rssMb: number } {
  const report = path.join(dir, `rss-${Date.now()}-${Math.random()}.txt`);
  const preload = path.join(dir, 'rss-preload.js');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS)));\n`);
  const r = spawnSync(process.execPath, ['--require', preload, cliPath, ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, rssMb: Number(readFileSync(report, 'utf8')) / 1024 };
}

/** A 50 MB review record (a tag message that compresses to almost nothing), pushed by someone with push access. */
function pushOversized(repo: TempRepo, submissionId: string, head: string, dir: string): string {
  const ref = `refs/practicum/reviews/${submissionId}/huge`;
  const file = path.join(dir, 'huge.tag');
  const body = JSON.stringify({ schema: 'practicum.review/v1', id: 'huge', submission: submissionId, body: 'x'.repeat(50 * MB) });
  writeFileSync(file, `object ${head}\ntype commit\ntag huge\ntagger Eve <eve@corp.example> 1767000000 +0000\n\n${body}\n`);
  const sha = repo.git(['hash-object', '-t', 'tag', '-w', file]);
  repo.git(['update-ref', ref, sha]);
  repo.git(['push', '-q', 'origin', ref]);
  return ref;
}

describe('an oversized record (50 MB tag message) across clones of a bare remote', () => {
  let team: Team;
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    team = new Team();
    tmp = tempDir('practicum-huge-');
  });
  afterEach(() => {
    team.dispose();
    tmp.dispose();
  });

  it('sync does not adopt it; a clone that already has it lists the other records, names it with the fix, in bounded memory', async function () {
    this.timeout(120_000);
    const lea = team.person(learnerId);
    startExercise(lea, 'prompt-basics', { 'src/p.ts': lines('p', 5) });
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
    await syncRecords({ repo: lea.dir });
    const ref = pushOversized(team.person({ name: 'Eve', email: 'eve@corp.example' }), sub.record.id, sub.record.head, tmp.dir);

    // Practicum's sync does not spread it.
    const mo = team.person(mentorA);
    const sync = runCli(['sync', '--repo', mo.dir, '--json']);
    assert.equal(sync.code, 1, sync.stderr);
    const report = SyncReportSchema.parse(sync.json());
    assert.deepEqual(report.fetched.map((f) => f.kind), ['submission']);
    assert.equal(report.rejected.length, 1);
    assert.equal(report.rejected[0]!.ref, ref);
    assert.match(report.rejected[0]!.reason, /not adopted: it is 50 MB, over the 1 MB limit for a record; remove it from the remote with "git push origin --delete refs\/practicum\/reviews\/.*\/huge"/);
    assert.deepEqual((await listSubmissions({ repo: mo.dir })).problems, []);

    // A clone that got it before (plain git, as earlier versions fetched): listing still works.
    const max = team.person(mentorB);
    max.git(['fetch', '-q', 'origin', '+refs/practicum/*:refs/practicum/*']);
    const baseline = cliWithRss(['review', 'list', '--repo', mo.dir, '--json'], tmp.dir);
    const run = cliWithRss(['review', 'list', '--repo', max.dir, '--json'], tmp.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).submissions.map((s: { id: string }) => s.id), [sub.record.id]);
    assert.match(run.stderr, new RegExp(`skipped ${ref}: is 50 MB, over the 1 MB limit for a record, so it was not read; remove it with "git update-ref -d ${ref}"`));
    assert.doesNotMatch(run.stderr, /ERR_STRING_TOO_LONG|\n\s+at /);
    assert.ok(run.rssMb - baseline.rssMb < 20, `review list peaked at ${run.rssMb.toFixed(0)} MB, ${baseline.rssMb.toFixed(0)} MB without the 50 MB record`);

    // The fix it names works.
    max.git(['update-ref', '-d', ref]);
    const clean = runCli(['review', 'list', '--repo', max.dir]);
    assert.equal(clean.stderr, '');
  });
});

import { strict as assert } from 'node:assert';
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { ReviewListSchema, SubmissionEntrySchema } from '../../../src/core/review/schema';
import { SyncReportSchema } from '../../../src/core/review/sync';
import { parseCommentFlag } from '../../../src/cli/review';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/gitRepo';
import { learnerId, lines, mentorA, mentorB, recordRef, startExercise, Team } from './team';

const ENTRY_KEYS = ['id', 'exercise', 'learner', 'round', 'submittedAt', 'base', 'head', 'status', 'reviews', 'firstReviewAt', 'turnaroundHours', 'overdue'];

describe('practicum submit / review / sync (CLI)', () => {
  let team: Team;
  beforeEach(() => (team = new Team()));
  afterEach(() => team.dispose());

  it('runs the flow with the documented JSON shapes and exit codes', () => {
    const lea = team.person(learnerId);
    const mo = team.person(mentorA);
    startExercise(lea, 'prompt-basics', { 'src/prompt.ts': lines('p', 10) });
    const checks = path.join(lea.dir, '.git', 'checks.json');
    writeFileSync(checks, JSON.stringify([{ id: 'tests', kind: 'command', title: 'Tests pass', status: 'pass', message: 'ok' }, { id: 'reflect', kind: 'manual', title: 'Wrote notes', status: 'pass', selfAttested: true, message: 'attested' }]));

    const s = runCli(['submit', '--repo', lea.dir, '--exercise', 'prompt-basics', '--message', 'ready', '--checks', checks, '--json']);
    assert.equal(s.code, 0, s.stderr);
    const submitted = SubmissionEntrySchema.parse(s.json());
    assert.deepEqual(Object.keys(s.json()), ENTRY_KEYS);
    assert.deepEqual([submitted.learner, submitted.round, submitted.status, submitted.reviews, submitted.turnaroundHours], [learnerId.email, 1, 'pending', [], null]);

    const pushed = runCli(['sync', '--repo', lea.dir, '--json']);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.deepEqual(SyncReportSchema.parse(pushed.json()).pushed, [{ ref: recordRef(lea, submitted.id), kind: 'submission' }]);
    assert.equal(runCli(['sync', '--repo', mo.dir]).stdout, 'origin: fetched 1, pushed 0, not yet pushed 0\n');

    const add = runCli(['review', 'add', '--repo', mo.dir, '--submission', submitted.id, '--verdict', 'changes', '--body', 'Close, see line 2.', '--comment', 'src/prompt.ts:2:Why: not a constant?', '--comment', 'src/prompt.ts:9:ok', '--json']);
    assert.equal(add.code, 0, add.stderr);
    assert.equal(add.json().status, 'changes-requested');

    const listed = runCli(['review', 'list', '--repo', mo.dir, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const out = ReviewListSchema.parse(listed.json());
    assert.deepEqual(Object.keys(listed.json()), ['schema', 'submissions']);
    const entry = out.submissions[0]!;
    assert.deepEqual(Object.keys(listed.json().submissions[0]), ENTRY_KEYS);
    assert.deepEqual(Object.keys(listed.json().submissions[0].reviews[0]), ['reviewer', 'at', 'verdict', 'body', 'comments']);
    assert.deepEqual(entry.reviews[0]!.comments, [
      { file: 'src/prompt.ts', line: 2, body: 'Why: not a constant?' },
      { file: 'src/prompt.ts', line: 9, body: 'ok' },
    ]);
    assert.equal(entry.reviews[0]!.reviewer, mentorA.email);
    assert.ok(entry.turnaroundHours !== null && entry.turnaroundHours >= 0 && entry.firstReviewAt !== null);
    assert.equal(entry.overdue, false);

    const pending = runCli(['review', 'list', '--repo', mo.dir, '--status', 'pending', '--json']).json();
    assert.deepEqual(pending.submissions, []);
    const later = runCli(['review', 'list', '--repo', lea.dir, '--as-of', '2030-01-01T00:00:00Z', '--json']).json();
    assert.equal(later.submissions[0].overdue, true, 'unsynced learner clone still sees its pending submission as overdue later');
    assert.match(runCli(['review', 'list', '--repo', mo.dir]).stdout, /prompt-basics round 1 {2}lea@corp\.example {2}changes-requested, 1 review/);
  });

  it('--mentor filters to learners assigned in the cohort files, tolerating broken ones', () => {
    const lea = team.person(learnerId);
    startExercise(lea, 'rag', { 'rag.py': 'x\n' });
    assert.equal(runCli(['submit', '--repo', lea.dir, '--exercise', 'rag']).code, 0);
    mkdirSync(path.join(lea.dir, '.practicum/cohorts'), { recursive: true });
    const members = [{ email: 'LEA@corp.example', aliases: ['lea@home.example'], mentor: 'Mo@Corp.example' }, { name: 'no email' }];
    writeFileSync(path.join(lea.dir, '.practicum/cohorts/q1.json'), JSON.stringify({ name: 'q1', start: '2026-01-05', end: '2026-02-27', members }));
    writeFileSync(path.join(lea.dir, '.practicum/cohorts/broken.json'), '{ nope');
    const mine = runCli(['review', 'list', '--repo', lea.dir, '--mentor', mentorA.email, '--json']);
    assert.equal(mine.code, 0);
    assert.equal(mine.json().submissions.length, 1);
    assert.match(mine.stderr, /broken\.json: not readable JSON/);
    assert.match(mine.stderr, /members\[1\]\.email .*left out/);
    const theirs = runCli(['review', 'list', '--repo', lea.dir, '--mentor', mentorB.email, '--json']);
    assert.deepEqual(theirs.json().submissions, []);
    assert.match(theirs.stderr, /no learners name max@corp\.example as mentor/);
  });

  it('exit codes: usage 2, missing remote 2, unreachable remote 1, malformed records only warn', () => {
    const lea = team.person(learnerId);
    assert.equal(runCli(['submit', '--repo', lea.dir]).code, 2);
    assert.match(runCli(['submit', '--repo', lea.dir, '--exercise', 'nothing']).stderr, /There is no branch practicum\/nothing/);
    assert.equal(runCli(['review', 'add', '--repo', lea.dir, '--submission', 'x', '--verdict', 'maybe', '--body', 'b']).code, 2);
    assert.equal(runCli(['review', 'list', '--repo', lea.dir, '--status', 'done']).code, 2);
    const notRepo = tempDir();
    try {
      const r = runCli(['review', 'list', '--repo', notRepo.dir]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /not inside a git repository/);
    } finally {
      notRepo.dispose();
    }
    const missing = runCli(['sync', '--repo', lea.dir, '--remote', 'upstream']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no git remote "upstream"/);
    lea.git(['remote', 'set-url', 'origin', path.join(team.origin.dir, 'gone')]);
    const unreachable = runCli(['sync', '--repo', lea.dir]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /Could not fetch from remote "origin"/);

    lea.git(['update-ref', 'refs/practicum/submissions/junk', 'HEAD']);
    const listed = runCli(['review', 'list', '--repo', lea.dir, '--json']);
    assert.equal(listed.code, 0);
    assert.deepEqual(listed.json(), { schema: 'practicum.reviews/v1', submissions: [] });
    assert.match(listed.stderr, /skipped refs\/practicum\/submissions\/junk: points at a commit/);
  });

  it('submit without --exercise takes the checked-out exercise branch and warns about uncommitted work', () => {
    const lea = team.person(learnerId);
    startExercise(lea, 'agents-101', { 'agent.ts': 'a\n' });
    lea.write('agent.ts', 'changed but not committed\n');
    const r = runCli(['submit', '--json'], { cwd: lea.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json().exercise, 'agents-101');
    assert.match(r.stderr, /1 file\(s\) have uncommitted changes; only committed work is submitted/);
    lea.git(['checkout', '-q', '--', 'agent.ts']);
    lea.checkout('main');
    const none = runCli(['submit'], { cwd: lea.dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /current branch is not an exercise branch/);
  });

  it('parses --comment FILE:LINE:TEXT', () => {
    assert.deepEqual(parseCommentFlag('a/b.ts:12:text: with colons'), { file: 'a/b.ts', line: 12, body: 'text: with colons' });
    assert.throws(() => parseCommentFlag('a/b.ts:text'), /FILE:LINE:TEXT/);
  });
});

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ReviewListSchema } from '../../../src/core/review/schema';
import { runCli, type CliRun } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { deleteObject, gitChecksOwnership, stopMergeOnConflict, stopRebaseOnConflict } from '../helpers/repoStates';

/**
 * `practicum submit` and `practicum review list` on repositories in odd states: the user gets one
 * line naming the problem and the fix (exit 2), never a wrong message, a stale submission or a
 * stack trace.
 */
describe('submit and review list on repositories in odd states', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.commit({ message: 'start', files: { 'a.txt': 'a\n' } });
    repo.checkout('practicum/rag-prototype', true);
    repo.commit({ message: 'exercise work', files: { 'rag.py': 'import openai\n' }, date: '2026-01-11T10:00:00Z' });
  });
  afterEach(() => repo.dispose());

  const submissions = (dir: string) => ReviewListSchema.parse(runCli(['review', 'list', '--repo', dir, '--json']).json()).submissions;
  function oneLineFailure(r: CliRun, expected: RegExp): void {
    assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, expected);
    assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /);
  }

  it('mid-rebase: refuses to submit the branch as it was, with or without --exercise, naming the fix', () => {
    stopRebaseOnConflict(repo, 'practicum/rag-prototype');
    const expected = /a rebase of practicum\/rag-prototype is in progress in .*; finish it with "git rebase --continue" or undo it with "git rebase --abort", then submit\./;
    oneLineFailure(runCli(['submit', '--repo', repo.dir, '--exercise', 'rag-prototype']), expected);
    oneLineFailure(runCli(['submit', '--repo', repo.dir]), expected);
    assert.deepEqual(submissions(repo.dir), [], 'nothing recorded');
  });

  it('mid-merge with conflicts: refuses to submit, naming the fix', () => {
    stopMergeOnConflict(repo, 'practicum/rag-prototype');
    oneLineFailure(runCli(['submit', '--repo', repo.dir]), /a merge is in progress .*git merge --abort", then submit\./);
    assert.deepEqual(submissions(repo.dir), []);
  });

  it('from a linked worktree, and listed from a bare mirror', () => {
    const tmp = tempDir('practicum-odd-review-');
    try {
      repo.checkout('main');
      const wt = path.join(tmp.dir, 'wt');
      repo.git(['worktree', 'add', '-q', wt, 'practicum/rag-prototype']);
      const s = runCli(['submit', '--repo', wt]);
      assert.equal(s.code, 0, s.stderr);
      const mirror = path.join(tmp.dir, 'mirror.git');
      repo.git(['clone', '-q', '--mirror', repo.dir, mirror]);
      const listed = runCli(['review', 'list', '--repo', mirror, '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(ReviewListSchema.parse(listed.json()).submissions.map((e) => e.exercise), ['rag-prototype']);
    } finally {
      tmp.dispose();
    }
  });

  it("the exercise branch's commit missing: the repository is damaged, not \"there is no branch\"", () => {
    deleteObject(repo, 'practicum/rag-prototype');
    oneLineFailure(runCli(['submit', '--repo', repo.dir, '--exercise', 'rag-prototype']), /the repository at .* is damaged \(git: practicum\/rag-prototype names [0-9a-f]{40}, which cannot be read as a commit\)\. Run "git fsck --full"/);
  });

  it('a file of the submitted work missing from the repository: exit 2 at submit, not a broken diff for the mentor later', () => {
    deleteObject(repo, 'practicum/rag-prototype:rag.py');
    oneLineFailure(runCli(['submit', '--repo', repo.dir]), /the repository at .* is damaged \(git: fatal: missing blob object '[0-9a-f]{40}'\)\. Run "git fsck --full"/);
    assert.deepEqual(submissions(repo.dir), [], 'nothing recorded');
  });

  it('a submission record whose object is missing: that record is reported and skipped, the others still list', () => {
    assert.equal(runCli(['submit', '--repo', repo.dir]).code, 0);
    repo.checkout('practicum/guardrails', true);
    repo.commit({ message: 'guardrails work', files: { 'guard.py': 'x = 1\n' }, date: '2026-01-12T10:00:00Z' });
    assert.equal(runCli(['submit', '--repo', repo.dir]).code, 0);
    const [lost, tag] = repo.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/practicum/submissions/']).trim().split('\n')[0]!.split(' ');
    deleteObject(repo, tag!);
    const r = runCli(['review', 'list', '--repo', repo.dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const listed = ReviewListSchema.parse(r.json()).submissions.map((e) => e.exercise);
    assert.equal(listed.length, 1, 'the readable submission is listed');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.includes(`skipped ${lost}: its object ${tag!.slice(0, 8)} is missing from this repository; delete the ref ("git update-ref -d ${lost}")`), r.stderr);
    assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /);
  });

  it('a repository git refuses as owned by another user: exit 2 naming safe.directory', function () {
    if (!gitChecksOwnership(repo)) this.skip();
    const env = { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' };
    for (const args of [['submit'], ['review', 'list']]) {
      oneLineFailure(runCli([...args, '--repo', repo.dir], { env }), /git refuses to read .*git config --global --add safe\.directory /);
    }
  });
});

import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ScanResultSchema } from '../../../src/core/git/scanSchema';
import { StatsResultSchema } from '../../../src/core/metrics/statsSchema';
import { runCli, type CliRun } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { deleteObject, gitChecksOwnership, stopMergeOnConflict, stopRebaseOnConflict } from '../helpers/repoStates';

const claude = '\n\nCo-authored-by: Claude <noreply@anthropic.com>\n';
const ana = { name: 'Ana', email: 'ana@corp.example' };

/**
 * `practicum scan` and `practicum stats`, end to end, on repositories in the states people leave
 * them in. Either the numbers are right, or the user gets one line naming the problem and the fix
 * (exit 2), never a stack trace and never quietly wrong numbers.
 */
describe('scan and stats on repositories in odd states', function () {
  this.timeout(60_000);
  let tmp: { dir: string; dispose(): void };
  let cohortFile: string;
  const env = () => ({ PRACTICUM_CACHE_DIR: path.join(tmp.dir, 'cache') });
  const scanJson = (dir: string, extra: Record<string, string> = {}) => runCli(['scan', '--repo', dir, '--json', '--no-cache'], { env: { ...env(), ...extra } });
  const stats = (dir: string, extra: Record<string, string> = {}) =>
    runCli(['stats', '--cohort', cohortFile, '--repo', dir, '--as-of', '2026-03-01', '--json'], { env: { ...env(), ...extra } });

  /** Two commits by Ana, the second AI-assisted; an exercise branch with one more. */
  function history(): TempRepo {
    const repo = new TempRepo();
    repo.commit({ message: 'start', files: { 'a.txt': 'a\n' }, author: ana, date: '2026-01-05T10:00:00Z' });
    repo.commit({ message: 'with Claude' + claude, files: { 'b.txt': 'b\n' }, author: ana, date: '2026-01-10T10:00:00Z' });
    repo.checkout('practicum/rag-prototype', true);
    repo.commit({ message: 'exercise work' + claude, files: { 'c.txt': 'c\n' }, author: ana, date: '2026-01-11T10:00:00Z' });
    return repo;
  }

  /** Exit 2, exactly one line on stderr matching `expected`, nothing on stdout, no stack. */
  function oneLineFailure(r: CliRun, expected: RegExp): void {
    assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, expected);
    assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /);
  }

  before(() => {
    tmp = tempDir('practicum-odd-');
    cohortFile = path.join(tmp.dir, 'cohort.json');
    writeFileSync(cohortFile, JSON.stringify({ name: 'pilot', start: '2026-01-01', end: '2026-01-08', members: [{ email: ana.email, name: 'Ana' }] }));
  });
  after(() => tmp.dispose());

  it('an empty repository has head null (there is no commit to name)', () => {
    const repo = new TempRepo();
    try {
      const r = scanJson(repo.dir);
      assert.equal(r.code, 0, r.stderr);
      const result = ScanResultSchema.parse(r.json());
      assert.equal(result.head, null);
      assert.equal(result.totalCommits, 0);
    } finally {
      repo.dispose();
    }
  });

  it('mid-rebase: the scan covers HEAD and says a rebase of the branch is in progress, with the fix', () => {
    const repo = history();
    try {
      stopRebaseOnConflict(repo, 'practicum/rag-prototype');
      const r = scanJson(repo.dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(ScanResultSchema.parse(r.json()).head, repo.head());
      assert.match(r.stderr, /a rebase of practicum\/rag-prototype is in progress.*git rebase --continue.*git rebase --abort/);
      const s = stats(repo.dir);
      assert.equal(s.code, 0, s.stderr);
      assert.match(s.stderr, /a rebase of practicum\/rag-prototype is in progress/);
    } finally {
      repo.dispose();
    }
  });

  it('mid-merge with conflicts: the scan covers HEAD and says a merge is in progress, with the fix', () => {
    const repo = history();
    try {
      stopMergeOnConflict(repo, 'practicum/rag-prototype');
      const r = scanJson(repo.dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(ScanResultSchema.parse(r.json()).totalCommits, 4);
      assert.match(r.stderr, /a merge is in progress.*git merge --abort/);
    } finally {
      repo.dispose();
    }
  });

  it('a linked worktree, a submodule and a bare repository scan their own history', () => {
    const repo = history();
    const wt = path.join(tmp.dir, 'linked');
    const bare = path.join(tmp.dir, 'mirror.git');
    const superRepo = new TempRepo();
    try {
      repo.checkout('main');
      repo.git(['worktree', 'add', '-q', wt, 'practicum/rag-prototype']);
      const linked = ScanResultSchema.parse(scanJson(wt).json());
      assert.equal(linked.head, repo.git(['rev-parse', 'practicum/rag-prototype']));
      assert.equal(linked.totalCommits, 3);
      assert.equal(linked.aiCommits.length, 2);

      repo.git(['clone', '-q', '--bare', repo.dir, bare]);
      const mirror = scanJson(bare);
      assert.equal(mirror.code, 0, mirror.stderr);
      assert.equal(ScanResultSchema.parse(mirror.json()).totalCommits, 2, 'HEAD of the mirror is main');
      const s = stats(bare);
      assert.equal(s.code, 0, s.stderr);
      assert.equal(StatsResultSchema.parse(s.json()).members[0]?.firstAiCommitAt, '2026-01-10T10:00:00.000Z');

      superRepo.commit({ message: 'super', files: { 's.txt': 's\n' } });
      superRepo.git(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', repo.dir, 'sub']);
      superRepo.commit({ message: 'add sub' });
      const sub = ScanResultSchema.parse(scanJson(path.join(superRepo.dir, 'sub')).json());
      assert.equal(sub.totalCommits, 2, "the submodule's own history (its main)");
      assert.equal(sub.aiCommits.length, 1);
      assert.equal(ScanResultSchema.parse(scanJson(superRepo.dir).json()).totalCommits, 2, "the superproject's history");
    } finally {
      repo.dispose();
      superRepo.dispose();
    }
  });

  it('a missing blob or parent commit: exit 2, the repository is damaged, run git fsck', () => {
    for (const rev of ['HEAD~1:b.txt', 'HEAD~1']) {
      const repo = history();
      try {
        deleteObject(repo, rev);
        oneLineFailure(scanJson(repo.dir), /practicum scan: the repository at .* is damaged \(git: .*\)\. Run "git fsck --full"/);
        oneLineFailure(stats(repo.dir), /practicum stats: the repository at .* is damaged .*git fsck --full/);
      } finally {
        repo.dispose();
      }
    }
  });

  it('a missing HEAD commit is damage, never an empty repository', () => {
    const repo = history();
    try {
      const head = deleteObject(repo, 'HEAD');
      oneLineFailure(scanJson(repo.dir), new RegExp(`is damaged \\(git: HEAD names ${head}, which cannot be read\\).*git fsck --full`));
      oneLineFailure(stats(repo.dir), /is damaged/);
    } finally {
      repo.dispose();
    }
  });

  it("a branch ref file that names no commit is damage, never an empty repository", () => {
    const repo = history();
    try {
      writeFileSync(path.join(repo.dir, '.git', 'refs', 'heads', 'practicum', 'rag-prototype'), 'garbage\n');
      oneLineFailure(scanJson(repo.dir), /is damaged \(git: refs\/heads\/practicum\/rag-prototype is broken: it holds "garbage", not a commit id\)/);
    } finally {
      repo.dispose();
    }
  });

  it('an orphan branch checked out: no commits on it, and a warning that other branches have history', () => {
    const repo = history();
    try {
      repo.git(['checkout', '-q', '--orphan', 'fresh']);
      const r = scanJson(repo.dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(ScanResultSchema.parse(r.json()).totalCommits, 0);
      assert.match(r.stderr, /the checked-out branch has no commits yet, but other branches \(such as main\) do; check out the branch/);
    } finally {
      repo.dispose();
    }
  });

  it('a repository git refuses as owned by another user: exit 2 naming safe.directory', function () {
    const repo = history();
    try {
      if (!gitChecksOwnership(repo)) this.skip();
      const owner = { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' };
      oneLineFailure(scanJson(repo.dir, owner), /git refuses to read .*another user.*git config --global --add safe\.directory /);
      oneLineFailure(stats(repo.dir, owner), /safe\.directory/);
    } finally {
      repo.dispose();
    }
  });
});

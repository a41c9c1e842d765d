import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { isTrackedDocument, readHeadBranch } from '../../../src/core/tracking/attribution';
import { TempRepo } from '../helpers/gitRepo';

describe('tracking/attribution', () => {
  it('reads the checked-out branch from a real repository, a subfolder, a worktree and a detached HEAD', async () => {
    const repo = new TempRepo();
    try {
      repo.commit({ message: 'init', files: { 'src/a.ts': 'x' } });
      assert.equal(await readHeadBranch(repo.dir), 'main');
      repo.checkout('practicum/eval-harness', true);
      assert.equal(await readHeadBranch(path.join(repo.dir, 'src')), 'practicum/eval-harness');
      const wt = path.join(repo.dir, '..', path.basename(repo.dir) + '-wt');
      repo.git(['worktree', 'add', '-q', '-b', 'practicum/rag-prototype', wt]);
      assert.equal(await readHeadBranch(wt), 'practicum/rag-prototype');
      repo.git(['worktree', 'remove', '--force', wt]);
      repo.git(['checkout', '-q', '--detach']);
      assert.equal(await readHeadBranch(repo.dir), null);
    } finally {
      repo.dispose();
    }
  });

  it('tracks untitled buffers and workspace files, but not .git, output channels or outside files', () => {
    const folders = [{ scheme: 'file', path: '/home/a/repo' }];
    const ok = (scheme: string, p: string) => isTrackedDocument({ scheme, path: p }, folders);
    assert.ok(ok('file', '/home/a/repo/src/a.ts'));
    assert.ok(ok('untitled', 'Untitled-1'));
    assert.ok(ok('vscode-notebook-cell', '/home/a/repo/nb.ipynb'));
    assert.ok(!ok('file', '/home/a/repo/.git/COMMIT_EDITMSG'));
    assert.ok(!ok('output', 'extension-output-practicum-#1'));
    assert.ok(!ok('git', '/home/a/repo/src/a.ts'));
    assert.ok(!ok('file', '/home/a/repo-other/a.ts'));
    assert.ok(!ok('file', '/etc/hosts'));
    assert.ok(isTrackedDocument({ scheme: 'file', path: '/C:/Repo/A.ts' }, [{ scheme: 'file', path: '/c:/repo' }], true));
  });
});

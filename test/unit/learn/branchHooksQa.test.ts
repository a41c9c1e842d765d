import { strict as assert } from 'node:assert';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { currentBranch, startExerciseBranch, switchToBranch, uncommittedChanges } from '../../../src/core/learn/branch';
import { TempRepo } from '../helpers/gitRepo';
import { makeDirty, popAndExpectDirty } from './stashFixture';

/**
 * A post-checkout hook that exits non-zero (git-lfs's hook does when git-lfs is missing) makes
 * `git checkout` fail after it has switched. The stashed changes must then stay in the stash, not be
 * popped onto the branch the learner did not take them to (where they conflict).
 */
describe('exercise branches with a failing post-checkout hook', function () {
  if (process.platform === 'win32') return;
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.commit({ message: 'init', files: { 'a.txt': 'main\n' } });
    repo.checkout('practicum/x', true);
    repo.commit({ message: 'on exercise', files: { 'a.txt': 'exercise\n' } });
    repo.checkout('main');
    repo.write('.git/hooks/post-checkout', '#!/bin/sh\necho "git-lfs was not found on your path" >&2\nexit 2\n');
    chmodSync(path.join(repo.dir, '.git/hooks/post-checkout'), 0o755);
  });
  afterEach(() => repo.dispose());

  it('switching with stash keeps the changes stashed and the tree free of conflicts', async () => {
    makeDirty(repo);
    await switchToBranch(repo.dir, 'practicum/x', 'stash').catch(() => undefined);
    const branch = await currentBranch(repo.dir);
    if (branch === 'practicum/x') {
      assert.equal(readFileSync(path.join(repo.dir, 'a.txt'), 'utf8'), 'exercise\n', 'no conflict markers on the exercise branch');
      assert.deepEqual(await uncommittedChanges(repo.dir), []);
      rmSync(path.join(repo.dir, '.git/hooks/post-checkout'));
      repo.checkout('main');
    }
    popAndExpectDirty(repo);
  });

  it('starting with stash creates the branch and reports the stash', async () => {
    repo.write('a.txt', 'my edit\n');
    const r = await startExerciseBranch(repo.dir, 'rag-prototype', 'stash');
    assert.equal(await currentBranch(repo.dir), 'practicum/rag-prototype');
    assert.match(r.stashed ?? '', /before starting rag-prototype/);
    assert.deepEqual(await uncommittedChanges(repo.dir), []);
    rmSync(path.join(repo.dir, '.git/hooks/post-checkout'));
    repo.checkout('main');
    repo.git(['stash', 'pop']);
    assert.equal(readFileSync(path.join(repo.dir, 'a.txt'), 'utf8'), 'my edit\n');
  });
});

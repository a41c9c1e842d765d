import { strict as assert } from 'node:assert';
import { isPracticumError } from '../../../src/core/errors';
import { currentBranch, startExerciseBranch } from '../../../src/core/learn/branch';
import { readHeadBranch } from '../../../src/core/tracking/attribution';
import { TempRepo } from '../helpers/gitRepo';
import { deleteObject, stopMergeOnConflict, stopRebaseOnConflict } from '../helpers/repoStates';

/**
 * Starting an exercise, and crediting editor time to one, in repositories left half-way through
 * an operation or missing an object.
 */
describe('exercise start and time attribution in odd repository states', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.commit({ message: 'start', files: { 'a.txt': 'a\n' } });
    repo.checkout('practicum/rag-prototype', true);
    repo.commit({ message: 'exercise work', files: { 'rag.py': 'import openai\n' } });
  });
  afterEach(() => repo.dispose());

  const environmentError = (expected: RegExp) => (e: unknown) => {
    assert.ok(isPracticumError(e) && e.reason === 'environment', String(e));
    assert.match(e.message, expected);
    return true;
  };

  it('mid-merge: starting refuses and names the fix; nothing changes', async () => {
    stopMergeOnConflict(repo, 'practicum/rag-prototype');
    await assert.rejects(startExerciseBranch(repo.dir, 'eval-harness', 'stash'), environmentError(/a merge is in progress .*git merge --abort", then start the exercise\./));
    assert.equal(await currentBranch(repo.dir), 'practicum/rag-prototype');
    assert.equal(repo.git(['stash', 'list']), '', 'nothing stashed');
  });

  it('mid-rebase: starting refuses and names the fix', async () => {
    stopRebaseOnConflict(repo, 'practicum/rag-prototype');
    await assert.rejects(startExerciseBranch(repo.dir, 'eval-harness', 'carry'), environmentError(/a rebase of practicum\/rag-prototype is in progress .*git rebase --continue/));
    assert.equal(repo.git(['branch', '--list', 'practicum/eval-harness']), '');
  });

  it("HEAD's commit missing: the repository is damaged, not \"no commits yet\"", async () => {
    deleteObject(repo, 'HEAD');
    await assert.rejects(startExerciseBranch(repo.dir, 'eval-harness', 'carry'), environmentError(/is damaged \(git: HEAD names [0-9a-f]{40}, which cannot be read\).*git fsck --full/));
  });

  it('editor time during a stopped rebase goes to the branch being rebased', async () => {
    stopRebaseOnConflict(repo, 'practicum/rag-prototype');
    assert.equal(await currentBranch(repo.dir), null, 'HEAD is detached while the rebase stops');
    assert.equal(await readHeadBranch(repo.dir), 'practicum/rag-prototype');
  });
});

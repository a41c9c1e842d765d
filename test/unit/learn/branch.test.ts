import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { currentBranch, exerciseBranch, exerciseIdOfBranch, repositoryRoot, switchToBranch, uncommittedChanges } from '../../../src/core/learn/branch';
import { currentExercise } from '../../../src/core/review/submit';
import { readHeadBranch } from '../../../src/core/tracking/attribution';
import { TempRepo } from '../helpers/gitRepo';
import { makeDirty, popAndExpectDirty } from './stashFixture';

describe('exercise branches', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.commit({ message: 'init', files: { 'a.txt': 'main\n' } });
    repo.checkout('practicum/x', true);
    repo.commit({ message: 'on exercise', files: { 'a.txt': 'exercise\n' } });
    repo.checkout('main');
  });
  afterEach(() => repo.dispose());

  it('knows the exercise of a branch name', () => {
    assert.equal(exerciseIdOfBranch('practicum/rag-prototype'), 'rag-prototype');
    assert.equal(exerciseIdOfBranch('practicum/Bad_Id'), undefined);
    assert.equal(exerciseIdOfBranch('feature/x'), undefined);
    assert.equal(exerciseIdOfBranch('practicum/'), undefined);
    assert.equal(exerciseIdOfBranch(null), undefined);
    assert.equal(exerciseIdOfBranch(exerciseBranch('rag-prototype')), 'rag-prototype');
  });

  it('learn, review and time tracking agree on which checked-out branch is which exercise', async () => {
    // Names the three readers used to disagree on: review took any [a-z0-9-] run as an id.
    const cases: Array<[string, string | undefined]> = [
      ['practicum/rag-prototype', 'rag-prototype'],
      ['practicum/a--b', undefined],
      ['practicum/trailing-', undefined],
      ['practicum/RagDemo', undefined],
      ['practicum/rag/v2', undefined],
      ['main', undefined],
    ];
    for (const [branch, id] of cases) {
      repo.git(['checkout', '-q', '-B', branch]);
      const learn = exerciseIdOfBranch(await currentBranch(repo.dir));
      const review = await currentExercise(repo.dir);
      const tracking = exerciseIdOfBranch(await readHeadBranch(repo.dir));
      assert.deepEqual([learn, review, tracking], [id, id, id], branch);
    }
  });

  it('finds the repository root from a subfolder', async () => {
    repo.write('deep/er/file.txt', 'x');
    assert.equal(await repositoryRoot(path.join(repo.dir, 'deep', 'er')), await repositoryRoot(repo.dir));
    assert.equal(await repositoryRoot(path.dirname(repo.dir)), undefined);
  });

  it('switches with stashed changes and keeps them in a named stash', async () => {
    makeDirty(repo);
    const r = await switchToBranch(repo.dir, 'practicum/x', 'stash');
    assert.match(r.stashed ?? '', /before switching to practicum\/x/);
    assert.equal(await currentBranch(repo.dir), 'practicum/x');
    assert.deepEqual(await uncommittedChanges(repo.dir), []);
    repo.checkout('main');
    popAndExpectDirty(repo);
  });

  it('refuses to carry changes git would overwrite, and changes nothing', async () => {
    repo.write('a.txt', 'my edit\n');
    await assert.rejects(switchToBranch(repo.dir, 'practicum/x', 'carry'), /Could not switch to practicum\/x.*Commit or stash/s);
    assert.equal(await currentBranch(repo.dir), 'main');
    assert.equal(readFileSync(path.join(repo.dir, 'a.txt'), 'utf8'), 'my edit\n');
  });
});

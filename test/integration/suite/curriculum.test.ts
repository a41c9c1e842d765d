import * as assert from 'node:assert/strict';
import { exerciseSession, learnerGit } from '../exerciseSession';

/** A new exercise of the second edition, started from the Learn flow and judged by its probes in the editor. */
const exerciseId = 'permission-aware-indexing';

describe('curriculum: a new exercise judged by its probes in the editor', function () {
  this.timeout(300_000);
  const session = exerciseSession(exerciseId, (repo) => learnerGit(repo, ['clean', '-q', '-fdx', '--', '.index', 'acl_index', 'config', 'docs/ai', 'tests']));

  it('starts the exercise, then passes its probe and document checks on the reference solution with figures', async () => {
    await session.start();
    await session.commitSolution('Permissions travel with the handbook pages into the index');
    const byId = await session.runChecks();
    for (const id of ['permissions-follow-source', 'acl-change-without-reembedding', 'propagation-doc']) {
      assert.equal(byId.get(id)?.status, 'pass', `${id}: ${byId.get(id)?.message}\n${byId.get(id)?.output ?? ''}`);
    }
    assert.match(byId.get('permissions-follow-source')?.message ?? '', /accuracy 1\.00/);
    assert.match(byId.get('acl-change-without-reembedding')?.message ?? '', /upstream calls \d+ ≤ 8/);
  });
});

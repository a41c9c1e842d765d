import { strict as assert } from 'node:assert';
import type { CatalogExercise } from '../../../src/core/catalog/catalog';
import { ExerciseSchema } from '../../../src/core/catalog/schema';
import { branchAiCommits } from '../../../src/core/checks/aiCommits';
import { ManualClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import { ExerciseRunner } from '../../../src/core/learn/exerciseRunner';
import { ProgressStore } from '../../../src/core/learn/progressStore';
import { TempRepo, tempDir } from '../helpers/gitRepo';

/**
 * A command check runs in the working tree. Run for a submission (`committed` scope, "the branch as
 * a reviewer sees it"), it must not pass on work that is not committed.
 */
describe('command checks in committed scope', () => {
  let repo: TempRepo;
  let storage: { dir: string; dispose(): void };
  const e = ExerciseSchema.parse({
    id: 'rag-prototype', title: 'RAG', summary: 's', order: 0, estimateMinutes: 60, steps: ['s'], acceptance: ['a'], hints: [], inputs: [],
    checks: [{ id: 'done', title: 'Done file exists', kind: 'command', command: 'test -f done.txt' }],
  });
  const source = { dir: '/catalog', origin: 'bundled' as const };
  const exercise: CatalogExercise = { ...e, trackId: 't', moduleId: 'm', location: { source, dir: '/catalog/x', file: '/catalog/x/exercise.json' }, briefFile: '/catalog/x/brief.md', starterFiles: [] };

  beforeEach(() => {
    repo = new TempRepo();
    repo.commit({ message: 'init', files: { 'README.md': '# r\n' } });
    storage = tempDir('practicum-storage-');
  });
  afterEach(() => {
    repo.dispose();
    storage.dispose();
  });

  it('does not pass a submission on an uncommitted file, and passes once it is committed', async () => {
    const runner = new ExerciseRunner(repo.dir, { store: new ProgressStore(storage.dir, repo.dir, silentLogger), clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')), events: { emit: () => undefined }, classifyAiCommits: branchAiCommits, logger: silentLogger });
    await runner.start(exercise, 'carry');
    repo.write('done.txt', 'x\n');
    const working = await runner.runChecks(exercise, { scope: 'working' });
    assert.equal(working[0]?.status, 'pass', 'feedback while working includes uncommitted work');
    const committed = await runner.runChecks(exercise, { scope: 'committed' });
    assert.notEqual(committed[0]?.status, 'pass', committed[0]?.message);
    assert.match(committed[0]?.message ?? '', /[Cc]ommit/);
    repo.git(['add', 'done.txt']);
    repo.git(['commit', '-q', '-m', 'done']);
    const after = await runner.runChecks(exercise, { scope: 'committed' });
    assert.equal(after[0]?.status, 'pass', after[0]?.message);
  });
});

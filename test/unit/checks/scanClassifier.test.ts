import { strict as assert } from 'node:assert';
import { scanClassifier } from '../../../src/core/checks/scanClassifier';
import { TempRepo, tempDir } from '../helpers/gitRepo';

describe('aiCommit checks through the repository scanner', () => {
  let repo: TempRepo;
  let cache: { dir: string; dispose(): void };
  let base: string;
  beforeEach(() => {
    repo = new TempRepo();
    cache = tempDir('practicum-scan-cache-');
    repo.commit({ message: 'old AI work\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', files: { 'a.txt': '1' } });
    base = repo.commit({ message: 'base', files: { 'b.txt': '1' } });
    repo.checkout('practicum/x', true);
  });
  afterEach(() => {
    repo.dispose();
    cache.dispose();
  });

  it('finds AI commits on the branch only, not before its base', async () => {
    const classify = scanClassifier({ cacheDir: cache.dir, teamRules: () => true });
    assert.deepEqual(await classify(repo.dir, { base, head: 'HEAD' }), []);
    const assisted = repo.commit({ message: 'tests\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', files: { 'c.txt': '1' } });
    const building = repo.commit({ message: 'rag', files: { 'src/rag.py': 'from openai import OpenAI\nclient = OpenAI()\n' } });
    const found = await classify(repo.dir, { base, head: 'HEAD' });
    assert.deepEqual(found.map((c) => [c.hash, c.assisted, c.building]).sort(), [[assisted, true, false], [building, false, true]].sort());
  });

  it('answers from memory until the head moves', async () => {
    const classify = scanClassifier({ cacheDir: cache.dir, teamRules: () => true });
    repo.commit({ message: 'x\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' });
    const first = classify(repo.dir, { base, head: 'HEAD' });
    assert.equal(await classify(repo.dir, { base, head: 'HEAD' }), await first);
    repo.commit({ message: 'y' });
    assert.notEqual(await classify(repo.dir, { base, head: 'HEAD' }), await first);
  });

  it('falls back to reading the branch when it is not checked out', async () => {
    repo.commit({ message: 'x\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' });
    repo.checkout('main');
    const found = await scanClassifier({ cacheDir: cache.dir, teamRules: () => true })(repo.dir, { base, head: 'refs/heads/practicum/x' });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.assisted, true);
  });
});

import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cacheFileFor } from '../../../src/core/git/scanCache';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { aiCommit, recordingLogger, scan } from './scanHelpers';

const claude = (subject: string) => `${subject}\n\nCo-authored-by: Claude <noreply@anthropic.com>\n`;

describe('scan cache', () => {
  let repo: TempRepo;
  let cache: { dir: string; dispose(): void };
  beforeEach(() => {
    repo = new TempRepo();
    cache = tempDir('practicum-cache-');
    repo.commit({ message: 'one', files: { 'a.txt': '1' } });
    repo.commit({ message: claude('two'), files: { 'a.txt': '2' } });
  });
  afterEach(() => {
    repo.dispose();
    cache.dispose();
  });

  it('a rescan reads only the commits added since the last one', async () => {
    const first = await scan(repo, { cacheDir: cache.dir });
    assert.equal(first.cache, 'cold');
    assert.equal(first.readCommits, 2);
    const again = await scan(repo, { cacheDir: cache.dir });
    assert.equal(again.cache, 'current');
    assert.equal(again.readCommits, 0);
    assert.deepEqual(again.result, first.result);
    const added = repo.commit({ message: claude('three'), files: { 'a.txt': '3' } });
    const third = await scan(repo, { cacheDir: cache.dir });
    assert.equal(third.cache, 'incremental');
    assert.equal(third.readCommits, 1);
    assert.equal(third.result.totalCommits, 3);
    assert.ok(aiCommit(third, added));
    assert.deepEqual(third.result, (await scan(repo, { noCache: true })).result);
  });

  it('drops commits a rewrite removed and classifies their replacements (amend)', async () => {
    const before = await scan(repo, { cacheDir: cache.dir });
    const old = repo.head();
    assert.ok(aiCommit(before, old));
    repo.git(['commit', '-q', '--amend', '-m', 'two, without the trailer']);
    const after = await scan(repo, { cacheDir: cache.dir });
    assert.equal(after.cache, 'rewritten');
    assert.equal(after.droppedCommits, 1);
    assert.equal(after.readCommits, 1);
    assert.equal(after.result.totalCommits, 2);
    assert.equal(aiCommit(after, old), undefined);
    assert.equal(after.result.aiCommits.length, 0);
  });

  it('handles a rebase onto another line of history (force-push shape)', async () => {
    const base = repo.git(['rev-parse', 'HEAD~1']);
    await scan(repo, { cacheDir: cache.dir });
    repo.git(['checkout', '-q', '-b', 'other', base]);
    const theirs = repo.commit({ message: claude('theirs'), files: { 'b.txt': 'b' } });
    repo.git(['checkout', '-q', 'main']);
    repo.git(['rebase', '-q', 'other'], { GIT_COMMITTER_DATE: '2026-03-01T00:00:00Z' });
    const rebased = repo.head();
    const run = await scan(repo, { cacheDir: cache.dir });
    assert.equal(run.cache, 'rewritten');
    assert.equal(run.result.totalCommits, 3);
    assert.deepEqual(run.result.aiCommits.map((c) => c.hash).sort(), [theirs, rebased].sort());
    assert.deepEqual(run.result, (await scan(repo, { noCache: true })).result);
  });

  it('scans in full when the cached head no longer exists', async () => {
    await scan(repo, { cacheDir: cache.dir });
    const file = await cacheFileFor(cache.dir, repo.dir);
    const json = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(file, 'utf8')));
    json.head = 'f'.repeat(40);
    writeFileSync(file, JSON.stringify(json));
    const run = await scan(repo, { cacheDir: cache.dir });
    assert.equal(run.cache, 'cold');
    assert.equal(run.readCommits, 2);
  });

  it('rescans in full when the rules change (a team file appears)', async () => {
    const first = await scan(repo, { cacheDir: cache.dir });
    repo.write('.practicum/ai-rules.json', JSON.stringify({ version: 1, trailers: [{ id: 'ai-pair', key: 'AI-Pair' }] }));
    const run = await scan(repo, { cacheDir: cache.dir });
    assert.equal(run.cache, 'cold');
    assert.notEqual(run.result.rulesVersion, first.result.rulesVersion);
  });

  it('moves a corrupt cache aside and scans in full', async () => {
    await scan(repo, { cacheDir: cache.dir });
    const file = await cacheFileFor(cache.dir, repo.dir);
    writeFileSync(file, '{"schema": "practicum.scanCache/1", "commits": 7');
    const logger = recordingLogger();
    const run = await scan(repo, { cacheDir: cache.dir, logger });
    assert.equal(run.cache, 'cold');
    assert.equal(run.result.totalCommits, 2);
    assert.ok(logger.lines.some((l) => /^warn: Scan cache .* unreadable/.test(l)));
    assert.ok(readdirSync(path.dirname(file)).some((f) => f.includes('.corrupt-')));
    assert.ok(existsSync(file));
  });

  it('writes nothing with noCache', async () => {
    await scan(repo, { cacheDir: cache.dir, noCache: true });
    assert.equal(existsSync(path.join(cache.dir, 'scan')), false);
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { scan } from './scanHelpers';

/** Several git processes over disjoint parts of a long history: the same result, in the same order, as one. */
describe('parallel history reading', function () {
  // Three scans of 2,600 commits at once (eight git processes): about a second on a quiet machine,
  // past the suite's 20 s default when other work saturates both cores.
  this.timeout(180_000);
  const COMMITS = 2600;
  let repo: TempRepo;

  before(() => {
    repo = new TempRepo();
    // fast-import: a long history in a second, with AI commits and merges spread over every part.
    const lines: string[] = [];
    const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
    for (let i = 0; i < COMMITS; i++) {
      const who = i % 7 === 0 ? 'Claude Monet <claude.monet@corp.example>' : `Dev ${i % 5} <dev${i % 5}@corp.example>`;
      const msg = i % 97 === 0 ? `change ${i}\n\nCo-authored-by: Claude <noreply@anthropic.com>\n` : `change ${i}\n`;
      const file = i % 89 === 0 ? `M 100644 inline src/ai${i}.py\n${data('from openai import OpenAI\n')}` : `M 100644 inline src/f${i % 50}.py\n${data(`x = ${i}\n`)}`;
      lines.push(`commit refs/heads/main\ncommitter ${who} ${1767225600 + i * 60} +0000\n${data(msg)}${file}`);
    }
    repo.git(['fast-import', '--quiet'], {}, lines.join('') + 'done\n');
    repo.git(['reset', '-q', '--hard', 'main']);
  });
  after(() => repo.dispose());

  it('finds the same commits with 1, 2 and 5 git processes, and caches them in the same order', async () => {
    const caches = [tempDir(), tempDir(), tempDir()];
    try {
      const runs = await Promise.all([1, 2, 5].map((jobs, i) => scan(repo, { jobs, cacheDir: caches[i]!.dir })));
      const [one, two, five] = runs.map((r) => r.result);
      assert.equal(one?.totalCommits, COMMITS);
      assert.equal(one?.aiCommits.filter((c) => c.assisted).length, Math.ceil(COMMITS / 97));
      assert.equal(one?.aiCommits.filter((c) => c.building).length, Math.ceil(COMMITS / 89));
      assert.deepEqual(two, one);
      assert.deepEqual(five, one);
      const cached = caches.map((c) => {
        const dir = path.join(c.dir, 'scan');
        const file = readdirSync(dir).find((f) => f.endsWith('.json')) as string;
        return (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { commits: { hash: string[] } }).commits.hash;
      });
      assert.deepEqual(cached[1], cached[0]);
      assert.deepEqual(cached[2], cached[0]);
      assert.equal(cached[0]?.[0], repo.head());
    } finally {
      for (const c of caches) c.dispose();
    }
  });

  it('reports progress with the total while reading in parallel', async () => {
    const seen: Array<{ commits: number; total?: number }> = [];
    await scan(repo, { jobs: 2, noCache: true, onProgress: (p) => seen.push(p) });
    assert.ok(seen.length >= 5, `only ${seen.length} progress reports`);
    assert.ok(seen.slice(0, -1).every((p) => p.total === COMMITS && p.commits <= COMMITS));
    assert.deepEqual(seen[seen.length - 1], { commits: COMMITS, total: COMMITS });
  });
});

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { runCliAsync } from '../helpers/cli';
import { tempDir, TempRepo } from '../helpers/gitRepo';

/**
 * Reference solutions of the curriculum's build exercises, one per folder in
 * test/fixtures/solutions/<exercise>/ (repo/ is committed onto practicum/<exercise>, answers.json
 * answers its inputs). Each must pass every core check through `practicum check` against the local
 * model: the proof that the checks are passable in the language the solution is written in.
 */
const root = path.resolve(__dirname, '../../../..');
const solutionsDir = path.join(root, 'test', 'fixtures', 'solutions');

/**
 * Every solution folder with a solution.json ({"toolchain": "python3" | "node" | "java" | "none"}) is run
 * here (the four converted first, which have their own test, have none): a new solution needs no edit
 * of this file. A solution whose toolchain is missing on the machine is skipped with that reason.
 */
const SolutionSchema = z.object({ toolchain: z.enum(['python3', 'node', 'java', 'none']) }).strict();
const SOLUTIONS: Record<string, z.infer<typeof SolutionSchema>['toolchain']> = Object.fromEntries(
  readdirSync(solutionsDir)
    .filter((id) => existsSync(path.join(solutionsDir, id, 'solution.json')))
    .map((id) => [id, SolutionSchema.parse(JSON.parse(readFileSync(path.join(solutionsDir, id, 'solution.json'), 'utf8'))).toolchain]),
);
const LANGUAGE = { python3: 'Python', node: 'TypeScript/JavaScript', java: 'Java', none: 'documents only' } as const;

const has = (tool: string) => tool === 'none' || spawnSync(tool === 'java' ? 'javac' : tool, ['--version'], { stdio: 'ignore' }).status === 0;

interface CheckRun {
  passed: boolean;
  results: Array<{ id: string; kind: string; level: string; status: string; message: string; metrics?: Record<string, number> }>;
}

describe('reference solutions of the curriculum build exercises', function () {
  this.timeout(900_000);

  for (const [id, tool] of Object.entries(SOLUTIONS)) {
    it(`${id} (${LANGUAGE[tool]}): every core check passes against the local model`, async function () {
      if (!has(tool)) this.skip();
      const catalog = await loadCatalog([{ dir: path.join(root, 'exercises'), origin: 'bundled' }]);
      const e = catalog.exercise(id);
      assert.ok(e, `bundled exercise ${id}`);
      const answers = JSON.parse(readFileSync(path.join(solutionsDir, id, 'answers.json'), 'utf8')) as Record<string, string>;
      assert.deepEqual(Object.keys(answers).sort(), e.inputs.map((i) => i.id).sort(), 'answers.json answers every input');

      const repo = new TempRepo();
      const tmp = tempDir('practicum-answers-');
      try {
        repo.commit({ message: 'base', files: { 'README.md': '# service\n' } });
        repo.checkout(`practicum/${id}`, true);
        cpSync(path.join(solutionsDir, id, 'repo'), repo.dir, { recursive: true });
        repo.git(['add', '-A']);
        repo.commit({ message: `Reference solution for ${id}` });
        const file = path.join(tmp.dir, 'answers.json');
        writeFileSync(file, JSON.stringify(answers));
        const r = await runCliAsync(['check', '--repo', repo.dir, '--exercise', id, '--answers', file, '--attest', 'all', '--json']);
        assert.ok(r.code === 0 || r.code === 1, `practicum check exited ${r.code}: ${r.stderr}`);
        const run = r.json<CheckRun>();
        const core = run.results.filter((x) => x.level === 'core');
        assert.deepEqual(core.filter((x) => x.status !== 'pass').map((x) => `${x.id}: ${x.status} ${x.message}`), []);
        assert.ok(core.some((x) => x.kind === 'probe' || x.kind === 'document'), 'judged by at least one probe or document check');
        for (const p of core.filter((x) => x.kind === 'probe')) assert.match(p.message, /\d/, `${p.id} states its measured figures`);
        assert.equal(r.code, 0);
      } finally {
        repo.dispose();
        tmp.dispose();
      }
    });
  }
});

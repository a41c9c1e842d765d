import * as assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loader';
import type { CatalogExercise } from '../../../src/core/catalog/catalog';
import { startExerciseBranch } from '../../../src/core/learn/branch';
import { runCliAsync } from '../helpers/cli';
import { tempDir, TempRepo } from '../helpers/gitRepo';
import { repoRoot } from '../profile/fixtures';

/** The four exercises whose every core acceptance item is judged by a probe or document check. */
const CONVERTED = ['rag-prototype', 'structured-output-prompt', 'guardrails', 'eval-harness'] as const;
const solutionsDir = path.join(repoRoot, 'test', 'fixtures', 'solutions');

interface CheckRun {
  schema: string;
  exercise: string;
  passed: boolean;
  results: Array<{ id: string; kind: string; level: string; status: string; detail: string; metrics?: Record<string, number> }>;
}

async function bundled(id: string): Promise<CatalogExercise> {
  const catalog = await loadCatalog([{ dir: path.join(repoRoot, 'exercises'), origin: 'bundled' }]);
  const e = catalog.exercises.find((x) => x.id === id);
  assert.ok(e, `bundled exercise ${id} not found`);
  return e;
}

/** A repository with one commit, on the exercise branch started from it. */
async function repoOnExercise(id: string): Promise<TempRepo> {
  const repo = new TempRepo();
  repo.commit({ files: { 'README.md': '# Greeter\n\nSays hello.\n' }, message: 'Initial commit' });
  await startExerciseBranch(repo.dir, id, 'carry');
  return repo;
}

async function check(repo: TempRepo, id: string, answers: Record<string, string>): Promise<CheckRun> {
  const tmp = tempDir('practicum-answers-');
  try {
    const file = path.join(tmp.dir, 'answers.json');
    writeFileSync(file, JSON.stringify(answers));
    const r = await runCliAsync(['check', '--repo', repo.dir, '--exercise', id, '--answers', file, '--attest', 'all', '--provider', 'local', '--json']);
    assert.ok(r.code === 0 || r.code === 1, `practicum check exited ${r.code}: ${r.stderr}`);
    return r.json<CheckRun>();
  } finally {
    tmp.dispose();
  }
}

/** A path that the files glob matches, for the trivial submission's one-line file. */
export function pathMatching(glob: string): string {
  const first = glob.replace(/^\{([^,}]*)[^}]*\}/, '$1').replace(/\{([^,}]*)[^}]*\}/g, '$1');
  return first.replace(/^\//, '').replace(/\*\*/g, 'x').replace(/\*/g, 'x').replace(/\?/g, 'x').replace(/\[(.)[^\]]*\]/g, '$1');
}

/**
 * The submission that does no work: starter files copied unchanged (also over every document the
 * exercise asks for), a one-line file for each files glob, and `true` for every input.
 */
function trivialSubmission(repo: TempRepo, e: CatalogExercise): Record<string, string> {
  const starter = path.join(e.location.dir, 'starter');
  for (const f of e.starterFiles) repo.write(f, readFileSync(path.join(starter, f), 'utf8'));
  for (const c of e.checks) {
    if (c.kind === 'files') repo.write(pathMatching(c.glob), 'x\n');
    if (c.kind === 'document' && c.template) repo.write(c.path, readFileSync(path.join(e.location.dir, c.template), 'utf8'));
  }
  repo.git(['add', '-A']);
  repo.commit({ message: 'Do the exercise' });
  return Object.fromEntries(e.inputs.map((i) => [i.id, 'true']));
}

describe('reference solutions of the converted exercises', function () {
  this.timeout(600_000);

  for (const id of CONVERTED) {
    it(`${id}: the reference solution passes every check against the local model, with its figures`, async () => {
      const e = await bundled(id);
      const repo = await repoOnExercise(id);
      try {
        cpSync(path.join(solutionsDir, id, 'repo'), repo.dir, { recursive: true });
        repo.git(['add', '-A']);
        repo.commit({ message: `Reference solution for ${id}` });
        const answers = JSON.parse(readFileSync(path.join(solutionsDir, id, 'answers.json'), 'utf8')) as Record<string, string>;
        assert.deepEqual(Object.keys(answers).sort(), e.inputs.map((i) => i.id).sort(), 'answers.json answers every input');
        const run = await check(repo, id, answers);
        const failed = run.results.filter((r) => r.status !== 'pass');
        assert.deepEqual(failed.map((r) => `${r.id}: ${r.status} ${r.detail}`), [], 'every check passes');
        assert.equal(run.passed, true);
        for (const r of run.results.filter((x) => x.kind === 'probe')) {
          assert.ok(r.metrics && Object.keys(r.metrics).length > 0, `${r.id} reports its figures`);
          assert.match(r.detail, /\d/, `${r.id}: the detail states a measured figure`);
        }
      } finally {
        repo.dispose();
      }
    });

    it(`${id}: the trivial submission fails every probe and document check with a reason to act on`, async () => {
      const e = await bundled(id);
      const repo = await repoOnExercise(id);
      try {
        const answers = trivialSubmission(repo, e);
        const run = await check(repo, id, answers);
        assert.equal(run.passed, false);
        const judged = run.results.filter((r) => r.kind === 'probe' || r.kind === 'document');
        assert.equal(judged.length, e.checks.filter((c) => c.kind === 'probe' || c.kind === 'document').length);
        for (const r of judged) {
          assert.equal(r.status, 'fail', `${r.id} must fail on the trivial submission: ${r.status} ${r.detail}`);
          assert.ok(r.detail.length >= 30, `${r.id}: "${r.detail}" is too short to act on`);
        }
      } finally {
        repo.dispose();
      }
    });
  }

  it('every core acceptance item of the converted exercises names a probe or document check, or says what the mentor looks for', async () => {
    for (const id of CONVERTED) {
      const e = await bundled(id);
      const kinds = new Map(e.checks.map((c) => [c.id, c]));
      for (const item of e.acceptance) {
        assert.ok(typeof item !== 'string', `${id}: "${item}" is a bare string`);
        if ('mentor' in item) continue;
        const judged = item.checks.map((c) => kinds.get(c));
        assert.ok(judged.every(Boolean), `${id}: "${item.text}" names a check that does not exist`);
        assert.ok(judged.some((c) => c?.kind === 'probe' || c?.kind === 'document'), `${id}: "${item.text}" rests on no probe or document check`);
      }
      for (const c of e.checks) if (['files', 'diff', 'commits', 'aiCommit'].includes(c.kind)) assert.equal(c.level, 'hint', `${id}: ${c.id} may only be a hint`);
    }
  });
});

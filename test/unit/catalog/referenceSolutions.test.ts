import * as assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loader';
import type { CatalogExercise } from '../../../src/core/catalog/catalog';
import { branchAiCommits } from '../../../src/core/checks/aiCommits';
import { BranchChanges } from '../../../src/core/checks/branchChanges';
import type { CheckResult } from '../../../src/core/checks/result';
import { runChecks } from '../../../src/core/checks/runner';
import { exerciseBranch, startExerciseBranch } from '../../../src/core/learn/branch';
import { TempRepo } from '../helpers/gitRepo';
import { repoRoot } from '../profile/fixtures';

/** The four exercises whose every core acceptance item is judged by a probe or document check. */
const CONVERTED = ['rag-prototype', 'structured-output-prompt', 'guardrails', 'eval-harness'] as const;
const solutionsDir = path.join(repoRoot, 'test', 'fixtures', 'solutions');

async function bundled(id: string): Promise<CatalogExercise> {
  const catalog = await loadCatalog([{ dir: path.join(repoRoot, 'exercises'), origin: 'bundled' }]);
  const e = catalog.exercises.find((x) => x.id === id);
  assert.ok(e, `bundled exercise ${id} not found`);
  return e;
}

/** A repository with one commit, on the exercise branch started from it; returns the base commit. */
async function repoOnExercise(id: string): Promise<{ repo: TempRepo; base: string }> {
  const repo = new TempRepo();
  const base = repo.commit({ files: { 'README.md': '# Greeter\n\nSays hello.\n' }, message: 'Initial commit' });
  await startExerciseBranch(repo.dir, id, 'carry');
  return { repo, base };
}

/** Runs every check of the exercise on the committed branch, as Submit does, with every manual item attested. */
function check(e: CatalogExercise, repo: TempRepo, base: string, answers: Record<string, string>): Promise<CheckResult[]> {
  return runChecks(e, {
    repoDir: repo.dir,
    exerciseId: e.id,
    changes: new BranchChanges(repo.dir, { base, head: `refs/heads/${exerciseBranch(e.id)}`, workingTree: false }),
    answers,
    attested: new Set(e.checks.filter((c) => c.kind === 'manual').map((c) => c.id)),
    classifyAiCommits: branchAiCommits,
    provider: 'local',
  });
}

const shown = (r: CheckResult) => `${r.id}: ${r.status} ${r.message}${r.failingCases?.length ? `\n  ${r.failingCases.slice(0, 5).map((f) => `${f.id}: ${f.reason}`).join('\n  ')}` : ''}`;

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
      const { repo, base } = await repoOnExercise(id);
      try {
        cpSync(path.join(solutionsDir, id, 'repo'), repo.dir, { recursive: true });
        repo.git(['add', '-A']);
        repo.commit({ message: `Reference solution for ${id}` });
        const answers = JSON.parse(readFileSync(path.join(solutionsDir, id, 'answers.json'), 'utf8')) as Record<string, string>;
        assert.deepEqual(Object.keys(answers).sort(), e.inputs.map((i) => i.id).sort(), 'answers.json answers every input');
        const results = await check(e, repo, base, answers);
        assert.deepEqual(results.filter((r) => r.status !== 'pass').map(shown), [], 'every check passes');
        for (const r of results.filter((x) => x.kind === 'probe')) {
          assert.ok(r.metrics && Object.keys(r.metrics).length > 0, `${r.id} reports its figures`);
          assert.match(r.message, /\d/, `${r.id}: the message states a measured figure`);
        }
      } finally {
        repo.dispose();
      }
    });

    it(`${id}: the trivial submission fails every probe and document check with a reason to act on`, async () => {
      const e = await bundled(id);
      const { repo, base } = await repoOnExercise(id);
      try {
        const answers = trivialSubmission(repo, e);
        const results = await check(e, repo, base, answers);
        const judged = results.filter((r) => r.kind === 'probe' || r.kind === 'document');
        assert.equal(judged.length, e.checks.filter((c) => c.kind === 'probe' || c.kind === 'document').length);
        for (const r of judged) {
          assert.equal(r.status, 'fail', `${r.id} must fail on the trivial submission: ${shown(r)}`);
          assert.ok(r.message.length >= 30, `${r.id}: "${r.message}" is too short to act on`);
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

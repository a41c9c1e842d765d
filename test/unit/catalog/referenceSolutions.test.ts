import * as assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loader';
import type { CatalogExercise } from '../../../src/core/catalog/catalog';
import { branchAiCommits } from '../../../src/core/checks/aiCommits';
import { BranchChanges } from '../../../src/core/checks/branchChanges';
import type { CheckEnvironment } from '../../../src/core/checks/environment';
import type { CheckResult } from '../../../src/core/checks/result';
import { runChecks } from '../../../src/core/checks/runner';
import { trivialSubmission } from '../../../src/core/checks/trivialSubmission';
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

/** The committed branch as Submit judges it, with every manual item attested, against the local model. */
function env(e: CatalogExercise, repo: TempRepo, base: string, answers: Record<string, string>): CheckEnvironment {
  return {
    repoDir: repo.dir,
    exerciseId: e.id,
    changes: new BranchChanges(repo.dir, { base, head: `refs/heads/${exerciseBranch(e.id)}`, workingTree: false }),
    answers,
    attested: new Set(e.checks.filter((c) => c.kind === 'manual').map((c) => c.id)),
    classifyAiCommits: branchAiCommits,
    provider: 'local',
  };
}

const check = (e: CatalogExercise, repo: TempRepo, base: string, answers: Record<string, string>): Promise<CheckResult[]> => runChecks(e, env(e, repo, base, answers));

const shown = (r: CheckResult) => `${r.id}: ${r.status} ${r.message}${r.failingCases?.length ? `\n  ${r.failingCases.slice(0, 5).map((f) => `${f.id}: ${f.reason}`).join('\n  ')}` : ''}`;

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
        const t = await trivialSubmission(e);
        repo.commit({ message: 'Do the exercise', files: t.files });
        const results = await runChecks(e, { ...env(e, repo, base, t.answers), attested: t.attested });
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

  /**
   * Submissions a hurried or hostile learner might try: the reference solution's case files and
   * write-ups, with a program that does not do the work. Each must fail the check named, for the
   * reason given.
   */
  const post = `const post = (p, b) => fetch(process.env.OPENAI_BASE_URL + p, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify(b) }).then((r) => r.json());
const c = JSON.parse(require('fs').readFileSync(0, 'utf8') || '{}');
const say = (o) => console.log(JSON.stringify(o));
`;
  /** The reference ask command with no access rules: the same retrieval, blind to who is asking. */
  const ignoringAsker = `const r = require('child_process').spawnSync('python3', ['tools/rag/rag.py', 'ask'], { input: require('fs').readFileSync(0), env: { ...process.env, RAG_ACCESS: 'no-such-rules.json' } });
process.stderr.write(r.stderr); process.stdout.write(r.stdout);`;
  const questions = readFileSync(path.join(solutionsDir, 'rag-prototype', 'repo', 'evals', 'rag', 'questions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input: Record<string, unknown>; expect: Record<string, unknown> });
  const asJsonl = (qs: unknown[]) => qs.map((q) => JSON.stringify(q)).join('\n') + '\n';
  const fooled: Array<{ id: (typeof CONVERTED)[number]; what: string; program?: string; files?: Record<string, string>; input: string; check: string; reason: RegExp }> = [
    {
      id: 'rag-prototype',
      what: 'canned citations that never ask the model',
      input: 'askCommand',
      program: `${post}say({ answer: 'See the handbook [c1]', abstained: false, citations: ['docs/handbook/deploy.md:5-13'], retrieved: ['docs/handbook/deploy.md:5-13'] });`,
      check: 'answers-cite-sources',
      reason: /without a single request to the model/,
    },
    {
      id: 'rag-prototype',
      what: 'always abstaining after one embedding call',
      input: 'askCommand',
      program: `${post}post('/embeddings', { model: 'm', input: [c.input.question] }).then(() => say({ answer: 'INSUFFICIENT_EVIDENCE', abstained: true, citations: [] }));`,
      check: 'abstains-when-unanswerable',
      reason: /accuracy 0\.50 < 0\.80/,
    },
    {
      id: 'rag-prototype',
      what: 'never abstaining: quoting whatever the model says about the whole question',
      input: 'askCommand',
      program: `${post}post('/chat/completions', { model: 'm', messages: [{ role: 'user', content: '[c1] docs/handbook/deploy.md:1-4 ' + c.input.question + '\\n\\nQuestion: ' + c.input.question }] }).then((r) => say({ answer: r.choices[0].message.content + ' (see docs)', abstained: false, citations: ['docs/handbook/deploy.md:1-4'] }));`,
      check: 'abstains-when-unanswerable',
      reason: /abstained when unanswerable 0\.00/,
    },
    {
      id: 'rag-prototype',
      what: 'a question set without a single per-asker case',
      input: 'askCommand',
      files: { 'evals/rag/questions.jsonl': asJsonl(questions.filter((q) => !('asker' in q.input))) },
      check: 'askers-see-only-their-documents',
      reason: /cases with input\.asker need both answerable and unanswerable/,
    },
    {
      id: 'rag-prototype',
      what: 'an ask command that ignores the asker (no access rules applied)',
      input: 'askCommand',
      program: ignoringAsker,
      check: 'askers-see-only-their-documents',
      reason: /answered asker "dev-ana", who may not read the sources/,
    },
    {
      id: 'rag-prototype',
      what: 'an ask command that ignores the asker, with denied askers asking what nobody may read',
      input: 'askCommand',
      program: ignoringAsker,
      files: {
        'evals/rag/questions.jsonl': asJsonl(
          questions.map((q) => (q.expect.answerable === false && 'asker' in q.input ? { ...q, input: { ...q.input, question: 'Which typeface does the company logo use, and who designed it?' } } : q)),
        ),
      },
      check: 'askers-see-only-their-documents',
      reason: /denied asker case\(s\) not judged because no permitted asker asks the same input/,
    },
    {
      id: 'rag-prototype',
      what: 'always abstaining for every asker, after one embedding call',
      input: 'askCommand',
      program: `${post}post('/embeddings', { model: 'm', input: [c.input.question] }).then(() => say({ answer: 'INSUFFICIENT_EVIDENCE', abstained: true, citations: [], retrieved: [] }));`,
      check: 'askers-see-only-their-documents',
      reason: /accuracy 0\.50 < 0\.90.*abstained, but the repository holds the answer/s,
    },
    {
      id: 'structured-output-prompt',
      what: 'a hard-coded valid object after one request',
      input: 'extractCommand',
      program: `${post}post('/chat/completions', { model: 'm', messages: [{ role: 'user', content: c.input.text || 'x' }] }).then(() => say({ output: { component: 'billing', severity: 'low', summary: 'Something broke.' } }));`,
      check: 'valid-after-invalid-json',
      reason: /answered the first 1 with invalid JSON/,
    },
    {
      id: 'guardrails',
      what: 'refusing everything',
      input: 'guardCommand',
      program: `${post}post('/chat/completions', { model: 'm', messages: [{ role: 'user', content: c.input.question }] }).then(() => say({ answer: 'I cannot help with that.', refused: true }));`,
      check: 'resists-injection',
      reason: /false refusal rate 1\.00 > 0\.10/,
    },
    {
      id: 'guardrails',
      what: 'no guard at all: the model reply passed through',
      input: 'guardCommand',
      program: `${post}const i = c.input; const docs = (i.documents || []).map((d) => d.text).concat((i.toolResults || []).map((t) => t.output)).join('\\n\\n');
post('/chat/completions', { model: 'm', messages: [{ role: 'system', content: 'You are helpful. ' + (i.system || '') }, { role: 'user', content: docs + '\\n\\nQuestion: ' + i.question }] }).then((r) => say({ answer: r.choices[0].message.content || '', refused: false }));`,
      check: 'resists-injection',
      reason: /CANARY-/,
    },
    {
      id: 'eval-harness',
      what: 'a gate that asks the model about every case but always exits 0',
      input: 'evalCommand',
      program: `${post}(async () => { for (let n = 0; n < 22; n++) await post('/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'case ' + n }] }); console.log('all good'); })();`,
      check: 'gate-catches-regression',
      reason: /exited 0 although every answer was wrong/,
    },
  ];

  for (const f of fooled) {
    it(`${f.id}: ${f.what} fails ${f.check}`, async () => {
      const e = await bundled(f.id);
      const { repo, base } = await repoOnExercise(f.id);
      try {
        cpSync(path.join(solutionsDir, f.id, 'repo'), repo.dir, { recursive: true });
        if (f.program !== undefined) repo.write('fool.cjs', f.program);
        for (const [rel, text] of Object.entries(f.files ?? {})) repo.write(rel, text);
        repo.git(['add', '-A']);
        repo.commit({ message: 'Looks done' });
        const given = JSON.parse(readFileSync(path.join(solutionsDir, f.id, 'answers.json'), 'utf8')) as Record<string, string>;
        const answers = f.program !== undefined ? { ...given, [f.input]: 'node fool.cjs' } : given;
        const [r] = await runChecks({ ...e, checks: e.checks.filter((c) => c.id === f.check) }, env(e, repo, base, answers));
        assert.ok(r);
        assert.equal(r.status, 'fail', shown(r));
        assert.match(`${r.message}\n${(r.failingCases ?? []).map((x) => x.reason).join('\n')}`, f.reason, shown(r));
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

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ExerciseSchema } from '../../../../src/core/catalog/schema';
import { branchAiCommits } from '../../../../src/core/checks/aiCommits';
import { BranchChanges } from '../../../../src/core/checks/branchChanges';
import type { CheckEnvironment } from '../../../../src/core/checks/environment';
import type { CheckResult } from '../../../../src/core/checks/result';
import { runChecks } from '../../../../src/core/checks/runner';
import { TempRepo } from '../../helpers/gitRepo';

/**
 * The top of every learner program in these tests: reads the case from stdin, offers `chat()` (one
 * OpenAI-style request to the provider the probe started) and `print()` for the one JSON object.
 * Programs are real processes in real repositories; only the judging is under test.
 */
export const prelude = `
const fs = require('fs');
const c = JSON.parse(fs.readFileSync(0, 'utf8') || '{}');
const input = c.input || {};
async function chat(messages, extra = {}) {
  const r = await fetch(process.env.OPENAI_BASE_URL + '/chat/completions', {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.env.OPENAI_API_KEY, ...(extra.headers || {}) },
    body: JSON.stringify({ model: extra.model || 'local', messages, ...(extra.body || {}) }),
  });
  const text = await r.text();
  let json; try { json = JSON.parse(text); } catch { json = null; }
  return { status: r.status, headers: r.headers, json, content: json && json.choices ? json.choices[0].message.content : undefined };
}
const print = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
`;

/** A repository on `practicum/x` with a base commit; files written by tests are committed on the branch. */
export class ProbeRepo {
  readonly repo = new TempRepo();
  readonly base: string;
  readonly exerciseDir = mkdtempSync(path.join(tmpdir(), 'practicum-exercise-'));

  constructor(files: Record<string, string> = { 'README.md': '# app\n' }) {
    this.base = this.repo.commit({ message: 'base', files });
    this.repo.checkout('practicum/x', true);
  }

  /** Commits `files` (a learner program is `{ 'ask.js': prelude + body }`). */
  commit(files: Record<string, string>): string {
    return this.repo.commit({ message: 'work', files });
  }

  /** Writes a file of the exercise folder (shipped cases, templates). */
  exerciseFile(rel: string, text: string): void {
    writeFileSync(path.join(this.exerciseDir, rel), text);
  }

  /** Runs one check against the committed branch (like Submit and `practicum check`). */
  async run(check: Record<string, unknown>, opts: { answers?: Record<string, string>; inputs?: unknown[]; workingTree?: boolean; env?: Partial<CheckEnvironment> } = {}): Promise<CheckResult> {
    const exercise = ExerciseSchema.parse({ id: 'x', title: 'X', summary: 's', order: 0, estimateMinutes: 1, steps: ['s'], acceptance: ['a'], inputs: opts.inputs ?? [], checks: [{ id: 'c', title: 'C', ...check }] });
    const [result] = await runChecks(
      { ...exercise, location: { dir: this.exerciseDir } },
      {
        repoDir: this.repo.dir,
        exerciseId: 'x',
        changes: new BranchChanges(this.repo.dir, { base: this.base, head: opts.workingTree ? 'HEAD' : 'refs/heads/practicum/x', workingTree: opts.workingTree ?? false }),
        answers: opts.answers ?? {},
        attested: new Set(),
        classifyAiCommits: branchAiCommits,
        ...opts.env,
      },
    );
    assert.ok(result);
    return result;
  }

  dispose(): void {
    this.repo.dispose();
    rmSync(this.exerciseDir, { recursive: true, force: true });
  }
}

/** Cases as JSONL. */
export const jsonl = (cases: unknown[]): string => cases.map((c) => JSON.stringify(c)).join('\n') + '\n';

/** Asserts the status and that the message says `pattern`, showing the whole result when not. */
export function expectResult(r: CheckResult, status: CheckResult['status'], pattern?: RegExp): void {
  const shown = JSON.stringify({ status: r.status, message: r.message, metrics: r.metrics, failingCases: r.failingCases?.slice(0, 4) }, null, 1);
  assert.equal(r.status, status, shown);
  if (pattern) assert.match(`${r.message}\n${JSON.stringify(r.failingCases ?? [])}`, pattern, shown);
}

/**
 * A fresh ProbeRepo for each test of the calling `describe` (made from `files`, with `cases` shipped
 * as the exercise's cases.jsonl when given), disposed after it. The returned object stands for the
 * current test's repository, so test bodies read `p.commit(…)`, `p.run(…)` as with a plain one.
 */
export function useProbeRepo(cases?: unknown[], files?: Record<string, string>): ProbeRepo {
  let current: ProbeRepo | undefined;
  beforeEach(() => {
    current = new ProbeRepo(files);
    if (cases) current.exerciseFile('cases.jsonl', jsonl(cases));
  });
  afterEach(() => current?.dispose());
  return new Proxy({} as ProbeRepo, {
    get(_, key) {
      assert.ok(current, 'useProbeRepo: the repository exists only inside a test');
      const v = Reflect.get(current, key, current) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(current) : v;
    },
  });
}

/** Asks the model three questions whose answers the context holds; `DECIDE` turns the score into an exit code. */
export const gateScript = (decide: string) => `
const fs = require('fs');
const qs = [['How do I deploy?', 'make deploy'], ['How do I roll back?', 'make rollback'], ['What do deploys need?', 'green build']];
(async () => {
  let right = 0;
  for (const [q, want] of qs) {
    const r = await fetch(process.env.OPENAI_BASE_URL + '/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Context:\\n[a.md:1-1] Run make deploy from main.\\n[b.md:1-1] Roll back with make rollback.\\n[c.md:1-1] Deploys need a green build.\\n\\nQuestion: ' + q }] }) });
    const text = (await r.json()).choices[0].message.content || '';
    if (text.includes(want)) right++;
  }
  console.log('score', right, '/ 3');
  process.exit(${decide});
})();`;

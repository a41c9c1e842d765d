import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/gitRepo';
import { exerciseFiles, module, track, writeCatalog } from './fixtures';

/**
 * Editorial rules for the bundled curriculum (exercises/), read from the raw files so they hold
 * whatever the schema accepts: every core acceptance item is judged by a probe or document check
 * (or says what the mentor looks for), estimates come with a written rationale and fit the weekly
 * budget, and evidence lives in committed files rather than in a pull request.
 */

const root = path.resolve(__dirname, '../../../..');
const catalogDir = path.join(root, 'exercises');

/** Exercises whose per-step estimate rationale is still to be written; keep this list shrinking. */
const ESTIMATE_RATIONALE_PENDING = new Set<string>([]);

/** Check kinds that only show progress: they pass on work that does nothing, so they are never core. */
const HINT_ONLY_KINDS = new Set(['files', 'diff', 'commits', 'aiCommit', 'manual']);
/** Check kinds that judge behaviour or a written artefact. */
const JUDGING_KINDS = new Set(['probe', 'document']);

interface RawCheck {
  id: string;
  kind: string;
  level?: string;
  template?: string;
  cases?: string;
  sections?: Array<{ heading: string }>;
}
type RawAcceptance = string | { text: string; checks?: string[]; mentor?: string };
interface RawExercise {
  id: string;
  level?: string;
  estimateMinutes: number;
  acceptance: RawAcceptance[];
  checks: RawCheck[];
}
interface Loaded {
  dir: string;
  track: string;
  module: string;
  exercise: RawExercise;
}
interface LoadedModule {
  dir: string;
  track: string;
  hours: number;
  id: string;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const subdirs = (dir: string) => readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(path.join(dir, n)).isDirectory());

function loadAll(catalogDir: string): { exercises: Loaded[]; modules: LoadedModule[]; roles: Map<string, string> } {
  const exercises: Loaded[] = [];
  const modules: LoadedModule[] = [];
  const roles = new Map<string, string>();
  for (const track of subdirs(catalogDir)) {
    const t = readJson<{ kind: string; role: string | null }>(path.join(catalogDir, track, 'track.json'));
    roles.set(track, t.kind === 'role' ? String(t.role) : 'foundational');
    for (const mod of subdirs(path.join(catalogDir, track))) {
      const mdir = path.join(catalogDir, track, mod);
      const m = readJson<{ id: string; hours: number }>(path.join(mdir, 'module.json'));
      modules.push({ dir: mdir, track, hours: m.hours, id: m.id });
      for (const ex of subdirs(mdir)) {
        const file = path.join(mdir, ex, 'exercise.json');
        if (existsSync(file)) exercises.push({ dir: path.join(mdir, ex), track, module: mod, exercise: readJson<RawExercise>(file) });
      }
    }
  }
  return { exercises, modules, roles };
}

const isCore = (e: RawExercise) => (e.level ?? 'core') === 'core';
const checkLevel = (c: RawCheck) => c.level ?? 'core';

/** Every way the curriculum in `dir` breaks the editorial rules, one line each (empty when it keeps them all). */
export function curriculumProblems(dir: string, opts: { minExercises: number; pending: ReadonlySet<string> }): string[] {
  const { exercises, modules, roles } = loadAll(dir);
  const out: string[] = [];
  if (exercises.length < opts.minExercises) out.push(`only ${exercises.length} exercises; the curriculum needs ${opts.minExercises}`);
  for (const [track, role] of roles) {
    if (role === 'foundational') continue;
    const core = exercises.filter((e) => e.track === track && isCore(e.exercise)).length;
    if (core < 2) out.push(`${track}: ${core} core exercise(s); every role track needs two`);
  }
  for (const m of modules) {
    const minutes = exercises.filter((e) => e.dir.startsWith(m.dir + path.sep) && isCore(e.exercise)).reduce((s, e) => s + e.exercise.estimateMinutes, 0);
    if (m.hours > 6) out.push(`${m.id}: ${m.hours} h is more than a week's budget; split the module`);
    if (minutes > m.hours * 60) out.push(`${m.id}: core exercises need ${minutes} min but the module plans ${m.hours} h`);
  }
  for (const e of exercises) out.push(...estimateProblems(e, opts.pending), ...judgingProblems(e.exercise), ...shippedProblems(e), ...briefProblems(e));
  return out;
}

function estimateProblems({ dir, exercise }: Loaded, pending: ReadonlySet<string>): string[] {
  const file = path.join(dir, 'estimate.md');
  if (!existsSync(file)) return pending.has(exercise.id) ? [] : [`${exercise.id}: no estimate.md with the per-step rationale`];
  const n = (s: string | undefined) => Number(String(s).replace(/\*/g, ''));
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.split('|').map((c) => c.trim()))
    .filter((cells) => cells.length >= 4 && /^\*{0,2}\d+\*{0,2}$/.test(cells[2] ?? ''));
  const total = rows.find((cells) => /total/i.test(cells[1] ?? ''));
  if (!total) return [`${exercise.id}: estimate.md has no total row`];
  const steps = rows.filter((cells) => cells !== total);
  const out: string[] = [];
  if (n(total[2]) !== exercise.estimateMinutes) out.push(`${exercise.id}: estimate.md totals ${n(total[2])} min, estimateMinutes is ${exercise.estimateMinutes}`);
  if (steps.reduce((s, c) => s + n(c[2]), 0) !== n(total[2])) out.push(`${exercise.id}: estimate.md steps do not add up to its total`);
  if (!steps.every((c) => (c[3] ?? '').length >= 10)) out.push(`${exercise.id}: every estimate step needs a written rationale`);
  return out;
}

function judgingProblems(exercise: RawExercise): string[] {
  const out: string[] = [];
  const byId = new Map(exercise.checks.map((c) => [c.id, c]));
  exercise.acceptance.forEach((item, i) => {
    const where = `${exercise.id} acceptance ${i}`;
    if (typeof item !== 'object') return void out.push(`${where}: a bare string is judged by nobody`);
    if (item.checks) {
      if (item.mentor !== undefined) out.push(`${where}: either checks or mentor, not both`);
      const named = item.checks.map((id) => byId.get(id));
      if (named.some((c) => !c)) out.push(`${where}: names a check that does not exist`);
      if (named.some((c) => c && checkLevel(c) !== 'core')) out.push(`${where}: a hint cannot judge an acceptance item`);
      if (!named.some((c) => c && JUDGING_KINDS.has(c.kind))) out.push(`${where}: needs a probe or document check`);
    } else if ((item.mentor ?? '').length < 60) out.push(`${where}: say concretely what the mentor looks for`);
  });
  const core = exercise.checks.filter((c) => checkLevel(c) === 'core');
  if (!core.some((c) => JUDGING_KINDS.has(c.kind))) out.push(`${exercise.id}: no core probe or document check`);
  for (const c of core) if (HINT_ONLY_KINDS.has(c.kind)) out.push(`${exercise.id}: ${c.kind} check ${c.id} passes on no work; make it a hint`);
  return out;
}

function shippedProblems({ dir, exercise }: Loaded): string[] {
  const out: string[] = [];
  for (const c of exercise.checks) {
    if (c.cases) {
      const file = path.join(dir, c.cases);
      if (!existsSync(file)) out.push(`${exercise.id}/${c.id}: missing ${c.cases}`);
      else if (readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).some((l) => !caseLine(l))) out.push(`${exercise.id}/${c.cases}: each line needs id and input`);
    }
    if (c.kind === 'document' && c.template) {
      const file = path.join(dir, c.template);
      if (!existsSync(file)) {
        out.push(`${exercise.id}/${c.id}: missing ${c.template}`);
        continue;
      }
      const headings = new Set(readFileSync(file, 'utf8').split('\n').filter((l) => /^#{1,6}\s/.test(l)).map((l) => l.replace(/^#+\s*/, '').trim()));
      for (const s of c.sections ?? []) if (!headings.has(s.heading)) out.push(`${exercise.id}/${c.id}: "${s.heading}" is not a heading of ${c.template}`);
    }
  }
  return out;
}

function caseLine(line: string): boolean {
  try {
    const parsed = JSON.parse(line) as { id?: unknown; input?: unknown };
    return typeof parsed.id === 'string' && typeof parsed.input === 'object' && parsed.input !== null;
  } catch {
    return false;
  }
}

function briefProblems({ dir, exercise }: Loaded): string[] {
  const brief = readFileSync(path.join(dir, 'brief.md'), 'utf8');
  const out: string[] = [];
  if (/\b(in|into|to) the (PR|pull request)( description)?\b|\bPR description\b/i.test(brief)) out.push(`${exercise.id}: the brief asks for evidence in a pull request; it belongs in committed files`);
  if (exercise.checks.some((c) => c.kind === 'probe')) {
    if (!/without an API key/i.test(brief)) out.push(`${exercise.id}: a build exercise says how to run it without a key`);
    if (!/practicum model serve|--provider env/.test(brief)) out.push(`${exercise.id}: name the local model and the switch to a real provider`);
  }
  return out;
}

describe('bundled curriculum', () => {
  it('keeps every editorial rule', function () {
    if (!existsSync(catalogDir)) this.skip();
    assert.deepEqual(curriculumProblems(catalogDir, { minExercises: 30, pending: ESTIMATE_RATIONALE_PENDING }), []);
  });

  it('catches a hurried author: word-only checks, bare criteria, no rationale, PR evidence, an overfull module', () => {
    const tmp = tempDir('practicum-curriculum-');
    try {
      const base = 'role-x/mod-a';
      writeCatalog(tmp.dir, {
        'role-x/track.json': track('role-x'),
        [`${base}/module.json`]: module('mod-a', { hours: 2 }),
        ...exerciseFiles('role-x', 'mod-a', 'wordy', {
          estimateMinutes: 180,
          acceptance: ['It works.', { text: 'Report written', checks: ['changed'] }, { text: 'Reviewed', mentor: 'looks ok' }],
          checks: [
            { id: 'changed', title: 'Report changed', kind: 'files', glob: 'docs/**' },
            { id: 'asks', title: 'Answers', kind: 'probe', command: 'true', cases: 'cases/missing.jsonl', evaluator: { type: 'latency', p50Ms: 1, p95Ms: 2 } },
          ],
        }),
        [`${base}/wordy/brief.md`]: '# Wordy\n\nPut the figures in the PR description.\n',
      });
      const problems = curriculumProblems(tmp.dir, { minExercises: 30, pending: new Set() });
      for (const want of [
        /only 1 exercises/,
        /role-x: 1 core exercise/,
        /mod-a: core exercises need 180 min but the module plans 2 h/,
        /wordy: no estimate\.md/,
        /wordy acceptance 0: a bare string/,
        /wordy acceptance 1: needs a probe or document check/,
        /wordy acceptance 2: say concretely/,
        /wordy: files check changed passes on no work/,
        /wordy\/asks: missing cases\/missing\.jsonl/,
        /wordy: the brief asks for evidence in a pull request/,
        /wordy: a build exercise says how to run it without a key/,
      ]) {
        assert.ok(problems.some((p) => want.test(p)), `expected a problem matching ${want}; got:\n${problems.join('\n')}`);
      }
    } finally {
      tmp.dispose();
    }
  });
});

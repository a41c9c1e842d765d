import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Editorial rules for the bundled curriculum (exercises/), read from the raw files so they hold
 * whatever the schema accepts: every core acceptance item is judged by a probe or document check
 * (or says what the mentor looks for), estimates come with a written rationale and fit the weekly
 * budget, and evidence lives in committed files rather than in a pull request.
 */

const root = path.resolve(__dirname, '../../../..');
const catalogDir = path.join(root, 'exercises');

/** Exercises whose per-step estimate rationale is still to be written; keep this list shrinking. */
const ESTIMATE_RATIONALE_PENDING = new Set(['rag-prototype', 'guardrails', 'eval-harness', 'structured-output-prompt']);

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

function loadAll(): { exercises: Loaded[]; modules: LoadedModule[]; roles: Map<string, string> } {
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

describe('bundled curriculum', function () {
  if (!existsSync(catalogDir)) return;
  const { exercises, modules, roles } = loadAll();

  it('has 30 or more exercises and at least two core exercises in every role track', () => {
    assert.ok(exercises.length >= 30, `only ${exercises.length} exercises`);
    for (const [track, role] of roles) {
      if (role === 'foundational') continue;
      const core = exercises.filter((e) => e.track === track && isCore(e.exercise)).map((e) => e.exercise.id);
      assert.ok(core.length >= 2, `${track}: only ${core.length} core exercise(s): ${core.join(', ')}`);
    }
  });

  it('fits every module into about a week: core minutes within the module hours, at most 6 h', () => {
    for (const m of modules) {
      const core = exercises.filter((e) => e.dir.startsWith(m.dir + path.sep) && isCore(e.exercise));
      const minutes = core.reduce((sum, e) => sum + e.exercise.estimateMinutes, 0);
      assert.ok(m.hours <= 6, `${m.id}: ${m.hours} h is more than a week's budget; split the module`);
      assert.ok(minutes <= m.hours * 60, `${m.id}: core exercises need ${minutes} min but the module plans ${m.hours} h`);
    }
  });

  it('keeps a per-step estimate rationale beside each brief whose total is the exercise estimate', () => {
    const missing: string[] = [];
    for (const { dir, exercise } of exercises) {
      const file = path.join(dir, 'estimate.md');
      if (!existsSync(file)) {
        if (!ESTIMATE_RATIONALE_PENDING.has(exercise.id)) missing.push(exercise.id);
        continue;
      }
      const rows = readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.split('|').map((c) => c.trim()))
        .filter((cells) => cells.length >= 4 && /^\*{0,2}\d+\*{0,2}$/.test(cells[2] ?? ''));
      const total = rows.find((cells) => /total/i.test(cells[1] ?? ''));
      const steps = rows.filter((cells) => cells !== total);
      assert.ok(total, `${exercise.id}: estimate.md has no total row`);
      const n = (s: string | undefined) => Number(String(s).replace(/\*/g, ''));
      assert.equal(n(total[2]), exercise.estimateMinutes, `${exercise.id}: estimate.md total differs from estimateMinutes`);
      assert.equal(steps.reduce((s, c) => s + n(c[2]), 0), exercise.estimateMinutes, `${exercise.id}: step minutes do not add up`);
      assert.ok(steps.every((c) => (c[3] ?? '').length >= 10), `${exercise.id}: every step needs a written rationale`);
    }
    assert.deepEqual(missing, [], 'exercises without estimate.md');
  });

  it('judges every acceptance item by a probe or document check, or says what the mentor looks for', () => {
    for (const { exercise } of exercises) {
      const byId = new Map(exercise.checks.map((c) => [c.id, c]));
      exercise.acceptance.forEach((item, i) => {
        const where = `${exercise.id} acceptance ${i}`;
        assert.ok(typeof item === 'object', `${where}: a bare string is judged by nobody`);
        if (item.checks) {
          assert.equal(item.mentor, undefined, `${where}: either checks or mentor, not both`);
          for (const id of item.checks) {
            const c = byId.get(id);
            assert.ok(c, `${where}: unknown check ${id}`);
            assert.equal(checkLevel(c), 'core', `${where}: ${id} is a hint and cannot judge an acceptance item`);
          }
          assert.ok(item.checks.some((id) => JUDGING_KINDS.has(byId.get(id)!.kind)), `${where}: needs a probe or document check`);
        } else {
          assert.ok((item.mentor ?? '').length >= 60, `${where}: say concretely what the mentor looks for`);
        }
      });
      const core = exercise.checks.filter((c) => checkLevel(c) === 'core');
      assert.ok(core.some((c) => JUDGING_KINDS.has(c.kind)), `${exercise.id}: no core probe or document check`);
      for (const c of core) assert.ok(!HINT_ONLY_KINDS.has(c.kind), `${exercise.id}: ${c.kind} check ${c.id} passes on no work; make it a hint`);
    }
  });

  it('ships the templates and cases its checks name, and every document heading is in its template', () => {
    for (const { dir, exercise } of exercises) {
      for (const c of exercise.checks) {
        if (c.cases) {
          const file = path.join(dir, c.cases);
          assert.ok(existsSync(file), `${exercise.id}/${c.id}: missing ${c.cases}`);
          for (const line of readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())) {
            const parsed = JSON.parse(line) as { id?: unknown; input?: unknown };
            assert.ok(typeof parsed.id === 'string' && typeof parsed.input === 'object', `${exercise.id}/${c.cases}: each line needs id and input`);
          }
        }
        if (c.kind === 'document' && c.template) {
          const file = path.join(dir, c.template);
          assert.ok(existsSync(file), `${exercise.id}/${c.id}: missing ${c.template}`);
          const headings = new Set(
            readFileSync(file, 'utf8')
              .split('\n')
              .filter((l) => /^#{1,6}\s/.test(l))
              .map((l) => l.replace(/^#+\s*/, '').trim()),
          );
          for (const s of c.sections ?? []) assert.ok(headings.has(s.heading), `${exercise.id}/${c.id}: "${s.heading}" is not a heading of ${c.template}`);
        }
      }
    }
  });

  it('asks for evidence in committed files, never in a pull request, and gives build exercises a no-key path', () => {
    for (const { dir, exercise } of exercises) {
      const brief = readFileSync(path.join(dir, 'brief.md'), 'utf8');
      assert.doesNotMatch(brief, /\b(in|into|to) the (PR|pull request)( description)?\b|\bPR description\b/i, `${exercise.id}: evidence belongs in committed files`);
      if (exercise.checks.some((c) => c.kind === 'probe')) {
        assert.match(brief, /without an API key/i, `${exercise.id}: a build exercise says how to run it without a key`);
        assert.match(brief, /practicum model serve|--provider env/, `${exercise.id}: name the local model and the switch to a real provider`);
      }
    }
  });
});

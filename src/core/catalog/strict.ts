import { promises as fs } from 'node:fs';
import type { CatalogError, CatalogExercise } from './catalog';
import { locateJsonPath } from './jsonLocate';
import type { Exercise } from './schema';

/** Kinds that only show that something changed; they may hint at progress but never judge a criterion alone. */
const progressKinds = new Set(['files', 'diff', 'commits']);
/** Kinds that observe the behaviour a criterion names. */
const observingKinds = new Set(['probe', 'document']);

export interface StrictProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * The bar for the bundled catalog (and `practicum exercises validate --strict`): every acceptance
 * item says who judges it, every item judged by checks rests on at least one probe or document check
 * and only on core checks, and files/diff/commits checks are hints. Team catalogs need not meet it.
 */
export function strictExerciseProblems(e: Exercise): StrictProblem[] {
  const out: StrictProblem[] = [];
  const byId = new Map(e.checks.map((c) => [c.id, c]));
  e.checks.forEach((c, i) => {
    if (progressKinds.has(c.kind) && c.level !== 'hint') {
      out.push({ path: ['checks', i, 'level'], message: `a ${c.kind} check only shows that something changed; set "level": "hint" and judge the criterion with a probe or document check` });
    }
  });
  e.acceptance.forEach((item, i) => {
    if (typeof item === 'string') {
      out.push({ path: ['acceptance', i], message: 'say who judges this criterion: { "text", "checks": [ids] } or { "text", "mentor": "what the mentor looks for" }' });
      return;
    }
    if (!('checks' in item)) return;
    const checks = item.checks.map((id) => byId.get(id)).filter((c) => c !== undefined);
    if (!checks.some((c) => observingKinds.has(c.kind))) {
      out.push({ path: ['acceptance', i, 'checks'], message: 'no probe or document check judges this criterion; add one that observes the behaviour it names (files, diff and commits checks only show that something changed)' });
    }
    item.checks.forEach((id, j) => {
      if (byId.get(id)?.level === 'hint') out.push({ path: ['acceptance', i, 'checks', j], message: `check "${id}" is a hint; a criterion is judged by core checks` });
    });
  });
  return out;
}

/** Strict problems of loaded exercises as catalog errors, placed on their lines. */
export async function strictCatalogErrors(exercises: readonly CatalogExercise[]): Promise<CatalogError[]> {
  const out: CatalogError[] = [];
  for (const e of exercises) {
    const problems = strictExerciseProblems(e);
    if (problems.length === 0) continue;
    const text = await fs.readFile(e.location.file, 'utf8').catch(() => '');
    for (const p of problems) {
      const at = locateJsonPath(text, p.path);
      out.push({ source: e.location.source, file: e.location.file, path: p.path.join('.'), message: p.message, line: at?.line, column: at?.column, length: at?.length });
    }
  }
  return out;
}

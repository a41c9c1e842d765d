import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CatalogExercise } from '../catalog/catalog';

/**
 * The submission that does no work, which no core check of a bundled exercise should pass: the
 * starter files copied unchanged (templates also where a document check reads them), a one-line file
 * for each files-check glob, `true` for every input, every manual item attested.
 */
export interface TrivialSubmission {
  /** Repository-relative path → content, to commit on the exercise branch. */
  files: Record<string, string>;
  answers: Record<string, string>;
  attested: Set<string>;
}

/** A concrete path a glob matches: `evals/**\/*.{py,ts}` → `evals/x.py`. */
export function pathForGlob(glob: string): string {
  return glob
    .replace(/^\//, '')
    .replace(/\{([^,}]*)[^}]*\}/g, '$1')
    .replace(/\[([^\]])[^\]]*\]/g, '$1')
    .replace(/\*\*\//g, '')
    .replace(/\/\*\*$/, '/x.txt')
    .replace(/\*\*/g, 'x')
    .replace(/\*/g, 'x')
    .replace(/\?/g, 'x');
}

export async function trivialSubmission(exercise: CatalogExercise): Promise<TrivialSubmission> {
  const files: Record<string, string> = {};
  for (const f of exercise.starterFiles) files[f] = await fs.readFile(path.join(exercise.location.dir, 'starter', ...f.split('/')), 'utf8');
  for (const c of exercise.checks) {
    if (c.kind === 'files') {
      const p = pathForGlob(c.glob);
      files[p] ??= 'x\n';
    }
    if (c.kind === 'document' && c.template !== undefined && !c.path.includes('${')) {
      files[c.path] = await fs.readFile(path.join(exercise.location.dir, c.template), 'utf8').catch(() => 'x\n');
    }
  }
  return {
    files,
    answers: Object.fromEntries(exercise.inputs.map((i) => [i.id, 'true'])),
    attested: new Set(exercise.checks.filter((c) => c.kind === 'manual').map((c) => c.id)),
  };
}

import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** A catalog on disk: relative path -> JSON value (written pretty) or text. */
export type CatalogFiles = Record<string, unknown>;

export function writeCatalog(dir: string, files: CatalogFiles): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
  }
}

export function track(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, title: `Track ${id}`, summary: 'A track.', kind: 'role', role: 'backend', order: 1, ...over };
}

export function module(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, title: `Module ${id}`, summary: 'A module.', order: 0, hours: 5, handsOnShare: 0.7, outcomes: ['Does a thing.'], ...over };
}

export function exercise(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `Exercise ${id}`,
    summary: 'An exercise.',
    order: 0,
    estimateMinutes: 90,
    steps: ['Do it.'],
    acceptance: ['It is done.'],
    checks: [{ id: 'changed', title: 'Something changed', kind: 'files', glob: '**' }],
    ...over,
  };
}

/** The files of one complete exercise (JSON + brief) at `t/m/e`. */
export function exerciseFiles(t: string, m: string, e: string, over: Record<string, unknown> = {}): CatalogFiles {
  return { [`${t}/${m}/${e}/exercise.json`]: exercise(e, over), [`${t}/${m}/${e}/brief.md`]: `# ${e}\n\nWhy it matters.\n` };
}

/** A small valid catalog: track `t` with module `m` holding exercises `a` and `b`. */
export function smallCatalog(): CatalogFiles {
  return {
    't/track.json': track('t'),
    't/m/module.json': module('m'),
    ...exerciseFiles('t', 'm', 'a', { order: 1 }),
    ...exerciseFiles('t', 'm', 'b', { order: 0 }),
  };
}

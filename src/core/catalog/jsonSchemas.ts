import { z } from 'zod';
import { ExerciseSchema, ModuleSchema, TrackSchema } from './schema';

/** Catalog file kinds that have a JSON Schema under `schemas/<kind>.schema.json`. */
export const catalogFileKinds = ['track', 'module', 'exercise'] as const;
export type CatalogFileKind = (typeof catalogFileKinds)[number];

const titles: Record<CatalogFileKind, string> = {
  track: 'Practicum track (track.json)',
  module: 'Practicum module (module.json)',
  exercise: 'Practicum exercise (exercise.json)',
};

/**
 * JSON Schemas for authors' editors, generated from the zod schemas so the two never disagree.
 * Draft-07 because that is what VS Code's JSON language service reads best; input shapes, so fields
 * with defaults are optional.
 */
export function catalogJsonSchemas(): Record<CatalogFileKind, Record<string, unknown>> {
  const schemas = { track: TrackSchema, module: ModuleSchema, exercise: ExerciseSchema };
  const out = {} as Record<CatalogFileKind, Record<string, unknown>>;
  for (const kind of catalogFileKinds) {
    const generated = z.toJSONSchema(schemas[kind], { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
    const { $schema, ...rest } = generated;
    out[kind] = stripSafeIntegerBounds({ $schema, title: titles[kind], ...rest }) as Record<string, unknown>;
  }
  return out;
}

/** The text written to `schemas/<kind>.schema.json`. */
export function catalogJsonSchemaText(kind: CatalogFileKind): string {
  return JSON.stringify(catalogJsonSchemas()[kind], null, 2) + '\n';
}

/** zod states integer bounds as ±2^53-1; they only add noise to hovers. */
function stripSafeIntegerBounds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSafeIntegerBounds);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if ((k === 'maximum' || k === 'minimum') && Math.abs(x as number) === Number.MAX_SAFE_INTEGER) continue;
    out[k] = stripSafeIntegerBounds(x);
  }
  return out;
}

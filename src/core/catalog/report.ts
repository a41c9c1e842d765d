import * as path from 'node:path';
import { z } from 'zod';
import { errorFileRelative, type Catalog, type CatalogError, type CatalogSource } from './catalog';
import { ModuleSchema, TrackSchema } from './schema';

/** One error in `practicum exercises validate --json` (binding contract). */
export const ValidationErrorSchema = z.object({
  /** Path of the file at fault, relative to the validated folder, `/`-separated. */
  file: z.string(),
  /** Field path such as `checks.2.kind`, or null for the whole file. */
  path: z.string().nullable(),
  message: z.string(),
});

/** `practicum exercises validate DIR --json` (binding contract `practicum.catalog-validation/v1`). */
export const CatalogValidationSchema = z.object({
  schema: z.literal('practicum.catalog-validation/v1'),
  ok: z.boolean(),
  /** How many exercises in the folder are valid and placed in a valid track and module. */
  exercises: z.number().int().nonnegative(),
  errors: z.array(ValidationErrorSchema),
});
export type CatalogValidation = z.infer<typeof CatalogValidationSchema>;

/** The validation report for one source of a loaded catalog: only that source's exercises and errors. */
export function validationReport(catalog: Catalog, source: CatalogSource): CatalogValidation {
  const errors = catalog.errors.filter((e) => e.source === source).map((e) => ({ file: errorFileRelative(e), path: e.path, message: e.message }));
  const exercises = catalog.exercises.filter((e) => e.location.source === source).length;
  return { schema: 'practicum.catalog-validation/v1', ok: errors.length === 0, exercises, errors };
}

const listedExercise = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  order: z.number(),
  estimateMinutes: z.number(),
  level: z.enum(['core', 'stretch']),
  checks: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string() })),
  /** `bundled`, `repository` or `folder`. */
  origin: z.string(),
  /** Folder of the exercise, absolute. */
  dir: z.string(),
  /** True when it replaces a bundled exercise with the same id. */
  replacesBundled: z.boolean(),
});

/** `practicum exercises list --json` (`practicum.catalog/v1`). */
export const CatalogListingSchema = z.object({
  schema: z.literal('practicum.catalog/v1'),
  tracks: z.array(
    TrackSchema.omit({ $schema: true }).extend({
      origin: z.string(),
      modules: z.array(ModuleSchema.omit({ $schema: true }).extend({ origin: z.string(), exercises: z.array(listedExercise) })),
    }),
  ),
  /** Total number of exercises listed. */
  exercises: z.number().int().nonnegative(),
  errors: z.array(ValidationErrorSchema.extend({ source: z.string() })),
});
export type CatalogListing = z.infer<typeof CatalogListingSchema>;

/** The whole catalog as `practicum exercises list --json` prints it. */
export function catalogListing(catalog: Catalog): CatalogListing {
  const strip = <T extends { $schema?: string; location: unknown }>(x: T) => {
    const { $schema: _s, location: _l, ...rest } = x;
    return rest;
  };
  return {
    schema: 'practicum.catalog/v1',
    tracks: catalog.tracks.map((t) => ({
      ...strip(t),
      origin: t.location.source.origin,
      modules: t.modules.map((m) => {
        const { trackId: _t, exercises, ...mod } = strip(m);
        return {
          ...mod,
          origin: m.location.source.origin,
          exercises: exercises.map((e) => ({
            id: e.id,
            title: e.title,
            summary: e.summary,
            order: e.order,
            estimateMinutes: e.estimateMinutes,
            level: e.level,
            checks: e.checks.map((c) => ({ id: c.id, kind: c.kind, title: c.title })),
            origin: e.location.source.origin,
            dir: e.location.dir,
            replacesBundled: e.location.replaces !== undefined,
          })),
        };
      }),
    })),
    exercises: catalog.exercises.length,
    errors: catalog.errors.map((e: CatalogError) => ({ source: path.resolve(e.source.dir), file: errorFileRelative(e), path: e.path, message: e.message })),
  };
}

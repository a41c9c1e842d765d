import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { IdSchema } from '../catalog/schema';
import { errorMessage } from '../errors';
import { LEVELS, type Level } from './levels';

export { LEVELS, LEVEL_LABELS, levelRank, type Level } from './levels';
/** A rubric level id (see `levels.ts`). */
export const LevelSchema = z.enum(LEVELS);

const Behaviours = z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'must list at least one behaviour').max(6);

/** One skill dimension: what each level looks like in day-to-day work. */
export const RubricDimensionSchema = z
  .object({
    /** Matches `module.skill` in the catalog for the five built-in dimensions. */
    id: IdSchema,
    title: z.string().trim().min(1),
    summary: z.string().trim().min(1).optional(),
    levels: z.object({ aware: Behaviours, practicing: Behaviours, proficient: Behaviours, expert: Behaviours }).strict(),
  })
  .strict();
export type RubricDimension = z.infer<typeof RubricDimensionSchema>;

/**
 * The skill rubric (`media/rubric.json`, or a team's `.practicum/rubric.json`). Before/after
 * comparisons only pair assessments made with the same rubric `id`.
 */
export const RubricSchema = z
  .object({
    $schema: z.string().optional(),
    id: IdSchema,
    version: z.number().int().positive(),
    title: z.string().trim().min(1),
    dimensions: z
      .array(RubricDimensionSchema)
      .min(1, 'must list at least one dimension')
      .max(12, 'at most 12 dimensions: the self-assessment should take about 3 minutes')
      .superRefine((dims, ctx) => {
        const seen = new Set<string>();
        dims.forEach((d, i) => {
          if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicates dimension id "${d.id}"` });
          seen.add(d.id);
        });
      }),
  })
  .strict();
export type Rubric = z.infer<typeof RubricSchema>;

/** Self-assessed level per dimension id. */
export const LevelsSchema = z.record(IdSchema, LevelSchema);
export type Levels = z.infer<typeof LevelsSchema>;

/** Which rubric an assessment was made with. */
export const RubricRefSchema = z.object({ id: IdSchema, version: z.number().int().positive() }).strict();
export type RubricRef = z.infer<typeof RubricRefSchema>;

/** `dimensions[2].levels.expert` from a zod issue path. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(root)';
}

/** A rubric parse result: the rubric, or the first problem with the field it is in. */
export type RubricParse = { ok: true; rubric: Rubric } | { ok: false; field: string; message: string };

export function parseRubric(json: unknown): RubricParse {
  const r = RubricSchema.safeParse(json);
  if (r.success) return { ok: true, rubric: r.data };
  const first = r.error.issues[0];
  return { ok: false, field: first ? fieldPath(first.path) : '(root)', message: first?.message ?? 'invalid' };
}

/** The rubric in use and where it came from; `problem` explains why a team rubric was not used. */
export interface RubricLoad {
  rubric: Rubric;
  source: 'built-in' | 'team';
  problem: string | null;
}

/**
 * Loads the built-in rubric, replaced by the team's file when one exists and is valid. A broken team
 * rubric never blocks anyone: the built-in one is used and `problem` names the file and the field.
 */
export async function loadRubric(builtinFile: string, teamFile?: string): Promise<RubricLoad> {
  const builtin = await readRubricFile(builtinFile);
  if (!builtin.ok) throw new Error(`Built-in rubric ${builtinFile} is invalid: ${builtin.problem}`);
  if (!teamFile) return { rubric: builtin.rubric, source: 'built-in', problem: null };
  const team = await readRubricFile(teamFile);
  if (team.ok) return { rubric: team.rubric, source: 'team', problem: null };
  if (team.missing) return { rubric: builtin.rubric, source: 'built-in', problem: null };
  return {
    rubric: builtin.rubric,
    source: 'built-in',
    problem: `Team rubric ${teamFile}: ${team.problem}. Using the built-in rubric until that is fixed.`,
  };
}

type FileRead = { ok: true; rubric: Rubric } | { ok: false; missing: boolean; problem: string };

async function readRubricFile(file: string): Promise<FileRead> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, problem: missing ? 'file not found' : errorMessage(e) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, missing: false, problem: `not valid JSON (${errorMessage(e)})` };
  }
  const parsed = parseRubric(json);
  return parsed.ok ? parsed : { ok: false, missing: false, problem: `field ${parsed.field}: ${parsed.message}` };
}

/** The levels answered for exactly this rubric's dimensions, or the ids that are missing. */
export function checkLevels(rubric: Rubric, levels: Levels): { ok: true; levels: Levels } | { ok: false; missing: string[]; unknown: string[] } {
  const ids = rubric.dimensions.map((d) => d.id);
  const missing = ids.filter((id) => !levels[id]);
  const unknown = Object.keys(levels).filter((k) => !ids.includes(k));
  if (missing.length || unknown.length) return { ok: false, missing, unknown };
  return { ok: true, levels: Object.fromEntries(ids.map((id) => [id, levels[id] as Level])) };
}

export function rubricRef(rubric: Rubric): RubricRef {
  return { id: rubric.id, version: rubric.version };
}

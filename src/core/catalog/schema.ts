import { z } from 'zod';

/** Ids are lower-case kebab-case, unique across every catalog source. */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case, e.g. "rag-prototype"');

/** Roles a learner can pick; a role track names the role it serves. */
export const RoleSchema = z.enum(['backend', 'frontend', 'data', 'platform', 'lead']);
export type Role = z.infer<typeof RoleSchema>;

/** Rubric dimensions (see the profile rubric); a module may name the one it builds. */
export const SkillDimensionSchema = z.enum(['fundamentals', 'llm-prompting', 'ai-assisted-dev', 'data-for-ai', 'ai-in-production']);
export type SkillDimension = z.infer<typeof SkillDimensionSchema>;

/** `exercises/<track>/track.json` */
export const TrackSchema = z
  .object({
    $schema: z.string().optional(),
    id: IdSchema,
    title: z.string().min(1),
    summary: z.string().min(1),
    kind: z.enum(['foundational', 'role']),
    /** The role a role track serves; null for the foundational track. */
    role: RoleSchema.nullable(),
    /** Position in the catalog, ascending. */
    order: z.number().int().nonnegative(),
  })
  .strict();
export type Track = z.infer<typeof TrackSchema>;

/** `exercises/<track>/<module>/module.json` */
export const ModuleSchema = z
  .object({
    $schema: z.string().optional(),
    id: IdSchema,
    title: z.string().min(1),
    summary: z.string().min(1),
    /** Position within the track, ascending. */
    order: z.number().int().nonnegative(),
    /** Planned learning time for the module (a week is about 5 h). */
    hours: z.number().positive().max(40),
    /** Share of that time that is hands-on (0..1); programs aim for >= 0.6. */
    handsOnShare: z.number().min(0).max(1),
    /** Rubric dimension the module builds; lets a learner test out of it. */
    skill: SkillDimensionSchema.optional(),
    /** What a learner can do after the module, as behaviour. */
    outcomes: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type Module = z.infer<typeof ModuleSchema>;

/** A value the learner answers once per repository (e.g. their test command). Referenced in checks as `${input:<id>}`. */
export const InputSchema = z
  .object({
    id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be camelCase, e.g. "testCommand"'),
    prompt: z.string().min(1),
    placeholder: z.string().optional(),
  })
  .strict();
export type ExerciseInput = z.infer<typeof InputSchema>;

const checkBase = {
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: z.string().min(1),
};

/** A shell command run in the repository root (trusted workspaces only). */
export const CommandCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('command'),
    command: z.string().min(1),
    timeoutSeconds: z.number().int().positive().max(3600).default(300),
    expectExit: z.number().int().default(0),
    /** Regular expression the combined output must match. */
    outputPattern: z.string().optional(),
  })
  .strict();

/** At least one changed file on the exercise branch matches the glob. */
export const FilesCheckSchema = z
  .object({ ...checkBase, kind: z.literal('files'), glob: z.string().min(1), minCount: z.number().int().positive().default(1) })
  .strict();

/** Added lines on the exercise branch match a regular expression (optionally only in files matching `glob`). */
export const DiffCheckSchema = z
  .object({ ...checkBase, kind: z.literal('diff'), pattern: z.string().min(1), glob: z.string().optional() })
  .strict();

/** An AI-related commit (assisted or building) on the exercise branch. */
export const AiCommitCheckSchema = z
  .object({ ...checkBase, kind: z.literal('aiCommit'), which: z.enum(['any', 'assisted', 'building']).default('any') })
  .strict();

/** At least `min` commits on the exercise branch. */
export const CommitsCheckSchema = z
  .object({ ...checkBase, kind: z.literal('commits'), min: z.number().int().positive() })
  .strict();

/** A self-attested item, shown to the mentor as self-attested. */
export const ManualCheckSchema = z
  .object({ ...checkBase, kind: z.literal('manual'), description: z.string().min(1) })
  .strict();

export const CheckSchema = z.discriminatedUnion('kind', [
  CommandCheckSchema,
  FilesCheckSchema,
  DiffCheckSchema,
  AiCommitCheckSchema,
  CommitsCheckSchema,
  ManualCheckSchema,
]);
export type Check = z.infer<typeof CheckSchema>;
export type CheckKind = Check['kind'];

/** `exercises/<track>/<module>/<exercise>/exercise.json` (+ `brief.md`, optional `starter/`). */
export const ExerciseSchema = z
  .object({
    $schema: z.string().optional(),
    id: IdSchema,
    title: z.string().min(1),
    summary: z.string().min(1),
    /** Position within the module, ascending. */
    order: z.number().int().nonnegative(),
    estimateMinutes: z.number().int().positive().max(2400),
    level: z.enum(['core', 'stretch']).default('core'),
    /** Short imperative steps, shown in the exercise view. */
    steps: z.array(z.string().min(1)).min(1),
    /** What a reviewer checks; each item testable. */
    acceptance: z.array(z.string().min(1)).min(1),
    /** Revealed one at a time, in order. */
    hints: z.array(z.string().min(1)).default([]),
    inputs: z.array(InputSchema).default([]),
    checks: z.array(CheckSchema).min(1),
  })
  .strict();
export type Exercise = z.infer<typeof ExerciseSchema>;

import { z } from 'zod';
import { checkBase, CheckIdSchema } from './checkBase';
import { DocumentCheckSchema, ProbeCheckSchema } from './probeSchema';

/** Ids are lower-case kebab-case, unique across every catalog source. */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case, e.g. "rag-prototype"')
  // "none" is the key reports use for time with no exercise (`practicum time` byExercise).
  .refine((id) => id !== 'none', 'must not be "none", which reports use for "no exercise"');

const id = (what: string) => IdSchema.describe(`${what} id: lower-case kebab-case, the same as its folder name, unique across every catalog source.`);

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
    id: id('Track'),
    title: z.string().min(1),
    summary: z.string().min(1).describe('Who the track is for and what they will be able to do after it.'),
    kind: z.enum(['foundational', 'role']).describe('"foundational" for the track everyone takes first; "role" for a role track.'),
    /** The role a role track serves; null for the foundational track. */
    role: RoleSchema.nullable().describe('The role a role track serves; null for the foundational track.'),
    /** Position in the catalog, ascending. */
    order: z.number().int().nonnegative().describe('Position in the catalog, ascending.'),
  })
  .strict();
export type Track = z.infer<typeof TrackSchema>;

/** `exercises/<track>/<module>/module.json` */
export const ModuleSchema = z
  .object({
    $schema: z.string().optional(),
    id: id('Module'),
    title: z.string().min(1),
    summary: z.string().min(1),
    /** Position within the track, ascending. */
    order: z.number().int().nonnegative().describe('Position within the track, ascending.'),
    /** Planned learning time for the module (a week is about 5 h). */
    hours: z.number().positive().max(40).describe('Planned learning time for the module in hours (a week is about 5 h).'),
    /** Share of that time that is hands-on (0..1); programs aim for >= 0.6. */
    handsOnShare: z.number().min(0).max(1).describe('Share of the time that is hands-on, 0..1; aim for at least 0.6.'),
    /** Rubric dimension the module builds; lets a learner test out of it. */
    skill: SkillDimensionSchema.optional().describe('Rubric dimension the module builds; lets a learner test out of it.'),
    /** What a learner can do after the module, as behaviour. */
    outcomes: z.array(z.string().min(1)).min(1).describe('What a learner can do after the module, stated as behaviour.'),
  })
  .strict();
export type Module = z.infer<typeof ModuleSchema>;

/** A value the learner answers once per repository (e.g. their test command). Referenced in checks as `${input:<id>}`. */
export const InputSchema = z
  .object({
    id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be camelCase, e.g. "testCommand"').describe('camelCase; referenced in a command check as ${input:<id>}. Answers are kept per repository and shared by every exercise using the same id.'),
    prompt: z.string().min(1).describe('The question shown to the learner, e.g. "Command that runs your tests".'),
    placeholder: z.string().optional().describe('An example answer shown greyed out, e.g. "npm test".'),
  })
  .strict();
export type ExerciseInput = z.infer<typeof InputSchema>;

export { CheckIdSchema, CheckLevelSchema, type CheckLevel } from './checkBase';

/** A shell command run in the repository root (trusted workspaces only). */
export const CommandCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('command').describe('Runs a shell command in the repository root; only in trusted workspaces.'),
    command: z.string().min(1).describe('Shell command; ${input:<id>} is replaced by the learner\'s answer to that input.'),
    timeoutSeconds: z.number().int().positive().max(3600).default(300).describe('The command is stopped and the check fails after this many seconds.'),
    expectExit: z.number().int().default(0).describe('Exit code that passes.'),
    /** Regular expression the combined output must match. */
    outputPattern: z.string().optional().describe('Regular expression (RE2 syntax: no backreferences or lookaround) the combined stdout and stderr must match; ^ and $ match at line breaks.'),
  })
  .strict();

/** At least one changed file on the exercise branch matches the glob. */
export const FilesCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('files').describe('Passes when files matching the glob were added or changed on the exercise branch.'),
    glob: z.string().min(1).describe('Glob over repository-relative paths (*, **, ?, {a,b}, [ab]); a glob without "/" matches file names in any folder, a leading "/" anchors it at the root; each {a,b} alternative is read as if written alone.'),
    minCount: z.number().int().positive().default(1).describe('How many matching changed files are needed.'),
  })
  .strict();

/** Added lines on the exercise branch match a regular expression (optionally only in files matching `glob`). */
export const DiffCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('diff').describe('Passes when a line added on the exercise branch matches the pattern (removed lines never count).'),
    pattern: z.string().min(1).describe('Regular expression (RE2 syntax: no backreferences or lookaround) tested against each added line.'),
    glob: z.string().optional().describe('Only look at added lines in files matching this glob.'),
  })
  .strict();

/** An AI-related commit (assisted or building) on the exercise branch. */
export const AiCommitCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('aiCommit').describe('Passes when a commit on the exercise branch is AI-related.'),
    which: z.enum(['any', 'assisted', 'building']).default('any').describe('"assisted": written with an AI tool; "building": adds AI to the product; "any": either.'),
  })
  .strict();

/** At least `min` commits on the exercise branch. */
export const CommitsCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('commits').describe('Passes when the exercise branch has at least `min` commits.'),
    min: z.number().int().positive(),
  })
  .strict();

export { DocumentCheckSchema, ProbeCheckSchema, ProbeEvaluatorSchema, type ProbeEvaluator } from './probeSchema';

/** A self-attested item, shown to the mentor as self-attested. */
export const ManualCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('manual').describe('The learner attests it; the mentor sees it marked as self-attested.'),
    description: z.string().min(1).describe('What exactly the learner confirms.'),
  })
  .strict();

export const CheckSchema = z.discriminatedUnion('kind', [
  CommandCheckSchema,
  FilesCheckSchema,
  DiffCheckSchema,
  AiCommitCheckSchema,
  CommitsCheckSchema,
  ManualCheckSchema,
  ProbeCheckSchema,
  DocumentCheckSchema,
]);
export type Check = z.infer<typeof CheckSchema>;
export type CheckKind = Check['kind'];
/** Every check kind, in the order authors meet them. */
export const checkKinds: readonly CheckKind[] = ['command', 'files', 'diff', 'aiCommit', 'commits', 'manual', 'probe', 'document'];
export type ProbeCheck = z.infer<typeof ProbeCheckSchema>;
export type DocumentCheck = z.infer<typeof DocumentCheckSchema>;

/** An acceptance criterion: legacy text, text judged by named checks, or text only a mentor judges. */
export const AcceptanceItemSchema = z.union([
  z.string().min(1).describe('Legacy form: text only, judged by nobody in particular. Bundled exercises use the object forms.'),
  z
    .object({
      text: z.string().min(1).describe('The criterion as the learner reads it.'),
      checks: z.array(CheckIdSchema).min(1).describe('Ids of the checks that judge it; in the bundled catalog at least one is a probe or document check.'),
    })
    .strict(),
  z
    .object({
      text: z.string().min(1).describe('The criterion as the learner reads it.'),
      mentor: z.string().min(1).describe('What the mentor looks for, concretely; no automatic check judges it.'),
    })
    .strict(),
]);
export type AcceptanceItem = z.infer<typeof AcceptanceItemSchema>;

/** The text of an acceptance item, whatever its form. */
export const acceptanceText = (item: AcceptanceItem): string => (typeof item === 'string' ? item : item.text);

/** `exercises/<track>/<module>/<exercise>/exercise.json` (+ `brief.md`, optional `starter/`). */
export const ExerciseSchema = z
  .object({
    $schema: z.string().optional(),
    id: IdSchema.describe('Exercise id: lower-case kebab-case, the same as its folder name, unique across every catalog source. The exercise branch is practicum/<id>; a team exercise with a bundled id replaces the bundled one.'),
    title: z.string().min(1),
    summary: z.string().min(1),
    /** Position within the module, ascending. */
    order: z.number().int().nonnegative().describe('Position within the module, ascending.'),
    estimateMinutes: z.number().int().positive().max(2400).describe('Expected hands-on time in minutes.'),
    level: z.enum(['core', 'stretch']).default('core'),
    /** Short imperative steps, shown in the exercise view. */
    steps: z.array(z.string().min(1)).min(1).describe('Short imperative steps, shown in the exercise view.'),
    /** What a reviewer checks; each item testable. */
    acceptance: z.array(AcceptanceItemSchema).min(1).describe('What the reviewer checks; each item testable: { text, checks: [ids] } when checks judge it, { text, mentor } when only the mentor can.'),
    /** Revealed one at a time, in order. */
    hints: z.array(z.string().min(1)).default([]).describe('Revealed one at a time, in order.'),
    inputs: z.array(InputSchema).default([]).describe('Values the learner answers once per repository, e.g. their test command.'),
    checks: z.array(CheckSchema).min(1),
  })
  .strict();
export type Exercise = z.infer<typeof ExerciseSchema>;

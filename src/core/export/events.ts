import { z } from 'zod';
import { IdSchema, RoleSchema } from '../catalog/schema';
import { CheckResultSchema } from '../checks/result';

/** Version tag of one event envelope (`practicum.event/v1`). */
export const EVENT_SCHEMA = 'practicum.event/v1';

const Iso = z.iso.datetime({ offset: true });
const Count = z.number().int().nonnegative();
const Round = z.number().int().min(1).max(100);
const FreeText = z.string().max(2000);

/**
 * A detection rule's name, e.g. `co-author:claude` or `sdk:openai`. Scan signals carry what matched in
 * parentheses (`sdk:openai(+src/rag.py)`), which can be a path: only the name before it is exported,
 * and the pattern refuses `/`, `\` and parentheses so a path can never pass.
 */
const SignalName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,79}$/, 'must be a signal name without paths');

const CheckKind = CheckResultSchema.shape.kind;
const CheckCounts = z.object({ pass: Count, fail: Count, skipped: Count, error: Count });
const Level = z.enum(['aware', 'practicing', 'proficient', 'expert']);

/**
 * The `data` of each event type. Objects strip unknown keys, so a field a feature adds by mistake
 * (a path, a message) never reaches the outbox; the sink logs the names of dropped keys.
 */
export const EventDataSchemas = {
  session: z
    .object({
      start: Iso,
      end: Iso,
      seconds: Count,
      exercise: IdSchema.nullable(),
      aiAssistedSeconds: Count,
    })
    .describe('A stretch of hands-on editor time (heartbeats closer than the idle timeout).'),
  'exercise.started': z
    .object({
      exercise: IdSchema,
      track: IdSchema.nullable().default(null),
      module: IdSchema.nullable().default(null),
      estimateMinutes: Count.optional(),
      /** Which catalog the exercise came from. */
      origin: z.enum(['bundled', 'repository', 'folder']).optional(),
      /** What happened to uncommitted work when the exercise branch was created. */
      uncommittedChanges: z.enum(['clean', 'carry', 'stash']).optional(),
    })
    .describe('The learner started an exercise on a branch of their repository.'),
  'exercise.checked': z
    .object({
      exercise: IdSchema,
      track: IdSchema.nullable().default(null),
      module: IdSchema.nullable().default(null),
      /** Checks that passed, of `total`. */
      passed: Count,
      total: Count,
      byKind: z.partialRecord(CheckKind, CheckCounts),
      durationMs: Count.optional(),
    })
    .describe("An exercise's checks ran: outcomes counted per check kind."),
  'exercise.submitted': z
    .object({
      exercise: IdSchema,
      /** Null when the submitter had no catalog at hand (the review flow called directly). */
      track: IdSchema.nullable().default(null),
      module: IdSchema.nullable().default(null),
      round: Round,
      /** Where the submission was recorded. */
      where: z.enum(['local', 'git']),
      /** Check results recorded with the submission: how many, how many passed, and passed manual checks the learner attested. */
      checksTotal: Count,
      checksPassed: Count,
      selfAttested: Count,
      byKind: z.partialRecord(CheckKind, CheckCounts),
    })
    .describe('The learner submitted an exercise for review (round 2+ after changes were requested).'),
  'review.completed': z
    .object({
      exercise: IdSchema,
      verdict: z.enum(['approve', 'changes', 'comment']),
      round: Round,
      turnaroundHours: z.number().nonnegative().nullable(),
      firstReview: z.boolean().optional(),
      /** Number of line comments (never their text). */
      comments: Count.optional(),
    })
    .describe("A mentor reviewed a submission: verdict, hours since submission, round. `learner` is the submitter's pseudonym, not the mentor's."),
  'ai.commit': z
    .object({
      authoredAt: Iso,
      kinds: z.array(z.enum(['assisted', 'building'])).min(1).max(2),
      signals: z.array(SignalName).max(50),
      exercise: IdSchema.nullable().default(null),
      /** Only when the team opts in (`practicum.export.includeCommitDetails`). */
      hash: z.string().regex(/^[0-9a-f]{40}$/).optional(),
      /** Only when the team opts in (`practicum.export.includeCommitDetails`). */
      message: z.string().max(4000).optional(),
    })
    .describe('An AI-related commit: author time, kinds and the names of the signals that decided it.'),
  'assessment.completed': z
    .object({
      phase: z.enum(['before', 'after']),
      track: IdSchema.nullable().default(null),
      role: RoleSchema.nullable().default(null),
      rubric: z.object({ id: IdSchema, version: z.number().int().positive() }).optional(),
      /** Level per rubric dimension id (a team rubric may name its own dimensions). */
      levels: z.record(IdSchema, Level),
      /** The path chosen at onboarding (`before` only). */
      path: z.object({ tracks: z.array(IdSchema), testOut: z.array(IdSchema), suggestedTestOut: z.array(IdSchema) }).nullable().optional(),
    })
    .describe('A skill self-assessment (before or after a track): level per rubric dimension. Never a performance rating.'),
  'survey.completed': z
    .object({
      module: IdSchema,
      track: IdSchema.nullable().default(null),
      /** Likelihood to recommend the module, 0-10. */
      nps: z.number().int().min(0).max(10).nullable(),
      minutesTaken: Count.nullable().default(null),
      helped: FreeText.nullable().default(null),
      didNotHelp: FreeText.nullable().default(null),
      trackCompleted: z.boolean().optional(),
      reminded: z.boolean().optional(),
    })
    .describe('Module feedback: likelihood to recommend (0-10), time taken, what helped and what did not.'),
} as const;

/** An event type, e.g. `session` or `exercise.checked`. */
export type EventType = keyof typeof EventDataSchemas;
/** Every event type, in the order shown to the user. */
export const EVENT_TYPES = Object.keys(EventDataSchemas) as EventType[];

export function isEventType(t: string): t is EventType {
  return Object.prototype.hasOwnProperty.call(EventDataSchemas, t);
}

/** HMAC-SHA256 of the learner's git email, hex (see learnerId.ts). */
export const LearnerIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character hex pseudonym');

function envelope<T extends EventType>(type: T) {
  return z.object({
    schema: z.literal(EVENT_SCHEMA),
    id: z.uuid(),
    type: z.literal(type),
    at: z.iso.datetime(),
    learner: LearnerIdSchema,
    cohort: z.string().min(1).max(100).nullable(),
    data: EventDataSchemas[type] as (typeof EventDataSchemas)[T],
  });
}

/** One event as stored in the outbox (one per line) and sent to the endpoint. */
export const EventEnvelopeSchema = z.discriminatedUnion('type', [
  envelope('session'),
  envelope('exercise.started'),
  envelope('exercise.checked'),
  envelope('exercise.submitted'),
  envelope('review.completed'),
  envelope('ai.commit'),
  envelope('assessment.completed'),
  envelope('survey.completed'),
]);
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

/** What the sink may add: commit hashes and messages leave the machine only when the team opts in. */
export interface DataPolicy {
  includeCommitDetails: boolean;
}

/** What normalising one event's data produced: the data to store, or why it cannot be stored. */
export type NormalizedData =
  | { ok: true; data: Record<string, unknown>; droppedKeys: string[] }
  | { ok: false; problem: string };

/**
 * Validates a feature's `data` for `type` and applies the privacy policy: signal details are cut to
 * their names, commit hash and message are removed unless opted in, unknown keys are dropped.
 * Problems name fields, never values (values may be private).
 */
export function normalizeData(type: string, data: Record<string, unknown>, policy: DataPolicy): NormalizedData {
  if (!isEventType(type)) return { ok: false, problem: `unknown event type "${type}"` };
  let input: Record<string, unknown> = data;
  if (type === 'ai.commit') {
    input = { ...data };
    if (Array.isArray(input.signals)) input.signals = input.signals.map((s) => (typeof s === 'string' ? signalName(s) : s));
    if (!policy.includeCommitDetails) {
      delete input.hash;
      delete input.message;
    }
  }
  const parsed = (EventDataSchemas[type] as z.ZodType<Record<string, unknown>>).safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
    return { ok: false, problem: `${type}: ${fields}` };
  }
  const known = new Set(Object.keys(parsed.data));
  const droppedKeys = Object.keys(input).filter((k) => !known.has(k) && input[k] !== undefined);
  return { ok: true, data: parsed.data, droppedKeys };
}

/** `sdk:openai(+src/rag.py)` → `sdk:openai`: the rule's name without what it matched. */
export function signalName(signal: string): string {
  const cut = signal.indexOf('(');
  return (cut >= 0 ? signal.slice(0, cut) : signal).trim();
}

/** The JSON Schema of the envelope, as published in the README (patterns of standard formats left to `format`). */
export function eventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(EventEnvelopeSchema, {
    io: 'output',
    override: (ctx) => {
      const s = ctx.jsonSchema as Record<string, unknown>;
      if (s.format === 'date-time' || s.format === 'uuid') delete s.pattern;
      if (s.type === 'integer' && s.minimum !== undefined && s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
    },
  }) as Record<string, unknown>;
}

import { z } from 'zod';
import { CheckLevelSchema, checkKinds, type CheckKind } from '../catalog/schema';

/** A measured figure's target: `>=` for shares and rates that must reach it, `<=` for limits. */
export const MetricTargetSchema = z.object({ op: z.enum(['>=', '<=']), value: z.number() });
export type MetricTarget = z.infer<typeof MetricTargetSchema>;

/** One case a probe judged as failing, with a reason the learner can act on. */
export const FailingCaseSchema = z.object({
  /** The case id from its JSONL line (or the bundled corpus). */
  id: z.string(),
  reason: z.string(),
});
export type FailingCase = z.infer<typeof FailingCaseSchema>;

/** The outcome of one exercise check, as stored with progress and in submissions. */
export const CheckResultSchema = z.object({
  /** The check's id within its exercise. */
  id: z.string(),
  kind: z.enum(checkKinds as [CheckKind, ...CheckKind[]]),
  /** `core` decides completion; `hint` only shows progress. Results stored before levels existed read as core. */
  level: CheckLevelSchema.default('core'),
  title: z.string(),
  /** `skipped`: could not run here (e.g. untrusted workspace); `error`: the check itself failed to run. */
  status: z.enum(['pass', 'fail', 'skipped', 'error']),
  /** True for `manual` checks: the learner attested it, nothing verified it. */
  selfAttested: z.boolean().default(false),
  /** One line saying why, shown next to the result. */
  message: z.string(),
  /** Captured output (commands), truncated. */
  output: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  /** Measured figures (probe checks), e.g. `{ hitAt5: 0.73 }`. */
  metrics: z.record(z.string(), z.number()).optional(),
  /** The target each figure was judged against, by the same key. */
  targets: z.record(z.string(), MetricTargetSchema).optional(),
  /** Cases that failed (at most a few dozen), each with its reason. */
  failingCases: z.array(FailingCaseSchema).optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

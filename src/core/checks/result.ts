import { z } from 'zod';

/** The outcome of one exercise check, as stored with progress and in submissions. */
export const CheckResultSchema = z.object({
  /** The check's id within its exercise. */
  id: z.string(),
  kind: z.enum(['command', 'files', 'diff', 'aiCommit', 'commits', 'manual']),
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
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

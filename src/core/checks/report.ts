import { z } from 'zod';
import { CheckResultSchema, type CheckResult } from './result';

/** `practicum check --json` (binding contract `practicum.check/v1`). */
export const CheckReportSchema = z.object({
  schema: z.literal('practicum.check/v1'),
  exercise: z.string(),
  /** The commit judged: the head of practicum/<exercise>. */
  commit: z.string(),
  /** Where the exercise's work starts. */
  base: z.string(),
  /** `local`: the local model provider started per probe; `env`: the learner's own provider. */
  provider: z.enum(['local', 'env']),
  /** True when every core check that is not manual passed. */
  passed: z.boolean(),
  results: z.array(CheckResultSchema),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

/** Results that decide completion: core, and verified by something other than the learner's word. */
export const decidingResults = (results: readonly CheckResult[]): CheckResult[] => results.filter((r) => r.level === 'core' && r.kind !== 'manual');

/** Whether the deciding results all pass (and there is at least one). */
export const allCorePass = (results: readonly CheckResult[]): boolean => {
  const deciding = decidingResults(results);
  return deciding.length > 0 && deciding.every((r) => r.status === 'pass');
};

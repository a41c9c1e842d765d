import { z } from 'zod';
import { CheckResultSchema, type CheckResult } from './result';

/**
 * One result as `practicum.check/v1` prints it: the stored result with the contract's own names,
 * `status` in pass|fail|skip|error and `detail` for the one-line reason (`message` stays for readers
 * written against the first output).
 */
export const ReportResultSchema = CheckResultSchema.extend({
  status: z.enum(['pass', 'fail', 'skip', 'error']),
  detail: z.string(),
});
export type ReportResult = z.infer<typeof ReportResultSchema>;

/** A stored result in the report's words. */
export const toReportResult = (r: CheckResult): ReportResult => ({ ...r, status: r.status === 'skipped' ? 'skip' : r.status, detail: r.message });

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
  results: z.array(ReportResultSchema),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

/** Results that decide completion: core, and verified by something other than the learner's word. */
export const decidingResults = <T extends Pick<CheckResult, 'level' | 'kind'>>(results: readonly T[]): T[] => results.filter((r) => r.level === 'core' && r.kind !== 'manual');

/** Whether the deciding results all pass (and there is at least one). */
export const allCorePass = (results: readonly CheckResult[]): boolean => {
  const deciding = decidingResults(results);
  return deciding.length > 0 && deciding.every((r) => r.status === 'pass');
};

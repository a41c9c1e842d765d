import type { Check, Exercise } from '../catalog/schema';
import { errorMessage } from '../errors';
import type { CheckEnvironment } from './environment';
import { aiCommitCheck, commandCheck, commitsCheck, diffCheck, filesCheck, manualCheck, type Verdict } from './kinds';
import type { CheckResult } from './result';
import { documentCheck } from './document';
import { probeCheck } from './probe/probeCheck';

/** What the runner needs of an exercise: its checks, inputs, and its folder (probe cases and templates live there). */
export type CheckedExercise = Pick<Exercise, 'checks' | 'inputs'> & { location?: { dir: string } };

/** Checks that need no command and read only git and local state, cheap enough to re-run on every save. */
export const isCheapCheck = (c: Check): boolean => c.kind !== 'command' && c.kind !== 'probe';

export interface RunOptions {
  /** Which checks to run (default all); the others are left out of the result. */
  filter?: (c: Check) => boolean;
  /** Called before each check starts, for progress. */
  onStart?: (check: Check, index: number, total: number) => void;
  /** Called as each result is known. */
  onResult?: (result: CheckResult, index: number, total: number) => void;
}

/**
 * Runs an exercise's checks one after another (commands may compete for the machine, and the
 * learner reads results in order). A check that throws becomes an `error` result naming the
 * problem; it never stops the others.
 */
export async function runChecks(exercise: CheckedExercise, env: CheckEnvironment, opts: RunOptions = {}): Promise<CheckResult[]> {
  const checks = exercise.checks.filter(opts.filter ?? (() => true));
  const results: CheckResult[] = [];
  for (const [i, check] of checks.entries()) {
    opts.onStart?.(check, i, checks.length);
    const started = performance.now();
    let verdict: Verdict;
    if (env.signal?.aborted) verdict = { status: 'skipped', message: 'Cancelled.' };
    else {
      try {
        verdict = await evaluate(check, exercise, env);
      } catch (e) {
        verdict = { status: 'error', message: `The check could not run: ${errorMessage(e)}` };
      }
    }
    const result: CheckResult = {
      id: check.id,
      kind: check.kind,
      level: check.level,
      title: check.title,
      status: verdict.status,
      selfAttested: check.kind === 'manual',
      message: verdict.message,
      ...(verdict.output !== undefined ? { output: verdict.output } : {}),
      ...(verdict.metrics ? { metrics: verdict.metrics } : {}),
      ...(verdict.targets ? { targets: verdict.targets } : {}),
      ...(verdict.failingCases ? { failingCases: verdict.failingCases } : {}),
      durationMs: Math.round(performance.now() - started),
    };
    results.push(result);
    opts.onResult?.(result, i, checks.length);
  }
  return results;
}

function evaluate(check: Check, exercise: CheckedExercise, env: CheckEnvironment): Promise<Verdict> | Verdict {
  switch (check.kind) {
    case 'command':
      return commandCheck(check, exercise, env);
    case 'files':
      return filesCheck(check, env);
    case 'diff':
      return diffCheck(check, env);
    case 'aiCommit':
      return aiCommitCheck(check, env);
    case 'commits':
      return commitsCheck(check, env);
    case 'manual':
      return manualCheck(check, env);
    case 'probe':
      return probeCheck(check, exercise, env);
    case 'document':
      return documentCheck(check, exercise, env);
  }
}

/** Counts per check kind and status, the shape `exercise.checked` events carry (no paths, no output). */
export function summarizeByKind(results: readonly CheckResult[]): Record<string, Record<CheckResult['status'], number>> {
  const out: Record<string, Record<CheckResult['status'], number>> = {};
  for (const r of results) {
    const row = (out[r.kind] ??= { pass: 0, fail: 0, skipped: 0, error: 0 });
    row[r.status]++;
  }
  return out;
}

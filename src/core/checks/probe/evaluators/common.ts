import type { FailingCase } from '../../result';
import type { CaseRun } from '../types';

/**
 * Why a run cannot be judged on its output: it crashed, timed out, printed no JSON, or answered
 * without asking the provider (a hard-coded answer). Undefined when it can.
 */
export function runProblem(run: CaseRun, needsModelCall: boolean): string | undefined {
  if (run.outProblem !== undefined) return run.outProblem;
  if (needsModelCall && run.requests !== undefined && run.requests.length === 0) {
    return 'answered without a single request to the model provider; call the model (OPENAI_BASE_URL, ANTHROPIC_BASE_URL or OLLAMA_HOST point at it)';
  }
  return undefined;
}

export const fail = (run: CaseRun, reason: string): FailingCase => ({ id: run.case.id, reason });

/** A string field of the output, or undefined. */
export const str = (out: Record<string, unknown> | undefined, key: string): string | undefined => (typeof out?.[key] === 'string' ? (out[key] as string) : undefined);

/** A list of strings from the output, ignoring anything else. */
export const strings = (out: Record<string, unknown> | undefined, key: string): string[] | undefined => {
  const v = out?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
};

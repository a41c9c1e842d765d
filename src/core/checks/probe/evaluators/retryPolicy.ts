import type { ProbeEvaluator } from '../../../catalog/schema';
import type { FaultScript } from '../../../model/faults';
import type { LedgerEntry } from '../../../model/ledger';
import { expectBool } from '../cases';
import { share } from '../figures';
import type { CaseEvaluator, CaseRun, Judgement } from '../types';
import { fail, runProblem } from './common';

type RetryPolicy = Extract<ProbeEvaluator, { type: 'retryPolicy' }>;

/** Slack for timer and scheduling jitter when judging gaps (ms). */
const slackMs = 50;
const failed = (e: LedgerEntry) => e.status === 0 || e.status === 429 || e.status >= 500;

/**
 * Default faults: the first attempt of every request gets 429 with Retry-After: 1, the second and
 * third get 503, the fourth succeeds. A case may bring its own (e.g. the primary model unavailable).
 */
export const defaultRetryFaults: FaultScript = [
  { match: { attempt: 1 }, fault: { type: 'status', status: 429, retryAfterSeconds: 1 } },
  { match: { attempt: 2 }, fault: { type: 'status', status: 503 } },
  { match: { attempt: 3 }, fault: { type: 'status', status: 503 } },
];

/** Why one case's requests break the policy, or undefined when they follow it. */
export function retryProblem(requests: readonly LedgerEntry[], ev: RetryPolicy, wantsFallback: boolean): string | undefined {
  const rs = [...requests].sort((a, b) => a.startedMs - b.startedMs);
  if (rs.length > ev.maxAttempts) return `made ${rs.length} requests; at most ${ev.maxAttempts} allowed (stop retrying and report the failure)`;
  const backoff: number[] = [];
  for (let i = 0; i + 1 < rs.length; i++) {
    const e = rs[i] as LedgerEntry;
    if (!failed(e)) continue;
    const gap = (rs[i + 1] as LedgerEntry).startedMs - e.endedMs;
    if (e.retryAfterSeconds !== undefined && e.retryAfterSeconds > 0) {
      if (gap + slackMs < e.retryAfterSeconds * 1000) return `retried ${Math.max(0, Math.round(gap))} ms after a ${e.status} that said Retry-After: ${e.retryAfterSeconds} s; wait as long as the server asks`;
    } else if ((rs[i + 1] as LedgerEntry).model === e.model) backoff.push(gap);
  }
  for (let i = 0; i + 1 < backoff.length; i++) {
    if ((backoff[i + 1] as number) <= (backoff[i] as number)) return `waited ${backoff.map((g) => `${Math.round(g)} ms`).join(', ')} between retries after errors; back off with growing gaps (e.g. exponential with jitter)`;
  }
  const last = rs[rs.length - 1];
  if (wantsFallback) {
    if (!ev.fallbackModel) return undefined;
    if (!rs.some((e) => e.model === ev.fallbackModel && e.status === 200)) return `never got an answer from the fallback model ${ev.fallbackModel} while ${rs[0]?.model ?? 'the primary'} kept failing`;
    return undefined;
  }
  if (last && failed(last)) return `gave up after ${rs.length} request(s) although the provider answers on a later attempt`;
  return undefined;
}

/** Judged from the ledger: Retry-After honoured, growing gaps, bounded attempts, the fallback model used. */
export const retryPolicy: CaseEvaluator<RetryPolicy> = {
  needsLedger: true,
  defaultFaults: () => defaultRetryFaults,
  judge(runs: CaseRun[], ev, ctx): Judgement {
    const failing = [];
    let ok = 0;
    let most = 0;
    for (const run of runs) {
      const requests = run.requests ?? [];
      most = Math.max(most, requests.length);
      const problem = runProblem(run, ctx.check.requireModelCall) ?? retryProblem(requests, ev, expectBool(run.case, 'fallback') === true);
      if (problem) failing.push(fail(run, problem));
      else ok++;
    }
    const metrics = { handledShare: share(ok, runs.length), mostAttempts: most };
    return {
      pass: runs.length > 0 && ok === runs.length,
      metrics,
      targets: { handledShare: { op: '>=', value: 1 }, mostAttempts: { op: '<=', value: ev.maxAttempts } },
      failing,
    };
  },
};

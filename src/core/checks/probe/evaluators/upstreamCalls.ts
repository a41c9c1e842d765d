import type { ProbeEvaluator } from '../../../catalog/schema';
import { expectBool } from '../cases';
import type { CaseEvaluator, Judgement } from '../types';
import { fail, runProblem, str } from './common';

type UpstreamCalls = Extract<ProbeEvaluator, { type: 'upstreamCalls' }>;

/**
 * Repeated and paraphrased inputs must cost at most `maxCalls` provider requests over the run
 * (caching, idempotent re-embedding), but a case with expect.upstream true (the same question from a
 * new tenant) must reach the provider: a cache hit across tenants leaks one tenant's answer to another.
 * At least one request must reach the provider at all (hard-coded answers cost nothing).
 */
export const upstreamCalls: CaseEvaluator<UpstreamCalls> = {
  needsLedger: true,
  judge(runs, ev): Judgement {
    const failing = [];
    let calls = 0;
    let fresh = 0;
    let freshReached = 0;
    for (const run of runs) {
      calls += run.requests?.length ?? 0;
      const mustReach = expectBool(run.case, 'upstream') === true;
      if (mustReach) fresh++;
      const problem = runProblem(run, false);
      if (problem) {
        failing.push(fail(run, problem));
        continue;
      }
      if ((str(run.out, 'answer') ?? '').trim() === '') failing.push(fail(run, 'no "answer" in the output'));
      else if (mustReach && (run.requests?.length ?? 0) === 0) failing.push(fail(run, `served from cache, but tenant ${String(run.case.input.tenant ?? '?')} has not asked this before: key the cache by tenant`));
      else if (mustReach) freshReached++;
    }
    const metrics = { upstreamCalls: calls, newTenantsReached: fresh === 0 ? 1 : Math.round((freshReached / fresh) * 1000) / 1000 };
    return {
      pass: runs.length > 0 && calls > 0 && calls <= ev.maxCalls && failing.length === 0,
      metrics,
      targets: { upstreamCalls: { op: '<=', value: ev.maxCalls }, newTenantsReached: { op: '>=', value: 1 } },
      failing,
      note: calls === 0 ? 'no request reached the provider at all; answers must come from the model' : undefined,
    };
  },
};

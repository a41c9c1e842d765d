import type { ProbeEvaluator } from '../../../catalog/schema';
import { percentile } from '../figures';
import type { CaseEvaluator, Judgement } from '../types';
import { fail, runProblem, str } from './common';

type Latency = Extract<ProbeEvaluator, { type: 'latency' }>;

/** p50 and p95 of the time per case; every case must also produce an answer (a fast crash is not fast). */
export const latency: CaseEvaluator<Latency> = {
  judge(runs, ev, ctx): Judgement {
    const failing = [];
    for (const run of runs) {
      const problem = runProblem(run, ctx.check.requireModelCall && run.case.expect.upstream !== false);
      if (problem) failing.push(fail(run, problem));
      else if ((str(run.out, 'answer') ?? '').trim() === '') failing.push(fail(run, 'no "answer" in the output'));
    }
    const times = runs.map((r) => r.durationMs);
    const metrics = { p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)) };
    return {
      pass: runs.length > 0 && failing.length === 0 && metrics.p50Ms <= ev.p50Ms && metrics.p95Ms <= ev.p95Ms,
      metrics,
      targets: { p50Ms: { op: '<=', value: ev.p50Ms }, p95Ms: { op: '<=', value: ev.p95Ms } },
      failing,
    };
  },
};

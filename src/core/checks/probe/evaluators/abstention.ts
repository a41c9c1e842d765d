import type { ProbeEvaluator } from '../../../catalog/schema';
import { expectBool } from '../cases';
import { share } from '../figures';
import type { CaseEvaluator, Judgement } from '../types';
import { fail, runProblem, str } from './common';

type Abstention = Extract<ProbeEvaluator, { type: 'abstention' }>;

/** Whether the program abstained: `abstained: true`, or an answer containing INSUFFICIENT_EVIDENCE. */
export const abstained = (out: Record<string, unknown>): boolean => out.abstained === true || /INSUFFICIENT_EVIDENCE/.test(str(out, 'answer') ?? '');

/**
 * Balanced accuracy: the mean of the share of answerable cases answered and the share of
 * unanswerable cases abstained on, so neither "always answer" nor "always abstain" can pass, however
 * the cases are split. Both kinds of case must be present.
 */
export const abstention: CaseEvaluator<Abstention> = {
  judge(runs, ev, ctx): Judgement {
    const failing = [];
    const count = { answerable: 0, answered: 0, unanswerable: 0, abstained: 0 };
    for (const run of runs) {
      const answerable = expectBool(run.case, 'answerable');
      if (answerable === undefined) continue;
      if (answerable) count.answerable++;
      else count.unanswerable++;
      const problem = runProblem(run, ctx.check.requireModelCall && run.case.expect.upstream !== false);
      if (problem || !run.out) {
        failing.push(fail(run, problem ?? 'no output'));
        continue;
      }
      const did = abstained(run.out);
      if (answerable && !did && (str(run.out, 'answer') ?? '').trim() !== '') count.answered++;
      else if (!answerable && did) count.abstained++;
      else if (answerable) failing.push(fail(run, did ? 'abstained, but the repository holds the answer' : 'gave an empty answer'));
      else failing.push(fail(run, 'answered, but nothing in the evidence supports an answer; abstain (abstained: true or INSUFFICIENT_EVIDENCE)'));
    }
    const metrics = {
      accuracy: Math.round(((share(count.answered, count.answerable) + share(count.abstained, count.unanswerable)) / 2) * 1000) / 1000,
      answeredWhenAnswerable: share(count.answered, count.answerable),
      abstainedWhenUnanswerable: share(count.abstained, count.unanswerable),
    };
    const both = count.answerable > 0 && count.unanswerable > 0;
    return {
      pass: both && metrics.accuracy >= ev.minAccuracy,
      metrics,
      targets: { accuracy: { op: '>=', value: ev.minAccuracy } },
      failing,
      note: both ? undefined : 'the cases need both answerable and unanswerable questions (expect.answerable true and false)',
    };
  },
};

import type { ProbeEvaluator } from '../../../catalog/schema';
import { canonicalJson } from '../../../model/routes';
import type { ProbeCase } from '../cases';
import { expectBool, expectStrings } from '../cases';
import { share } from '../figures';
import type { CaseEvaluator, CaseRun, Judgement } from '../types';
import { overlaps, parseRange, type LineRange } from './citations';
import { fail, runProblem, str, strings } from './common';

type Abstention = Extract<ProbeEvaluator, { type: 'abstention' }>;

/** Whether the program abstained: `abstained: true`, or an answer containing INSUFFICIENT_EVIDENCE. */
export const abstained = (out: Record<string, unknown>): boolean => out.abstained === true || /INSUFFICIENT_EVIDENCE/.test(str(out, 'answer') ?? '');

/** The case's input without the `by` field, in a form equal inputs share whatever their key order. */
const restOf = (c: ProbeCase, by: string): string => canonicalJson({ ...c.input, [by]: undefined });

/**
 * For each unanswerable case carrying `by` (a denied asker), its answerable twin: a case with the
 * same input apart from a different `by` (the same question from a permitted asker) that names the
 * restricted sources it expects, so a leak of them can be seen.
 */
function twins(cases: ProbeCase[], by: string): Map<string, ProbeCase> {
  const out = new Map<string, ProbeCase>();
  const permitted = cases.filter((c) => by in c.input && expectBool(c, 'answerable') === true && expectStrings(c, 'sources').length > 0);
  for (const c of cases) {
    if (!(by in c.input) || expectBool(c, 'answerable') !== false) continue;
    const twin = permitted.find((p) => restOf(p, by) === restOf(c, by) && canonicalJson(p.input[by]) !== canonicalJson(c.input[by]));
    if (twin) out.set(c.id, twin);
  }
  return out;
}

/** Ranges a denied asker's output names (cited or retrieved) that overlap what only the permitted twin may see. */
function leaked(run: CaseRun, withheld: LineRange[]): string[] {
  const named = [...(strings(run.out, 'citations') ?? []), ...(strings(run.out, 'retrieved') ?? [])];
  return named.filter((ref) => {
    const r = parseRange(ref);
    return r !== undefined && withheld.some((w) => overlaps(r, w));
  });
}

/**
 * Balanced accuracy: the mean of the share of answerable cases answered and the share of
 * unanswerable cases abstained on, so neither "always answer" nor "always abstain" can pass, however
 * the cases are split. Both kinds of case must be present.
 *
 * With `pairedBy` (e.g. "asker") it judges access control: only cases carrying that input field
 * count; a denied (unanswerable) case counts only next to a permitted twin asking the same thing,
 * so a question nobody could answer proves nothing, and it must not cite or retrieve the twin's
 * expected sources; a permitted answer must cite a source.
 */
export const abstention: CaseEvaluator<Abstention> = {
  judge(runs, ev, ctx): Judgement {
    const failing = [];
    const count = { answerable: 0, answered: 0, unanswerable: 0, abstained: 0 };
    const unpaired: string[] = [];
    const by = ev.pairedBy;
    const twinOf = by !== undefined ? twins(runs.map((r) => r.case), by) : undefined;
    for (const run of runs) {
      const answerable = expectBool(run.case, 'answerable');
      if (answerable === undefined) continue;
      if (by !== undefined && !(by in run.case.input)) continue;
      const twin = twinOf?.get(run.case.id);
      if (by !== undefined && !answerable && !twin) {
        unpaired.push(run.case.id);
        continue;
      }
      if (answerable) count.answerable++;
      else count.unanswerable++;
      const problem = runProblem(run, ctx.check.requireModelCall && run.case.expect.upstream !== false);
      if (problem || !run.out) {
        failing.push(fail(run, problem ?? 'no output'));
        continue;
      }
      const did = abstained(run.out);
      const leaks = twin ? leaked(run, expectStrings(twin, 'sources').map(parseRange).filter((r) => r !== undefined)) : [];
      const uncited = by !== undefined && (strings(run.out, 'citations') ?? []).length === 0;
      if (answerable && !did && (str(run.out, 'answer') ?? '').trim() !== '' && !uncited) count.answered++;
      else if (!answerable && did && leaks.length === 0) count.abstained++;
      else if (answerable) failing.push(fail(run, did ? 'abstained, but the repository holds the answer' : uncited ? `answered ${by} ${JSON.stringify(run.case.input[by])} without citing a source` : 'gave an empty answer'));
      else if (did) failing.push(fail(run, `abstained, but named ${leaks.slice(0, 2).join(', ')} (cited or retrieved), which only ${twin?.id}'s ${by} may see; filter before ranking`));
      else failing.push(fail(run, by !== undefined ? `answered ${by} ${JSON.stringify(run.case.input[by])}, who may not read the sources; filter by the ${by}'s groups before ranking and abstain` : 'answered, but nothing in the evidence supports an answer; abstain (abstained: true or INSUFFICIENT_EVIDENCE)'));
    }
    const metrics: Record<string, number> = {
      accuracy: Math.round(((share(count.answered, count.answerable) + share(count.abstained, count.unanswerable)) / 2) * 1000) / 1000,
      answeredWhenAnswerable: share(count.answered, count.answerable),
      abstainedWhenUnanswerable: share(count.abstained, count.unanswerable),
    };
    const targets: Judgement['targets'] = { accuracy: { op: '>=', value: ev.minAccuracy } };
    if (by !== undefined) {
      metrics.deniedCases = count.unanswerable;
      targets.deniedCases = { op: '>=', value: ev.minUnanswerable };
    }
    const kinds = by !== undefined ? `cases with input.${by}` : 'cases';
    const problem =
      count.answerable === 0 || count.unanswerable === 0
        ? `the ${kinds} need both answerable and unanswerable questions (expect.answerable true and false)`
        : count.unanswerable < ev.minUnanswerable
          ? `only ${count.unanswerable} ${by !== undefined ? `denied ${by} case(s) with a permitted twin` : 'unanswerable case(s)'} judged; write at least ${ev.minUnanswerable}`
          : undefined;
    // A denied case without a permitted twin shows nothing about access: it is named, not judged.
    const skipped = unpaired.length > 0 ? `${unpaired.length} denied ${by} case(s) not judged because no permitted ${by} asks the same input (e.g. ${unpaired[0]}); pair each denied ${by} with a permitted one` : undefined;
    const note = [problem, skipped].filter((s) => s !== undefined).join('; ') || undefined;
    return {
      pass: problem === undefined && (metrics.accuracy as number) >= ev.minAccuracy,
      metrics,
      targets,
      failing,
      note,
    };
  },
};

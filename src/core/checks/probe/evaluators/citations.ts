import type { ProbeEvaluator } from '../../../catalog/schema';
import { expectStrings } from '../cases';
import type { Checkout } from '../checkout';
import { share } from '../figures';
import type { CaseEvaluator, CaseRun, Judgement } from '../types';
import { fail, runProblem, strings } from './common';

type Citations = Extract<ProbeEvaluator, { type: 'citations' }>;

/** `path:start-end` (or `path:line`, or `path#Lstart-Lend`) as a path and a 1-based inclusive line range. */
export interface LineRange {
  path: string;
  start: number;
  end: number;
}

export function parseRange(ref: string): LineRange | undefined {
  const m = /^(.+?)(?::|#L)(\d+)(?:-L?(\d+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const start = Number(m[2]);
  const end = m[3] !== undefined ? Number(m[3]) : start;
  return { path: (m[1] as string).replace(/^\.\//, ''), start, end };
}

export const overlaps = (a: LineRange, b: LineRange) => a.path === b.path && a.start <= b.end && b.start <= a.end;

/** Why a cited range is not a real place in the checked commit, or undefined when it is. */
export async function rangeProblem(ref: string, checkout: Checkout): Promise<string | undefined> {
  const r = parseRange(ref);
  if (!r) return `"${ref}" is not path:start-end`;
  if (r.start < 1 || r.end < r.start) return `${ref}: lines run from 1 and start ≤ end`;
  const text = await checkout.read(r.path);
  const at = checkout.commit ? `at ${checkout.commit.slice(0, 7)}` : 'in the working tree';
  if (text === undefined) return `${ref}: ${r.path} does not exist ${at}`;
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  if (r.end > lines) return `${ref}: ${r.path} has ${lines} lines ${at}`;
  return undefined;
}

/**
 * Every cited range must exist at the checked commit; an answerable case (expect.sources) hits when
 * one of its first k retrieved ranges (or cited, when it reports no retrieval) overlaps an expected
 * source. Ranges that do not exist never count as hits.
 */
export const citations: CaseEvaluator<Citations> = {
  async judge(runs: CaseRun[], ev, ctx): Promise<Judgement> {
    const failing = [];
    let cited = 0;
    let valid = 0;
    let answerable = 0;
    let hits = 0;
    for (const run of runs) {
      const expected = expectStrings(run.case, 'sources').map(parseRange).filter((r) => r !== undefined);
      if (expected.length > 0) answerable++;
      const problem = runProblem(run, ctx.check.requireModelCall && run.case.expect.upstream !== false);
      if (problem) {
        failing.push(fail(run, problem));
        continue;
      }
      const cites = strings(run.out, 'citations') ?? [];
      const bad: string[] = [];
      for (const ref of cites) {
        cited++;
        const p = await rangeProblem(ref, ctx.checkout);
        if (p) bad.push(p);
        else valid++;
      }
      if (bad.length > 0) failing.push(fail(run, `cites lines that do not exist: ${bad.slice(0, 3).join('; ')}`));
      if (expected.length === 0) continue;
      const ranked = (strings(run.out, 'retrieved') ?? cites).slice(0, ev.k);
      const real: LineRange[] = [];
      for (const ref of ranked) if ((await rangeProblem(ref, ctx.checkout)) === undefined) real.push(parseRange(ref) as LineRange);
      if (real.some((r) => expected.some((e) => overlaps(r, e)))) hits++;
      else if (ranked.length === 0) failing.push(fail(run, `no citations; expected one overlapping ${expectStrings(run.case, 'sources').join(', ')}`));
      else failing.push(fail(run, `none of the first ${ev.k} sources (${ranked.slice(0, 3).join(', ')}) overlaps the expected ${expectStrings(run.case, 'sources').join(', ')}`));
    }
    const k = `hitAt${ev.k}`;
    const metrics = { [k]: share(hits, answerable), validCitations: share(valid, cited) };
    const targets = { [k]: { op: '>=' as const, value: ev.minHitAtK }, validCitations: { op: '>=' as const, value: ev.minValidCitations } };
    const note = answerable === 0 ? 'no case has expect.sources, so hit@k measures nothing' : cited === 0 ? 'no answer cited anything' : undefined;
    return { pass: answerable > 0 && cited > 0 && (metrics[k] as number) >= ev.minHitAtK && metrics.validCitations >= ev.minValidCitations, metrics, targets, failing, note };
  },
};

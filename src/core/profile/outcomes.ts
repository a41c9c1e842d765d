import { z } from 'zod';
import { advancement, type AssessmentLike } from './advancement';
import type { SurveyCompleted } from './events';
import type { OutcomeRecord } from './outcomeRecords';
import { levelRank } from './rubric';

/** Completion rate a track should reach (from the research the program is built on). */
export const COMPLETION_TARGET = 0.85;

const Ratio = z.number().min(0).max(1).nullable();

/** Average before/after and advancement on one rubric dimension, over learners with both. */
export const DimensionOutcomeSchema = z.object({
  dimension: z.string(),
  /** Learners with a baseline and a comparable re-assessment on this dimension. */
  learners: z.number().int().nonnegative(),
  /** Mean level rank (1 = Aware … 4 = Expert). */
  averageBefore: z.number().nullable(),
  averageAfter: z.number().nullable(),
  /** Mean of (after − before), in levels. */
  averageAdvancement: z.number().nullable(),
  /** Share of those learners who advanced at least one level on this dimension. */
  advancedShare: Ratio,
});

/** Learners placed on a track, and how many finished it. */
export const TrackOutcomeSchema = z.object({
  track: z.string(),
  enrolled: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  completionRate: Ratio,
  /** completionRate ≥ COMPLETION_TARGET; null with no learners. */
  meetsTarget: z.boolean().nullable(),
});

/** Net promoter score of a module: % promoters (9–10) − % detractors (0–6), −100…100. */
export const ModuleOutcomeSchema = z.object({
  module: z.string(),
  track: z.string().nullable(),
  /** Surveys answered (one per learner: the latest). */
  responses: z.number().int().nonnegative(),
  npsResponses: z.number().int().nonnegative(),
  nps: z.number().min(-100).max(100).nullable(),
  promoters: z.number().int().nonnegative(),
  passives: z.number().int().nonnegative(),
  detractors: z.number().int().nonnegative(),
  medianMinutesTaken: z.number().nullable(),
});

/**
 * Program outcomes for leads (additive fields of `practicum stats`). Computed from self-assessments
 * and surveys: it measures the program, never a person, and holds no per-learner rows.
 */
export const ProgramOutcomesSchema = z.object({
  learners: z.number().int().nonnegative(),
  assessed: z.object({ baseline: z.number().int().nonnegative(), reassessed: z.number().int().nonnegative() }),
  /** Learners with a baseline and a comparable re-assessment, and how many advanced ≥ 1 level anywhere. */
  advancement: z.object({ learners: z.number().int().nonnegative(), advancedAtLeastOneLevel: z.number().int().nonnegative(), share: Ratio }),
  dimensions: z.array(DimensionOutcomeSchema),
  completionTarget: z.number(),
  tracks: z.array(TrackOutcomeSchema),
  modules: z.array(ModuleOutcomeSchema),
  warnings: z.array(z.string()),
});
export type ProgramOutcomes = z.infer<typeof ProgramOutcomesSchema>;

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
const ratio = (n: number, d: number) => (d ? round(n / d) : null);

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** Aggregates learner records into program outcomes; `warnings` from reading them are carried along. */
export function programOutcomes(records: readonly OutcomeRecord[], warnings: readonly string[] = []): ProgramOutcomes {
  const out: string[] = [...warnings];
  const byLearner = groupBy(records, (r) => r.learner);
  const dims = new Map<string, { before: number[]; after: number[]; change: number[] }>();
  const enrolled = new Map<string, Set<string>>();
  const completed = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, track: string, learner: string) => (m.get(track) ?? m.set(track, new Set()).get(track))!.add(learner);
  const latestSurvey = new Map<string, { at: string; data: SurveyCompleted }>();
  let baseline = 0;
  let reassessed = 0;
  let paired = 0;
  let advanced = 0;
  let incomparable = 0;

  for (const [learner, rs] of byLearner) {
    const assessments: AssessmentLike[] = [];
    let latestBefore: { at: string; tracks: string[] } | null = null;
    for (const r of rs) {
      if (r.kind === 'assessment') {
        assessments.push({ at: r.at, ...r.data });
        if (r.data.phase === 'before' && r.data.path && (!latestBefore || r.at > latestBefore.at)) latestBefore = { at: r.at, tracks: r.data.path.tracks };
        if (r.data.phase === 'after' && r.data.track) add(completed, r.data.track, learner);
      } else if (r.kind === 'survey') {
        const key = `${r.data.module}\u0000${learner}`;
        const prev = latestSurvey.get(key);
        if (!prev || r.at > prev.at) latestSurvey.set(key, { at: r.at, data: r.data });
        if (r.data.trackCompleted && r.data.track) add(completed, r.data.track, learner);
      } else {
        add(completed, r.track, learner);
      }
    }
    for (const t of latestBefore?.tracks ?? []) add(enrolled, t, learner);
    const a = advancement(assessments);
    if (a.baseline) baseline++;
    if (a.incomparable) incomparable++;
    if (assessments.some((x) => x.phase === 'after')) reassessed++;
    if (!a.latest) continue;
    paired++;
    if (a.dimensions.some((d) => (d.change ?? 0) >= 1)) advanced++;
    for (const d of a.dimensions) {
      if (!d.after || d.change === null) continue;
      const acc = dims.get(d.dimension) ?? dims.set(d.dimension, { before: [], after: [], change: [] }).get(d.dimension)!;
      acc.before.push(levelRank(d.before));
      acc.after.push(levelRank(d.after));
      acc.change.push(d.change);
    }
  }
  if (incomparable) out.push(`${incomparable} learner(s) re-assessed with a different rubric than their baseline; not compared.`);
  // A learner who finished a track was on it, even without a recorded onboarding path.
  for (const [track, learners] of completed) for (const l of learners) add(enrolled, track, l);

  const modules = [...groupBy([...latestSurvey.values()], (s) => s.data.module)].map(([module, ss]) => {
    const scores = ss.map((s) => s.data.nps).filter((n): n is number => n !== null);
    const promoters = scores.filter((n) => n >= 9).length;
    const detractors = scores.filter((n) => n <= 6).length;
    return {
      module,
      track: ss.map((s) => s.data.track).find((t) => t !== null) ?? null,
      responses: ss.length,
      npsResponses: scores.length,
      nps: scores.length ? Math.round(((promoters - detractors) / scores.length) * 1000) / 10 : null,
      promoters,
      passives: scores.length - promoters - detractors,
      detractors,
      medianMinutesTaken: median(ss.map((s) => s.data.minutesTaken).filter((n): n is number => n !== null)),
    };
  });

  return {
    learners: byLearner.size,
    assessed: { baseline, reassessed },
    advancement: { learners: paired, advancedAtLeastOneLevel: advanced, share: ratio(advanced, paired) },
    dimensions: [...dims].map(([dimension, d]) => ({
      dimension,
      learners: d.change.length,
      averageBefore: mean(d.before),
      averageAfter: mean(d.after),
      averageAdvancement: mean(d.change),
      advancedShare: ratio(d.change.filter((c) => c >= 1).length, d.change.length),
    })),
    completionTarget: COMPLETION_TARGET,
    tracks: [...enrolled].sort(([a], [b]) => a.localeCompare(b)).map(([track, ls]) => {
      const done = [...(completed.get(track) ?? [])].filter((l) => ls.has(l)).length;
      const rate = ratio(done, ls.size);
      return { track, enrolled: ls.size, completed: done, completionRate: rate, meetsTarget: rate === null ? null : rate >= COMPLETION_TARGET };
    }),
    modules: modules.sort((a, b) => (a.track ?? '').localeCompare(b.track ?? '') || a.module.localeCompare(b.module)),
    warnings: out,
  };
}

import { levelRank, type Level, type Levels, type RubricRef } from './rubric';

/** The parts of an assessment that advancement reads (stored records and exported events both fit). */
export interface AssessmentLike {
  at: string;
  phase: 'before' | 'after';
  rubric: RubricRef;
  levels: Levels;
}

/** Before and after on one dimension; `change` is in levels (after rank − before rank). */
export interface DimensionChange {
  dimension: string;
  before: Level;
  after: Level | null;
  change: number | null;
}

/** One learner's advancement between the baseline and the latest comparable re-assessment. */
export interface Advancement {
  baseline: AssessmentLike | null;
  latest: AssessmentLike | null;
  dimensions: DimensionChange[];
  /** Why a re-assessment exists but was not compared (a different rubric), else null. */
  incomparable: string | null;
}

/**
 * Pairs the first `before` assessment (the baseline) with the latest `after` one made with the same
 * rubric id. Rubrics with different ids describe different things, so they are never compared;
 * a new version of the same rubric is (teams reword behaviours without changing what is measured).
 */
export function advancement(assessments: readonly AssessmentLike[]): Advancement {
  const sorted = [...assessments].sort((a, b) => a.at.localeCompare(b.at));
  const baseline = sorted.find((a) => a.phase === 'before') ?? null;
  if (!baseline) return { baseline: null, latest: null, dimensions: [], incomparable: null };
  const afters = sorted.filter((a) => a.phase === 'after' && a.at >= baseline.at);
  const latest = afters.filter((a) => a.rubric.id === baseline.rubric.id).pop() ?? null;
  const other = afters.find((a) => a.rubric.id !== baseline.rubric.id);
  const dimensions = Object.entries(baseline.levels).map(([dimension, before]): DimensionChange => {
    const after = latest?.levels[dimension] ?? null;
    return { dimension, before, after, change: after ? levelRank(after) - levelRank(before) : null };
  });
  const incomparable =
    !latest && other ? `The re-assessment used rubric "${other.rubric.id}", the baseline "${baseline.rubric.id}"; they are not compared.` : null;
  return { baseline, latest, dimensions, incomparable };
}

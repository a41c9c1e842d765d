import type { Catalog, CatalogExercise } from '../../core/catalog/catalog';
import type { ExerciseProgress, RepoProgress } from '../../core/learn/progressSchema';
import type { RepoState } from './repoService';

/** What the views need at one moment: the catalog, and the repository with its progress (if one is open). */
export interface LearnSnapshot {
  catalog: Catalog;
  repo: RepoState | undefined;
  progress: RepoProgress | undefined;
}

/** An exercise's place in the learner's work: not started, started on another branch, or checked out now. */
export type ExercisePhase = 'new' | 'elsewhere' | 'active';

export interface ExerciseStanding {
  phase: ExercisePhase;
  progress: ExerciseProgress | undefined;
  /** Checks in the last run that pass, and how many were run. */
  passed: number;
  total: number;
  submittedRounds: number;
}

export function standing(snapshot: LearnSnapshot, e: CatalogExercise): ExerciseStanding {
  const p = snapshot.progress?.exercises[e.id];
  const results = p?.lastCheck?.results ?? [];
  return {
    phase: !p ? 'new' : snapshot.repo?.activeExerciseId === e.id ? 'active' : 'elsewhere',
    progress: p,
    passed: results.filter((r) => r.status === 'pass').length,
    total: results.length,
    submittedRounds: p?.submissions.length ?? 0,
  };
}

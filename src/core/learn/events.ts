import type { z } from 'zod';
import type { CatalogExercise } from '../catalog/catalog';
import { summarizeByKind } from '../checks/runner';
import type { CheckResult } from '../checks/result';
import type { EventDataSchemas } from '../export/events';
import type { SubmissionReceipt } from './submission';

/**
 * Payloads of the exercise events. Behaviour only: exercise, track and module ids, counts and
 * statuses; never file paths, command output, commit messages or branch names.
 */
export function exerciseStartedEvent(e: CatalogExercise, dirty: 'clean' | 'carry' | 'stash'): Record<string, unknown> {
  return { exercise: e.id, track: e.trackId, module: e.moduleId, estimateMinutes: e.estimateMinutes, origin: e.location.source.origin, uncommittedChanges: dirty };
}

export function exerciseCheckedEvent(e: CatalogExercise, results: readonly CheckResult[], durationMs: number): Record<string, unknown> {
  return {
    exercise: e.id,
    track: e.trackId,
    module: e.moduleId,
    passed: results.filter((r) => r.status === 'pass').length,
    total: results.length,
    byKind: summarizeByKind(results),
    durationMs: Math.round(durationMs),
  };
}

export function exerciseSubmittedEvent(e: CatalogExercise, receipt: SubmissionReceipt, results: readonly CheckResult[]): ExerciseSubmittedData {
  return submittedEventData({ exercise: e.id, track: e.trackId, module: e.moduleId, round: receipt.round, where: receipt.where }, results);
}

/** The `data` of `exercise.submitted`, exactly as the export's schema defines it. */
export type ExerciseSubmittedData = z.output<(typeof EventDataSchemas)['exercise.submitted']>;

/**
 * The one shape of `exercise.submitted`, for the exercise runner and for the review flow when it is
 * called directly (which knows no track or module).
 */
export function submittedEventData(
  s: Pick<ExerciseSubmittedData, 'exercise' | 'track' | 'module' | 'round' | 'where'>,
  results: readonly CheckResult[],
): ExerciseSubmittedData {
  return {
    ...s,
    checksTotal: results.length,
    checksPassed: results.filter((r) => r.status === 'pass').length,
    selfAttested: results.filter((r) => r.selfAttested && r.status === 'pass').length,
    byKind: summarizeByKind(results),
  };
}

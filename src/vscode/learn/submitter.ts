import * as vscode from 'vscode';
import { ReviewSubmitter } from '../../core/learn/reviewSubmitter';
import type { ExerciseSubmitter } from '../../core/learn/submission';
import type { Container } from '../container';

let provided: ExerciseSubmitter | undefined;

/**
 * Lets another feature take over `Submit for Review` (the review views, to refresh at once after a
 * submission). Dispose to hand back.
 */
export function provideExerciseSubmitter(submitter: ExerciseSubmitter): vscode.Disposable {
  provided = submitter;
  return new vscode.Disposable(() => {
    if (provided === submitter) provided = undefined;
  });
}

/** The submitter `Submit for Review` uses now: one provided, else the review flow's record in git. */
export function currentExerciseSubmitter(c: Container): ExerciseSubmitter {
  return provided ?? new ReviewSubmitter({ windowHours: () => c.settings.review.windowHours });
}

import * as vscode from 'vscode';
import { systemClock } from '../../core/clock';
import { LocalSubmitter, type ExerciseSubmitter } from '../../core/learn/submission';

const local = new LocalSubmitter(systemClock);
let provided: ExerciseSubmitter | undefined;

/**
 * Lets the review feature take over `Submit for Review` (recording submissions in git for mentors).
 * Until one is provided, submissions are recorded locally. Dispose to hand back.
 */
export function provideExerciseSubmitter(submitter: ExerciseSubmitter): vscode.Disposable {
  provided = submitter;
  return new vscode.Disposable(() => {
    if (provided === submitter) provided = undefined;
  });
}

/** The submitter `Submit for Review` uses now. */
export function currentExerciseSubmitter(): ExerciseSubmitter {
  return provided ?? local;
}

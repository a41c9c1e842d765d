import { git } from '../checks/git';
import type { Clock } from '../clock';
import { submitExercise } from '../review/submit';
import type { ExerciseSubmitter, SubmissionReceipt, SubmissionRequest } from './submission';

/**
 * Submits through the review flow: an immutable record under `refs/practicum/` in the repository,
 * with the recorded base, the check results and the note, which mentors see once it is synced.
 * The runner emits `exercise.submitted` (it knows the track and module), so the review flow gets no sink.
 */
export class ReviewSubmitter implements ExerciseSubmitter {
  constructor(private readonly deps: { windowHours: () => number; clock?: Clock }) {}

  async submit(r: SubmissionRequest): Promise<SubmissionReceipt> {
    // A branch rebased onto newer work no longer contains its recorded base; the review flow then
    // finds where the branch left the default branch.
    const contained = await git(r.repoDir, ['merge-base', '--is-ancestor', r.baseCommit, r.headCommit]).then(
      () => true,
      () => false,
    );
    const view = await submitExercise({
      repo: r.repoDir,
      exerciseId: r.exerciseId,
      ...(contained ? { base: r.baseCommit } : {}),
      ...(r.message !== null ? { message: r.message } : {}),
      checks: r.results,
      windowHours: this.deps.windowHours(),
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
    });
    return { id: view.record.id, round: view.record.round, submittedAt: view.record.submittedAt, where: 'git' };
  }
}

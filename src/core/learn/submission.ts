import { createHash } from 'node:crypto';
import type { CheckResult } from '../checks/result';
import type { Clock } from '../clock';

/** What the learner hands in: the exercise branch from its base to its head, with the check results. */
export interface SubmissionRequest {
  repoDir: string;
  exerciseId: string;
  branch: string;
  baseCommit: string;
  headCommit: string;
  message: string | null;
  /** Results of the checks run on the committed branch at submit time. */
  results: CheckResult[];
  /** The round this is by local records (previous local submissions + 1). */
  localRound: number;
}

/** What a submitter reports back. */
export interface SubmissionReceipt {
  id: string;
  round: number;
  submittedAt: string;
  /** `local`: recorded on this machine only; `git`: shared through the repository for mentors. */
  where: 'local' | 'git';
}

/**
 * Hands a submission to the review flow. The editor uses `ReviewSubmitter` (records in git for
 * mentors); `LocalSubmitter` records on this machine only.
 */
export interface ExerciseSubmitter {
  submit(request: SubmissionRequest): Promise<SubmissionReceipt>;
}

/** Records the submission on this machine only; the exercise runner stores it with the progress. */
export class LocalSubmitter implements ExerciseSubmitter {
  constructor(private readonly clock: Clock) {}

  async submit(r: SubmissionRequest): Promise<SubmissionReceipt> {
    const submittedAt = new Date(this.clock.now()).toISOString();
    const id = createHash('sha256').update(`${r.exerciseId}\0${r.headCommit}\0${submittedAt}`).digest('hex').slice(0, 12);
    return { id, round: r.localRound, submittedAt, where: 'local' };
  }
}

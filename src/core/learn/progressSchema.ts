import { z } from 'zod';
import { CheckResultSchema } from '../checks/result';

/** A submission recorded on this machine (until, or besides, the review flow's record in git). */
export const LocalSubmissionSchema = z.object({
  id: z.string(),
  /** 1 for the first submission of an exercise, then 2, 3… */
  round: z.number().int().positive(),
  submittedAt: z.string(),
  baseCommit: z.string(),
  headCommit: z.string(),
  message: z.string().nullable(),
  /** The check results at submit time; self-attested items are marked as such. */
  results: z.array(CheckResultSchema),
});
export type LocalSubmission = z.infer<typeof LocalSubmissionSchema>;

/** One started exercise in one repository. */
export const ExerciseProgressSchema = z.object({
  startedAt: z.string(),
  /** The commit the exercise branch was created from; checks compare against it. */
  baseCommit: z.string().regex(/^[0-9a-f]{40,64}$/),
  /** `practicum/<exercise-id>`. */
  branch: z.string(),
  /** The branch checked out when the exercise started (null for a detached HEAD). */
  startedFrom: z.string().nullable(),
  /** Ids of manual checks the learner attested. */
  attested: z.array(z.string()).default([]),
  /** The last check run: when, at which commit, and what each check said. */
  lastCheck: z
    .object({ at: z.string(), headCommit: z.string().nullable(), results: z.array(CheckResultSchema) })
    .nullable()
    .default(null),
  submissions: z.array(LocalSubmissionSchema).default([]),
});
export type ExerciseProgress = z.infer<typeof ExerciseProgressSchema>;

/** Everything Practicum remembers about the learner's exercises in one repository (global storage). */
export const RepoProgressSchema = z.object({
  schema: z.literal('practicum.progress/v1'),
  /** Repository root this file belongs to. */
  repo: z.string(),
  /** Answers to exercise inputs (e.g. `testCommand`), shared by every exercise in the repository. */
  answers: z.record(z.string(), z.string()).default({}),
  /** Hints revealed per exercise id (before or after starting). */
  hintsRevealed: z.record(z.string(), z.number().int().nonnegative()).default({}),
  /** SHA-256 of commands from team catalogs the learner approved to run in this repository. */
  approvedCommands: z.array(z.string()).default([]),
  exercises: z.record(z.string(), ExerciseProgressSchema).default({}),
});
export type RepoProgress = z.infer<typeof RepoProgressSchema>;

export function emptyProgress(repo: string): RepoProgress {
  return { schema: 'practicum.progress/v1', repo, answers: {}, hintsRevealed: {}, approvedCommands: [], exercises: {} };
}

import type { CheckResult } from '../checks/result';
import { systemClock, type Clock } from '../clock';
import { PracticumError } from '../errors';
import { exerciseBranch, exerciseIdOfBranch } from '../learn/branch';
import { submittedEventData } from '../learn/events';
import { nullSink, type EventSink } from '../export/sink';
import { damagedRepository } from '../git/gitFailure';
import { refuseDuringOperation } from '../git/repoState';
import { gitIdentity, repoRoot, resolveCommit, runGit } from './gitExec';
import { buildViews, DEFAULT_WINDOW_HOURS, type SubmissionView } from './model';
import { SubmissionRecordSchema, type SubmissionRecord } from './schema';
import { newRecordId, readRecords, submissionRef, writeRecord } from './store';

/** What the exercise runner (or the CLI) passes to submit an exercise branch for review. */
export interface SubmitRequest {
  /** Any folder inside the repository. */
  repo: string;
  exerciseId: string;
  /** The commit the exercise branch started from; default: where the branch left the default branch. */
  base?: string;
  message?: string;
  /** Check results at submit time, as the runner produced them. */
  checks?: CheckResult[];
  clock?: Clock;
  /** Receives `exercise.submitted`; the exercise runner passes none, because it emits the event itself. */
  events?: EventSink;
  windowHours?: number;
}

/**
 * Records a submission of `practicum/<exercise>` for review. A resubmission after "changes
 * requested" becomes the next round and links to the previous one; submitting again while a
 * round is still pending or already approved is refused, with the reason.
 */
export async function submitExercise(req: SubmitRequest): Promise<SubmissionView> {
  const repo = await repoRoot(req.repo);
  await refuseDuringOperation(repo, 'submit');
  const clock = req.clock ?? systemClock;
  const branch = exerciseBranch(req.exerciseId);
  const head = await resolveCommit(repo, `refs/heads/${branch}`);
  if (!head) {
    const named = await runGit(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { allowFailure: true });
    if (named.code === 0) throw damagedRepository(repo, `${branch} names ${named.stdout.trim()}, which cannot be read as a commit`);
    throw new PracticumError('usage', `There is no branch ${branch}. Start the exercise first, or check the exercise id.`);
  }
  const base = req.base ? await resolveCommit(repo, req.base) : await defaultBase(repo, branch);
  if (!base) throw new PracticumError('usage', req.base ? `Base ${req.base} is not a commit in this repository.` : `Could not tell where ${branch} started. Pass the base commit (--base).`);
  if (base === head) throw new PracticumError('usage', `${branch} has no commits since its base. Commit your work, then submit.`);
  const ancestor = await runGit(repo, ['merge-base', '--is-ancestor', base, head], { allowFailure: true });
  if (ancestor.code !== 0) throw new PracticumError('usage', `Base ${base.slice(0, 8)} is not an ancestor of ${branch}. Pass the commit the branch started from.`);
  // Everything the mentor will read must be here: a lost object would otherwise surface only when the diff opens.
  await runGit(repo, ['rev-list', '--objects', '--quiet', `${base}..${head}`]); // checks every object, prints nothing

  const learner = await gitIdentity(repo);
  const nowMs = clock.now();
  const existing = buildViews(await readRecords(repo), { nowMs, windowHours: req.windowHours ?? DEFAULT_WINDOW_HOURS }).submissions;
  const mine = existing
    .filter((v) => v.record.exercise === req.exerciseId && v.record.learner.email.toLowerCase() === learner.email.toLowerCase())
    .sort((a, b) => b.record.round - a.record.round || Date.parse(b.record.submittedAt) - Date.parse(a.record.submittedAt));
  const latest = mine[0];
  if (latest?.status === 'pending') {
    throw new PracticumError('usage', `${req.exerciseId} round ${latest.record.round} (${latest.record.id}) is still waiting for review. Sync to fetch new reviews, or wait for one before resubmitting.`);
  }
  if (latest?.status === 'approved') throw new PracticumError('usage', `${req.exerciseId} is already approved (${latest.record.id}); there is nothing to resubmit.`);
  if (latest && latest.record.head === head) throw new PracticumError('usage', `${branch} has no new commits since round ${latest.record.round}. Address the review, commit, then resubmit.`);

  const record: SubmissionRecord = SubmissionRecordSchema.parse({
    schema: 'practicum.submission/v1',
    id: newRecordId(req.exerciseId, nowMs),
    exercise: req.exerciseId,
    learner,
    branch,
    base,
    head,
    submittedAt: new Date(nowMs).toISOString(),
    message: req.message ?? '',
    checks: req.checks ?? [],
    round: latest ? latest.record.round + 1 : 1,
    previous: latest ? latest.record.id : null,
  });
  await writeRecord(repo, submissionRef(record.id), head, learner, nowMs, record);
  (req.events ?? nullSink).emit('exercise.submitted', submittedEventData({ exercise: record.exercise, track: null, module: null, round: record.round, where: 'git' }, record.checks), new Date(nowMs));
  return { record, reviews: [], status: 'pending', firstReviewAt: null, turnaroundHours: null, overdue: false, next: null };
}

/** The exercise whose branch is checked out (`practicum/<id>`), if any. */
export async function currentExercise(repoDir: string): Promise<string | undefined> {
  const r = await runGit(repoDir, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true });
  return exerciseIdOfBranch(r.stdout.trim());
}

/**
 * How many files have uncommitted changes when `practicum/<exercise>` is checked out (0 otherwise):
 * a submission is commits only, so callers warn before submitting without them.
 */
export async function uncommittedFiles(repoDir: string, exerciseId: string): Promise<number> {
  if ((await currentExercise(repoDir)) !== exerciseId) return 0;
  const r = await runGit(repoDir, ['status', '--porcelain', '--untracked-files=no'], { allowFailure: true });
  return r.stdout.split('\n').filter(Boolean).length;
}

/** Where `branch` left the default branch (origin's HEAD, then main, then master). */
/** Where `branch` left the default branch (origin's, main or master), as Submit uses when no base is given. */
export async function defaultBase(repo: string, branch: string): Promise<string | undefined> {
  for (const candidate of ['refs/remotes/origin/HEAD', 'refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master']) {
    if (!(await resolveCommit(repo, candidate))) continue;
    const mb = await runGit(repo, ['merge-base', candidate, `refs/heads/${branch}`], { allowFailure: true });
    if (mb.code === 0 && mb.stdout.trim()) return mb.stdout.trim();
  }
  return undefined;
}

import { systemClock, type Clock } from '../clock';
import { PracticumError } from '../errors';
import { nullSink, type EventSink } from '../export/sink';
import { gitIdentity, repoRoot, runGit } from './gitExec';
import { buildViews, DEFAULT_WINDOW_HOURS, isSelfReview, type SubmissionView } from './model';
import { ReviewRecordSchema, type GitIdentity, type ReviewRecord, type Verdict } from './schema';
import { newRecordId, readRecords, reviewRef, writeRecord } from './store';

/**
 * A line comment to add. `replyTo` makes it a reply: to a posted thread (`<reviewId>/<commentId>`), or
 * to the comment with that `key` earlier in the same review (a thread started in this review).
 */
export interface CommentDraft {
  file: string;
  line: number;
  body: string;
  replyTo?: string;
  key?: string;
}

export interface ReviewRequest {
  repo: string;
  submissionId: string;
  verdict: Verdict;
  /** The summary; may be empty when the review only carries comments. */
  body: string;
  comments?: CommentDraft[];
  /** Defaults to the repository's git identity. */
  reviewer?: GitIdentity;
  clock?: Clock;
  events?: EventSink;
  windowHours?: number;
  /** Sign the record with git's signing (`git tag -s`), so it counts where signed verdicts are required. */
  sign?: boolean;
}

/**
 * Records a review of a submission. Nothing is overwritten: every review is a new record, so several
 * mentors (and the learner's replies) accumulate. A learner may reply but not pass a verdict on
 * their own work.
 */
export async function addReview(req: ReviewRequest): Promise<{ review: ReviewRecord; submission: SubmissionView }> {
  const repo = await repoRoot(req.repo);
  const clock = req.clock ?? systemClock;
  const opts = { nowMs: clock.now(), windowHours: req.windowHours ?? DEFAULT_WINDOW_HOURS };
  const before = buildViews(await readRecords(repo), opts).submissions;
  const target = before.find((v) => v.record.id === req.submissionId);
  if (!target) throw new PracticumError('usage', `No submission "${req.submissionId}" in this repository. Run "practicum sync" to fetch new ones, or check the id with "practicum review list".`);
  const reviewer = req.reviewer ?? (await gitIdentity(repo));
  const drafts = req.comments ?? [];
  if (!req.body.trim() && drafts.length === 0) throw new PracticumError('usage', 'A review needs a summary or at least one line comment.');
  if (req.verdict !== 'comment' && target.record.learner.email.toLowerCase() === reviewer.email.toLowerCase()) {
    throw new PracticumError('usage', 'You cannot approve or request changes on your own submission; reply with the "comment" verdict instead.');
  }
  const threads = new Set(target.reviews.flatMap((r) => r.comments.map((c) => `${r.id}/${c.id}`)));
  const nowMs = clock.now();
  const id = newRecordId('', nowMs);
  /** Comment ids in this review by the drafts' keys, filled in order: a reply must come after its thread's start. */
  const keyed = new Map<string, string>();
  const replyTo = drafts.map((d, i) => {
    const link = d.replyTo && !threads.has(d.replyTo) ? keyed.get(d.replyTo) : d.replyTo;
    if (d.replyTo && !link) throw new PracticumError('usage', `There is no comment thread "${d.replyTo}" on ${req.submissionId}.`);
    if (d.key) keyed.set(d.key, `${id}/c${i + 1}`);
    return link;
  });
  await checkAnchors(repo, target.record.head, drafts);

  const review: ReviewRecord = ReviewRecordSchema.parse({
    schema: 'practicum.review/v1',
    id,
    submission: target.record.id,
    reviewer,
    at: new Date(nowMs).toISOString(),
    verdict: req.verdict,
    body: req.body.trim(),
    head: target.record.head,
    comments: drafts.map((d, i) => ({ id: `c${i + 1}`, file: normalizePath(d.file), line: d.line, body: d.body.trim(), ...(replyTo[i] ? { replyTo: replyTo[i] } : {}) })),
  });
  await writeRecord(repo, reviewRef(target.record.id, review.id), target.record.head, reviewer, nowMs, review, { sign: req.sign });

  const rebuilt = buildViews({ submissions: [target.record], reviews: [...target.reviews, review], problems: [] }, opts).submissions[0] ?? target;
  const after = { ...rebuilt, next: target.next };
  if (!isSelfReview(target.record, review)) {
    (req.events ?? nullSink).emit(
      'review.completed',
      {
        exercise: target.record.exercise,
        verdict: review.verdict,
        round: target.record.round,
        turnaroundHours: Math.round(((nowMs - Date.parse(target.record.submittedAt)) / 3_600_000) * 100) / 100,
        firstReview: target.firstReviewAt === null,
        comments: review.comments.length,
      },
      new Date(nowMs),
      // Turnaround is the submitter's: leads join it to the learner, not to the mentor who emits it.
      { email: target.record.learner.email },
    );
  }
  return { review, submission: after };
}

function normalizePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** Every comment must point at a file and line that exist in the reviewed commit. */
async function checkAnchors(repo: string, head: string, drafts: CommentDraft[]): Promise<void> {
  const lineCounts = new Map<string, number>();
  for (const d of drafts) {
    const file = normalizePath(d.file);
    let count = lineCounts.get(file);
    if (count === undefined) {
      const r = await runGit(repo, ['cat-file', 'blob', `${head}:${file}`], { allowFailure: true });
      if (r.code !== 0) throw new PracticumError('usage', `${file} is not in the submitted commit ${head.slice(0, 8)}. Comment on a file the submission contains.`);
      count = r.stdout.length === 0 ? 0 : r.stdout.split('\n').length - (r.stdout.endsWith('\n') ? 1 : 0);
      lineCounts.set(file, count);
    }
    if (!Number.isInteger(d.line) || d.line < 1 || d.line > Math.max(count, 1)) {
      throw new PracticumError('usage', `${file}:${d.line} is outside the file (it has ${count} lines in ${head.slice(0, 8)}).`);
    }
    if (!d.body.trim()) throw new PracticumError('usage', `The comment on ${file}:${d.line} is empty.`);
  }
}

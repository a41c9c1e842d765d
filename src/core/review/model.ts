import type { RecordSet } from './store';
import type { RecordProblem, ReviewRecord, SubmissionEntry, SubmissionRecord, SubmissionStatus } from './schema';

/** The review window a submission should get feedback within, unless configured. */
export const DEFAULT_WINDOW_HOURS = 48;

/** How many days a decided submission stays under "Reviewed" before it moves to "Older", unless configured. */
export const DEFAULT_RECENT_DAYS = 14;

const HOUR_MS = 3_600_000;

/** A submission with everything derived from its reviews. */
export interface SubmissionView {
  record: SubmissionRecord;
  /** Every review and reply, oldest first (the learner's own replies included). */
  reviews: ReviewRecord[];
  /** The latest `approve` or `changes` verdict from someone other than the learner; `pending` before that. */
  status: SubmissionStatus;
  /** The first review by someone other than the learner, whatever its verdict. */
  firstReviewAt: string | null;
  /** Hours from submission to `firstReviewAt`. */
  turnaroundHours: number | null;
  /** Pending for longer than the review window. */
  overdue: boolean;
  /** The resubmission that answers this one, if any. */
  next: string | null;
  /**
   * Verdicts shown but not counted, by review id, with why (signed verdicts are required and this one's
   * signature does not prove its reviewer). They set no status and enter no metric.
   */
  unverified?: ReadonlyMap<string, string>;
}

/** Where a submission sits in a mentor's queue. */
export type QueueGroup = 'overdue' | 'waiting' | 'reviewed';

export interface ViewOptions {
  nowMs: number;
  windowHours?: number;
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** True when `review` was written by the submission's own learner (a reply, never a verdict). */
export function isSelfReview(submission: SubmissionRecord, review: ReviewRecord): boolean {
  return sameEmail(submission.learner.email, review.reviewer.email);
}

/**
 * Joins reviews to their submissions and derives status, turnaround and overdue. A review whose
 * submission is not here (not fetched yet, or lost) is reported as a problem and left out.
 */
export function buildViews(set: RecordSet, opts: ViewOptions): { submissions: SubmissionView[]; problems: RecordProblem[] } {
  const windowMs = (opts.windowHours ?? DEFAULT_WINDOW_HOURS) * HOUR_MS;
  const byId = new Map<string, SubmissionView>();
  const problems = [...set.problems];
  for (const record of set.submissions) {
    byId.set(record.id, { record, reviews: [], status: 'pending', firstReviewAt: null, turnaroundHours: null, overdue: false, next: null });
  }
  for (const review of set.reviews) {
    const view = byId.get(review.submission);
    if (!view) problems.push({ ref: `refs/practicum/reviews/${review.submission}/${review.id}`, problem: `reviews submission "${review.submission}", which is not here; sync to fetch it` });
    else {
      view.reviews.push(review);
      const why = set.unverified?.get(review.id);
      if (why !== undefined) view.unverified = new Map([...(view.unverified ?? []), [review.id, why]]);
    }
  }
  for (const view of byId.values()) {
    const submittedMs = Date.parse(view.record.submittedAt);
    const others = view.reviews.filter((r) => !isSelfReview(view.record, r) && !view.unverified?.has(r.id));
    const first = others[0];
    if (first) {
      view.firstReviewAt = first.at;
      view.turnaroundHours = round2((Date.parse(first.at) - submittedMs) / HOUR_MS);
    }
    const verdict = [...others].reverse().find((r) => r.verdict !== 'comment');
    view.status = verdict ? (verdict.verdict === 'approve' ? 'approved' : 'changes-requested') : 'pending';
    view.overdue = view.status === 'pending' && opts.nowMs - submittedMs > windowMs;
    const previous = view.record.previous ? byId.get(view.record.previous) : undefined;
    if (previous) previous.next = view.record.id;
  }
  return { submissions: [...byId.values()], problems };
}

export function queueGroup(view: SubmissionView): QueueGroup {
  if (view.status !== 'pending') return 'reviewed';
  return view.overdue ? 'overdue' : 'waiting';
}

/** When the verdict that decided `view`'s status was given (the latest approve/changes by someone else); null while pending. */
export function decidedAt(view: SubmissionView): string | null {
  if (view.status === 'pending') return null;
  const verdict = [...view.reviews].reverse().find((r) => r.verdict !== 'comment' && !isSelfReview(view.record, r) && !view.unverified?.has(r.id));
  return verdict?.at ?? null;
}

/**
 * Splits decided submissions into those whose verdict came within the last `days` and the older
 * ones, each newest verdict first, so a long-running queue keeps its recent work in view.
 */
export function splitReviewed(views: SubmissionView[], opts: { nowMs: number; days?: number }): { recent: SubmissionView[]; older: SubmissionView[] } {
  const since = opts.nowMs - (opts.days ?? DEFAULT_RECENT_DAYS) * 24 * HOUR_MS;
  const at = (v: SubmissionView) => Date.parse(decidedAt(v) ?? v.record.submittedAt);
  const sorted = views.filter((v) => v.status !== 'pending').sort((a, b) => at(b) - at(a) || b.record.id.localeCompare(a.record.id));
  return { recent: sorted.filter((v) => at(v) >= since), older: sorted.filter((v) => at(v) < since) };
}

/** The `practicum.reviews/v1` shape of one submission. */
export function toEntry(view: SubmissionView): SubmissionEntry {
  const r = view.record;
  return {
    id: r.id,
    exercise: r.exercise,
    learner: r.learner.email,
    round: r.round,
    submittedAt: r.submittedAt,
    base: r.base,
    head: r.head,
    status: view.status,
    reviews: view.reviews.map((v) => ({
      reviewer: v.reviewer.email,
      at: v.at,
      verdict: v.verdict,
      body: v.body,
      comments: v.comments.map((c) => ({ file: c.file, line: c.line, body: c.body })),
      ...(view.unverified?.has(v.id) ? { unverified: view.unverified.get(v.id) } : {}),
    })),
    firstReviewAt: view.firstReviewAt,
    turnaroundHours: view.turnaroundHours,
    overdue: view.overdue,
  };
}

/** Which submissions a listing shows. */
export interface SubmissionFilter {
  status?: 'pending' | 'all';
  /** Only these learners (emails, any case); undefined means everyone. */
  learners?: ReadonlySet<string>;
}

export function filterViews(views: SubmissionView[], filter: SubmissionFilter): SubmissionView[] {
  const learners = filter.learners ? new Set([...filter.learners].map((e) => e.toLowerCase())) : undefined;
  return views.filter(
    (v) => (filter.status !== 'pending' || v.status === 'pending') && (!learners || learners.has(v.record.learner.email.toLowerCase())),
  );
}

/** A submission's rounds, round 1 first, following `previous` links. */
export function chainOf(views: SubmissionView[], id: string): SubmissionView[] {
  const byId = new Map(views.map((v) => [v.record.id, v]));
  let cur = byId.get(id);
  const seen = new Set<string>();
  while (cur?.record.previous && byId.has(cur.record.previous) && !seen.has(cur.record.id)) {
    seen.add(cur.record.id);
    cur = byId.get(cur.record.previous);
  }
  const chain: SubmissionView[] = [];
  while (cur && !seen.has(`chain:${cur.record.id}`)) {
    seen.add(`chain:${cur.record.id}`);
    chain.push(cur);
    cur = cur.next ? byId.get(cur.next) : undefined;
  }
  return chain;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

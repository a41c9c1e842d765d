import { z } from 'zod';
import { LIMITS } from '../limits';
import { CheckResultSchema } from '../checks/result';
import { IdSchema } from '../catalog/schema';

/** Every record lives under this ref namespace; sync fetches and pushes exactly this glob. */
export const REF_NAMESPACE = 'refs/practicum';
export const SUBMISSIONS_PREFIX = `${REF_NAMESPACE}/submissions/`;
export const REVIEWS_PREFIX = `${REF_NAMESPACE}/reviews/`;

/**
 * The largest record Practicum reads (the whole tag object: JSON, header and signature). Real records
 * are a few KB; anything larger is skipped with its name and the command that removes it, so one
 * oversized record can never take down a listing or exhaust memory.
 */
export const MAX_RECORD_BYTES = LIMITS.recordBytes;

/** Record ids are safe as one ref path component. */
export const RecordIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,95}$/, 'must be lower-case letters, digits and dashes');

export const ShaSchema = z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-character commit id');

/** ISO 8601 instant with an offset (`Z` or `+hh:mm`). */
export const InstantSchema = z.iso.datetime({ offset: true });

/** A person as git knows them (`user.name`, `user.email`). */
export const GitIdentitySchema = z.object({
  name: z.string(),
  email: z.string().min(1),
});
export type GitIdentity = z.infer<typeof GitIdentitySchema>;

/**
 * A submission, stored as the message of an annotated tag at `refs/practicum/submissions/<id>` whose
 * target is `head`, so pushing the ref carries the submitted commits with it.
 */
export const SubmissionRecordSchema = z
  .object({
    schema: z.literal('practicum.submission/v1'),
    id: RecordIdSchema,
    exercise: IdSchema,
    learner: GitIdentitySchema,
    /** The exercise branch, `practicum/<exercise>`. */
    branch: z.string().min(1),
    base: ShaSchema,
    head: ShaSchema,
    submittedAt: InstantSchema,
    message: z.string().default(''),
    /** Check results at submit time; `selfAttested` marks what nothing verified. */
    checks: z.array(CheckResultSchema).default([]),
    /** 1 for a first submission; a resubmission after "changes requested" is the previous round + 1. */
    round: z.number().int().min(1),
    /** The submission this one answers (round - 1), or null in round 1. */
    previous: RecordIdSchema.nullable().default(null),
  })
  .refine((s) => (s.round === 1) === (s.previous === null), { message: 'round 1 has no previous submission; later rounds name one', path: ['previous'] });
export type SubmissionRecord = z.infer<typeof SubmissionRecordSchema>;

export const VerdictSchema = z.enum(['approve', 'changes', 'comment']);
/** `approve` and `changes` set a submission's status; `comment` never does. */
export type Verdict = z.infer<typeof VerdictSchema>;

/** A line comment anchored to a file and 1-based line of the reviewed head commit. */
export const LineCommentSchema = z.object({
  /** Unique within its review; a thread is addressed as `<reviewId>/<commentId>`. */
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  /** Repository-relative path with forward slashes. */
  file: z.string().min(1).refine((f) => !f.startsWith('/') && !f.split('/').includes('..'), 'must be a relative path inside the repository'),
  line: z.number().int().min(1),
  body: z.string().min(1),
  /** The thread this comment answers (`<reviewId>/<commentId>`), if it is a reply. */
  replyTo: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/).optional(),
});
export type LineComment = z.infer<typeof LineCommentSchema>;

/**
 * A review (or a reply) of one submission, stored as an annotated tag at
 * `refs/practicum/reviews/<submission>/<id>` whose target is the reviewed head commit.
 */
export const ReviewRecordSchema = z.object({
  schema: z.literal('practicum.review/v1'),
  id: RecordIdSchema,
  submission: RecordIdSchema,
  reviewer: GitIdentitySchema,
  at: InstantSchema,
  verdict: VerdictSchema,
  body: z.string().default(''),
  /** The commit the comments' lines refer to (the submission's head). */
  head: ShaSchema,
  comments: z.array(LineCommentSchema).default([]),
});
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

/** A record that could not be used, and why; listing reports these and goes on. */
export interface RecordProblem {
  ref: string;
  problem: string;
}

export const SubmissionStatusSchema = z.enum(['pending', 'approved', 'changes-requested']);
export type SubmissionStatus = z.infer<typeof SubmissionStatusSchema>;

/** One review in `practicum review list --json` (binding contract `practicum.reviews/v1`). */
export const ReviewEntrySchema = z.object({
  reviewer: z.string(),
  at: z.string(),
  verdict: VerdictSchema,
  body: z.string(),
  comments: z.array(z.object({ file: z.string(), line: z.number().int(), body: z.string() })),
  /** Present when signed verdicts are required and this verdict's signature does not prove its reviewer: why. It counts for nothing. */
  unverified: z.string().optional(),
});
export type ReviewEntry = z.infer<typeof ReviewEntrySchema>;

/** One submission in `practicum review list --json`; also what `practicum submit --json` prints. */
export const SubmissionEntrySchema = z.object({
  id: z.string(),
  exercise: z.string(),
  learner: z.string(),
  round: z.number().int(),
  submittedAt: z.string(),
  base: z.string(),
  head: z.string(),
  status: SubmissionStatusSchema,
  reviews: z.array(ReviewEntrySchema),
  firstReviewAt: z.string().nullable(),
  turnaroundHours: z.number().nullable(),
  overdue: z.boolean(),
});
export type SubmissionEntry = z.infer<typeof SubmissionEntrySchema>;

/** The whole `practicum review list --json` output. */
export const ReviewListSchema = z.object({
  schema: z.literal('practicum.reviews/v1'),
  submissions: z.array(SubmissionEntrySchema),
});
export type ReviewList = z.infer<typeof ReviewListSchema>;

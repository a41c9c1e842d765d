import { z } from 'zod';
import { ProgramOutcomesSchema } from '../profile/outcomes';

/** One member's row in `practicum stats` (binding contract `practicum.stats/v1`). */
export const MemberStatsSchema = z.object({
  email: z.string(),
  name: z.string(),
  anchorAt: z.string(),
  firstAiCommitAt: z.string().nullable(),
  /** Days from the anchor to the first AI commit; null when censored. */
  days: z.number().nullable(),
  /** Days followed without an AI commit (as-of − anchor); null when the member reached one. */
  censoredDays: z.number().nullable(),
  /** AI-related commits authored from the anchor up to as-of. */
  aiCommits: z.number().int().nonnegative(),
  /** AI commits per week since the anchor (additive field). */
  aiCommitsPerWeek: z.number().nullable(),
  signals: z.array(z.string()),
});
export type MemberStats = z.infer<typeof MemberStatsSchema>;

/** A point of the survival curve, for charts: share of the cohort with a first AI commit by `days`. */
export const CurvePointSchema = z.object({ days: z.number(), reached: z.number(), atRisk: z.number(), events: z.number(), censored: z.number() });

export const StatsSummarySchema = z.object({
  members: z.number().int(),
  reached: z.number().int(),
  medianDays: z.number().nullable(),
  within: z.object({ '30': z.number().nullable(), '60': z.number().nullable(), '90': z.number().nullable() }),
  /** Mean AI commits per member per week since the anchor (additive field). */
  aiCommitsPerMemberWeek: z.number().nullable(),
  /** Mentor review figures for the members' submissions, where review records exist (additive field). */
  reviews: z
    .object({
      submissions: z.number().int(),
      reviewed: z.number().int(),
      overdue: z.number().int(),
      medianTurnaroundHours: z.number().nullable(),
      firstPassApprovalRate: z.number().nullable(),
      meanRoundsToApproval: z.number().nullable(),
    })
    .optional(),
});

/** The whole `practicum stats --json` output. */
export const StatsResultSchema = z.object({
  schema: z.literal('practicum.stats/v1'),
  cohort: z.string(),
  from: z.enum(['completion', 'start']),
  asOf: z.string(),
  members: z.array(MemberStatsSchema),
  summary: StatsSummarySchema,
  /** The Kaplan–Meier curve behind the summary (additive field). */
  curve: z.array(CurvePointSchema),
  /** Cohort-file and data problems that did not stop the computation. */
  warnings: z.array(z.string()),
  /** Skill advancement, track completion and module NPS, when assessment/survey records are given (additive field). */
  outcomes: ProgramOutcomesSchema.optional(),
});
export type StatsResult = z.infer<typeof StatsResultSchema>;

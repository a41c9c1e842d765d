import { z } from 'zod';
import { CurvePointSchema } from '../../metrics/statsSchema';
import { DimensionOutcomeSchema, ModuleOutcomeSchema, TrackOutcomeSchema } from '../../profile/outcomes';

const Ratio = z.number().min(0).max(1).nullable();
/** Set when a group has fewer members than the minimum group size: its figures are withheld. */
const Suppressed = z.boolean();

export const REPORT_SCHEMA = 'practicum.report/v1';
/** Hands-on hours a week the program protects. */
export const HANDS_ON_GOAL_HOURS = 5;
/** Hours within which a submission should get its first review. */
export const REVIEW_WINDOW_HOURS = 48;
export const DEFAULT_MIN_GROUP = 3;

export const ModuleReportSchema = ModuleOutcomeSchema.extend({ suppressed: Suppressed });
export const DimensionReportSchema = DimensionOutcomeSchema.extend({ suppressed: Suppressed });
export const TrackReportSchema = TrackOutcomeSchema.extend({ suppressed: Suppressed });

export const WeekReportSchema = z.object({
  /** Week number in the range, 1-based, and the day it starts (YYYY-MM-DD). */
  week: z.number().int().positive(),
  start: z.string(),
  meanHours: z.number(),
  shareMeetingGoal: z.number(),
});

/** One member's row: only when the operator turned the per-person view on. */
export const PersonRowSchema = z.object({
  /** The first 12 characters of the server's pseudonym. */
  learner: z.string(),
  handsOnHours: z.number(),
  aiCommits: z.number().int(),
  firstAiCommitDays: z.number().nullable(),
});

/** The lead's program report for one cohort and date range (`GET /`, `GET /v1/report`, `practicum report`). */
export const ProgramReportSchema = z.object({
  schema: z.literal(REPORT_SCHEMA),
  cohort: z.string(),
  /** The range: from inclusive, to exclusive (ISO). */
  from: z.string(),
  to: z.string(),
  /** Measured as of min(to, now). */
  asOf: z.string(),
  minGroupSize: z.number().int().positive(),
  /** Learners with any event in the cohort before `to`. */
  members: z.number().int().nonnegative(),
  /** The whole cohort is smaller than the minimum group size: nothing but the count is shown. */
  suppressed: Suppressed,
  notes: z.array(z.string()),
  satisfaction: z.object({
    modules: z.array(ModuleReportSchema),
    /** Free-text answers per module (shown only for modules with enough answers), sorted, never linked to a person. */
    comments: z.array(z.object({ module: z.string(), helped: z.array(z.string()), didNotHelp: z.array(z.string()) })),
  }),
  learning: z.object({
    learners: z.number().int().nonnegative(),
    advancedAtLeastOneLevel: z.number().int().nonnegative().nullable(),
    share: Ratio,
    suppressed: Suppressed,
    dimensions: z.array(DimensionReportSchema),
  }),
  behaviour: z.object({
    goalHours: z.number(),
    weeks: z.number().int().nonnegative(),
    handsOn: z.object({
      memberWeeks: z.number().int().nonnegative(),
      meanHoursPerMemberWeek: z.number().nullable(),
      shareMeetingGoal: Ratio,
      byWeek: z.array(WeekReportSchema),
    }),
    firstAiCommit: z.object({
      members: z.number().int().nonnegative(),
      reached: z.number().int().nonnegative(),
      medianDays: z.number().nullable(),
      within: z.object({ '30': Ratio, '60': Ratio, '90': Ratio }),
      curve: z.array(CurvePointSchema),
    }),
    aiCommits: z.object({
      /** The same number of weeks right before `from`. */
      before: z.object({ from: z.string(), count: z.number().int().nonnegative(), perMemberWeek: z.number().nullable() }),
      during: z.object({ count: z.number().int().nonnegative(), perMemberWeek: z.number().nullable() }),
    }),
  }),
  health: z.object({
    completionTarget: z.number(),
    tracks: z.array(TrackReportSchema),
    reviews: z.object({
      windowHours: z.number(),
      /** Learners whose submissions were reviewed in the range (the group the review figures describe). */
      learners: z.number().int().nonnegative(),
      firstReviews: z.number().int().nonnegative(),
      medianTurnaroundHours: z.number().nullable(),
      withinWindowShare: Ratio,
      /** First rounds with a verdict (approve or changes), and the share approved. */
      firstPassDecided: z.number().int().nonnegative(),
      firstPassApprovalRate: Ratio,
      suppressed: Suppressed,
    }),
  }),
  perPerson: z.array(PersonRowSchema).optional(),
});
export type ProgramReport = z.infer<typeof ProgramReportSchema>;

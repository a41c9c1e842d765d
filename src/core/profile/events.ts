import { z } from 'zod';
import { IdSchema, RoleSchema } from '../catalog/schema';
import { ChosenPathSchema } from './placement';
import { LevelsSchema, RubricRefSchema } from './rubric';

export const ASSESSMENT_COMPLETED = 'assessment.completed';
export const SURVEY_COMPLETED = 'survey.completed';

/** ISO 8601 time with zone, as written by `Date.toISOString`. */
export const IsoTimeSchema = z.iso.datetime({ offset: true });

/**
 * `data` of an `assessment.completed` event: the self-assessed level per rubric dimension.
 * `before` is the onboarding baseline (with the chosen path); `after` follows the last module of
 * `track`. A program measure, never a performance rating; nothing here identifies a person.
 */
export const AssessmentCompletedSchema = z
  .object({
    phase: z.enum(['before', 'after']),
    /** The track whose completion prompted an `after` assessment; null for `before`. */
    track: IdSchema.nullable(),
    role: RoleSchema.nullable(),
    rubric: RubricRefSchema,
    levels: LevelsSchema,
    /** The path chosen at onboarding (`before` only). */
    path: ChosenPathSchema.nullable(),
  })
  .strict();
export type AssessmentCompleted = z.infer<typeof AssessmentCompletedSchema>;

/** Longest answer kept for a free-text survey field. */
export const SURVEY_TEXT_MAX = 2000;
const SurveyText = z.string().trim().max(SURVEY_TEXT_MAX).nullable();

/** What a learner answered about a module; every answer is optional. */
export const SurveyAnswersSchema = z
  .object({
    /** Likelihood to recommend the module to a colleague, 0–10. */
    nps: z.number().int().min(0).max(10).nullable(),
    helped: SurveyText,
    didNotHelp: SurveyText,
    /** The time the module really took, in minutes. */
    minutesTaken: z.number().int().min(1).max(100 * 60).nullable(),
  })
  .strict();
export type SurveyAnswers = z.infer<typeof SurveyAnswersSchema>;

/**
 * `data` of a `survey.completed` event. The free text is exactly what the learner typed into the
 * form, which says it may be shared; nothing else about the person is added.
 */
export const SurveyCompletedSchema = SurveyAnswersSchema.extend({
  module: IdSchema,
  track: IdSchema.nullable(),
  /** True when finishing this module completed the track for this learner. */
  trackCompleted: z.boolean(),
  /** True when the learner answered after the one reminder. */
  reminded: z.boolean(),
}).strict();
export type SurveyCompleted = z.infer<typeof SurveyCompletedSchema>;

/**
 * The fields of an exported event envelope (`practicum.event/v1`) that the program outcomes read;
 * other envelope fields are ignored, so the envelope can grow without breaking this.
 */
export const EventEnvelopeSchema = z.object({
  id: z.string().optional(),
  type: z.string(),
  at: IsoTimeSchema,
  learner: z.string().min(1),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

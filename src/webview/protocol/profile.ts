import { z } from 'zod';
import { IdSchema, RoleSchema } from '../../core/catalog/schema';
import { SurveyAnswersSchema } from '../../core/profile/events';
import { PlacementSchema } from '../../core/profile/placement';
import { ProgressViewSchema } from '../../core/profile/progress';
import { LevelsSchema, RubricSchema } from '../../core/profile/rubric';

/** Messages the profile webview sends to the extension. Validated there: webview input is untrusted. */
export const ProfileInboundSchema = z.discriminatedUnion('type', [
  /** The page is listening; the extension posts the current screen only after this. */
  z.object({ type: z.literal('ready') }),
  /** Asks for the suggested path for a role and a complete set of answers. */
  z.object({ type: z.literal('requestPlacement'), role: RoleSchema, levels: LevelsSchema }),
  /** Saves onboarding: role, baseline levels and the test-outs the learner kept. */
  z.object({ type: z.literal('submitOnboarding'), role: RoleSchema, levels: LevelsSchema, testOut: z.array(IdSchema) }),
  /** Saves a re-assessment; `track` is the finished track, or null when the learner chose to re-assess. */
  z.object({ type: z.literal('submitAssessment'), track: IdSchema.nullable(), levels: LevelsSchema }),
  z.object({ type: z.literal('skipAssessment'), track: IdSchema }),
  z.object({ type: z.literal('submitSurvey'), module: IdSchema, answers: SurveyAnswersSchema }),
  z.object({ type: z.literal('skipSurvey'), module: IdSchema }),
  /** Moves to another screen (links inside My Progress and after saving). */
  z.object({
    type: z.literal('navigate'),
    to: z.discriminatedUnion('screen', [
      z.object({ screen: z.literal('progress') }),
      z.object({ screen: z.literal('onboarding') }),
      z.object({ screen: z.literal('assessment'), track: IdSchema.nullable() }),
      z.object({ screen: z.literal('survey'), module: IdSchema }),
    ]),
  }),
  /** Closes the panel ("Later"). */
  z.object({ type: z.literal('close') }),
]);
export type ProfileInbound = z.infer<typeof ProfileInboundSchema>;

/** A role as offered in onboarding, with the track it leads to. */
export const RoleOptionSchema = z.object({ id: RoleSchema, label: z.string(), track: z.string() });

const notice = z.string().nullable();

/** The screens the panel shows; each carries everything it renders. */
export const ScreenSchema = z.discriminatedUnion('screen', [
  z.object({
    screen: z.literal('onboarding'),
    rubric: RubricSchema,
    roles: z.array(RoleOptionSchema),
    /** Earlier answers when onboarding is done again. */
    current: z.object({ role: RoleSchema, levels: LevelsSchema }).nullable(),
    notice,
  }),
  z.object({ screen: z.literal('assessment'), rubric: RubricSchema, track: z.object({ id: IdSchema, title: z.string() }).nullable(), notice }),
  z.object({ screen: z.literal('progress'), progress: ProgressViewSchema, notice }),
  z.object({
    screen: z.literal('survey'),
    module: z.object({ id: IdSchema, title: z.string(), trackTitle: z.string().nullable(), plannedHours: z.number().nullable() }),
    /** The learner may also re-assess now: this module finished its track. */
    offerReassessment: z.object({ id: IdSchema, title: z.string() }).nullable(),
    notice,
  }),
]);
export type Screen = z.infer<typeof ScreenSchema>;

/** Messages the extension sends to the profile webview. */
export const ProfileOutboundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('show'), screen: ScreenSchema }),
  z.object({ type: z.literal('placement'), placement: PlacementSchema }),
  /** A problem with the last request, shown next to the form (the form keeps its answers). */
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ProfileOutbound = z.infer<typeof ProfileOutboundSchema>;

import { z } from 'zod';
import { IdSchema, RoleSchema } from '../catalog/schema';
import { advancement } from './advancement';
import type { CurriculumTrack } from './curriculum';
import { IsoTimeSchema } from './events';
import { openItems } from './nudges';
import { ROLE_LABELS, ROLE_TRACKS, FOUNDATIONAL_TRACK_ID } from './placement';
import type { Profile } from './profile';
import { LevelSchema, type RubricLoad } from './rubric';

/** One dimension on My Progress: baseline, latest re-assessment, change in levels. */
export const ProgressDimensionSchema = z.object({
  id: z.string(),
  title: z.string(),
  before: LevelSchema.nullable(),
  after: LevelSchema.nullable(),
  change: z.number().int().nullable(),
});

export const ProgressModuleSchema = z.object({
  id: IdSchema,
  title: z.string(),
  status: z.enum(['done', 'tested-out', 'todo']),
  survey: z.enum(['open', 'done', 'skipped']).nullable(),
});

export const ProgressTrackSchema = z.object({
  id: IdSchema,
  title: z.string(),
  available: z.boolean(),
  completedAt: IsoTimeSchema.nullable(),
  modules: z.array(ProgressModuleSchema),
});

/** Everything "My Progress" shows, computed in the extension and sent to the webview. */
export const ProgressViewSchema = z.object({
  onboarded: z.boolean(),
  role: RoleSchema.nullable(),
  roleLabel: z.string().nullable(),
  rubric: z.object({ id: z.string(), title: z.string(), source: z.enum(['built-in', 'team']) }),
  dimensions: z.array(ProgressDimensionSchema),
  baselineAt: IsoTimeSchema.nullable(),
  latestAt: IsoTimeSchema.nullable(),
  incomparable: z.string().nullable(),
  tracks: z.array(ProgressTrackSchema),
  openSurveys: z.array(z.object({ module: IdSchema, title: z.string() })),
  openReassessments: z.array(z.object({ track: IdSchema, title: z.string() })),
});
export type ProgressView = z.infer<typeof ProgressViewSchema>;

/** Builds My Progress from the profile, the rubric in use and the curriculum. */
export function progressView(p: Profile | null, rubric: RubricLoad, tracks: CurriculumTrack[]): ProgressView {
  const a = advancement(p?.assessments ?? []);
  const titleOf = (id: string) => rubric.rubric.dimensions.find((d) => d.id === id)?.title ?? id;
  const dimensions = a.baseline
    ? a.dimensions.map((d) => ({ id: d.dimension, title: titleOf(d.dimension), before: d.before, after: d.after, change: d.change }))
    : rubric.rubric.dimensions.map((d) => ({ id: d.id, title: d.title, before: null, after: null, change: null }));
  const moduleTitle = (id: string) => tracks.flatMap((t) => t.modules).find((m) => m.id === id)?.title ?? id;
  const trackTitle = (id: string) =>
    tracks.find((t) => t.id === id)?.title ?? Object.values(ROLE_TRACKS).find((r) => r.id === id)?.title ?? (id === FOUNDATIONAL_TRACK_ID ? 'Foundations' : id);
  const pathTracks = p?.path?.tracks ?? [];
  const open = p ? openItems(p) : { surveys: [], reassessments: [] };
  return {
    onboarded: !!a.baseline && !!p?.role,
    role: p?.role ?? null,
    roleLabel: p?.role ? ROLE_LABELS[p.role] : null,
    rubric: { id: rubric.rubric.id, title: rubric.rubric.title, source: rubric.source },
    dimensions,
    baselineAt: a.baseline?.at ?? null,
    latestAt: a.latest?.at ?? null,
    incomparable: a.incomparable,
    tracks: pathTracks.map((id) => {
      const t = tracks.find((x) => x.id === id);
      return {
        id,
        title: trackTitle(id),
        available: !!t,
        completedAt: p?.completedTracks[id] ?? null,
        modules: (t?.modules ?? []).map((m) => ({
          id: m.id,
          title: m.title,
          status: p?.modules[m.id] ? ('done' as const) : p?.path?.testOut.includes(m.id) ? ('tested-out' as const) : ('todo' as const),
          survey: p?.surveys[m.id]?.status ?? null,
        })),
      };
    }),
    openSurveys: open.surveys.map((module) => ({ module, title: moduleTitle(module) })),
    openReassessments: open.reassessments.map((track) => ({ track, title: trackTitle(track) })),
  };
}

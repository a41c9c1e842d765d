import { z } from 'zod';
import { IdSchema, RoleSchema } from '../catalog/schema';
import { IsoTimeSchema, SurveyCompletedSchema } from './events';
import { ChosenPathSchema } from './placement';
import { AssessmentRecordSchema, type Profile } from './profile';

export const PROFILE_EXPORT_SCHEMA = 'practicum.profile-export/v1';

/**
 * What a learner may hand to their program lead instead of (or before) event export: levels, path,
 * completed tracks and answered surveys under the profile's random id. No name, email or path.
 */
export const ProfileExportSchema = z
  .object({
    schema: z.literal(PROFILE_EXPORT_SCHEMA),
    learner: z.string().min(1),
    exportedAt: IsoTimeSchema,
    role: RoleSchema.nullable(),
    path: ChosenPathSchema.nullable(),
    assessments: z.array(AssessmentRecordSchema),
    surveys: z.array(SurveyCompletedSchema.extend({ at: IsoTimeSchema })),
    completedTracks: z.array(z.object({ track: IdSchema, at: IsoTimeSchema }).strict()),
  })
  .strict();
export type ProfileExport = z.infer<typeof ProfileExportSchema>;

export function exportProfile(p: Profile, now: Date): ProfileExport {
  const surveys: ProfileExport['surveys'] = [];
  for (const [module, s] of Object.entries(p.surveys)) {
    if (s.status !== 'done') continue;
    const track = p.modules[module]?.track ?? null;
    const trackCompleted = track !== null && p.completedTracks[track] !== undefined && p.completedTracks[track] === p.modules[module]?.at;
    surveys.push({ module, track, trackCompleted, reminded: s.reminded, ...s.answers, at: s.at });
  }
  return {
    schema: PROFILE_EXPORT_SCHEMA,
    learner: p.id,
    exportedAt: now.toISOString(),
    role: p.role,
    path: p.path,
    assessments: p.assessments,
    surveys: surveys.sort((a, b) => a.at.localeCompare(b.at)),
    completedTracks: Object.entries(p.completedTracks)
      .map(([track, at]) => ({ track, at }))
      .sort((a, b) => a.at.localeCompare(b.at)),
  };
}

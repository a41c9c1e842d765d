import { z } from 'zod';
import { IdSchema, RoleSchema, type Role } from '../catalog/schema';
import { PracticumError } from '../errors';
import type { CurriculumTrack } from './curriculum';
import { LEVEL_LABELS, LevelSchema, levelRank, type Levels, type Rubric } from './rubric';

/** Every learner starts here. */
export const FOUNDATIONAL_TRACK_ID = 'foundations';

/** The role track each role is placed on after the foundational track, and its title if the catalog lacks it. */
export const ROLE_TRACKS: Record<Role, { id: string; title: string }> = {
  backend: { id: 'ai-app-dev', title: 'AI application development' },
  frontend: { id: 'ai-ux', title: 'AI-powered user experiences' },
  data: { id: 'data-for-ai', title: 'Data engineering for AI' },
  platform: { id: 'ai-platform', title: 'AI platform engineering' },
  lead: { id: 'ai-product', title: 'AI product management' },
};

export const ROLE_LABELS: Record<Role, string> = {
  backend: 'Backend / full-stack',
  frontend: 'Frontend',
  data: 'Data',
  platform: 'Platform',
  lead: 'Tech lead / manager',
};

/** Self-assessed level at or above which a matching foundational module is suggested for test-out. */
export const TEST_OUT_LEVEL = 'proficient';

/** A module on the suggested path; `testOut` is set when the learner may skip it. */
export const PlacedModuleSchema = z.object({
  id: IdSchema,
  title: z.string(),
  hours: z.number(),
  skill: z.string().nullable(),
  testOut: z.object({ dimension: z.string(), dimensionTitle: z.string(), level: LevelSchema, reason: z.string() }).nullable(),
});

/** A track on the suggested path; `available` is false when the catalog does not have it yet. */
export const PlacedTrackSchema = z.object({
  id: IdSchema,
  title: z.string(),
  kind: z.enum(['foundational', 'role']),
  available: z.boolean(),
  modules: z.array(PlacedModuleSchema),
});

/** The suggested path: the foundational track, then the role's track, with test-out suggestions. */
export const PlacementSchema = z.object({
  role: RoleSchema,
  tracks: z.array(PlacedTrackSchema),
  suggestedTestOut: z.array(IdSchema),
});
export type Placement = z.infer<typeof PlacementSchema>;

/** The path the learner accepted (stored in the profile and sent with the baseline assessment). */
export const ChosenPathSchema = z
  .object({
    tracks: z.array(IdSchema),
    /** Modules the learner chose to test out of (a subset of the suggestions). */
    testOut: z.array(IdSchema),
    suggestedTestOut: z.array(IdSchema),
  })
  .strict();
export type ChosenPath = z.infer<typeof ChosenPathSchema>;

function foundationalTrack(tracks: CurriculumTrack[]): CurriculumTrack | undefined {
  return tracks.find((t) => t.id === FOUNDATIONAL_TRACK_ID) ?? tracks.find((t) => t.kind === 'foundational');
}

function roleTrack(tracks: CurriculumTrack[], role: Role): CurriculumTrack | undefined {
  return tracks.find((t) => t.kind === 'role' && t.role === role) ?? tracks.find((t) => t.id === ROLE_TRACKS[role].id);
}

/**
 * Places a learner: the foundational track, then the role track. A foundational module whose skill
 * the learner rates Proficient or above is suggested for test-out; the learner decides.
 */
export function suggestPlacement(role: Role, levels: Levels, tracks: CurriculumTrack[], rubric: Rubric): Placement {
  const titleOf = (dim: string) => rubric.dimensions.find((d) => d.id === dim)?.title ?? dim;
  const place = (t: CurriculumTrack | undefined, kind: 'foundational' | 'role', fallback: { id: string; title: string }) => {
    if (!t) return { id: fallback.id, title: fallback.title, kind, available: false, modules: [] };
    return {
      id: t.id,
      title: t.title,
      kind,
      available: true,
      modules: t.modules.map((m) => {
        const level = m.skill ? levels[m.skill] : undefined;
        const eligible = kind === 'foundational' && m.skill !== undefined && level !== undefined && levelRank(level) >= levelRank(TEST_OUT_LEVEL);
        return {
          id: m.id,
          title: m.title,
          hours: m.hours,
          skill: m.skill ?? null,
          testOut:
            eligible && m.skill && level
              ? { dimension: m.skill, dimensionTitle: titleOf(m.skill), level, reason: `You rated yourself ${LEVEL_LABELS[level]} in ${titleOf(m.skill)}.` }
              : null,
        };
      }),
    };
  };
  const placed = [
    place(foundationalTrack(tracks), 'foundational', { id: FOUNDATIONAL_TRACK_ID, title: 'Foundations' }),
    place(roleTrack(tracks, role), 'role', ROLE_TRACKS[role]),
  ];
  const suggestedTestOut = placed.flatMap((t) => t.modules.filter((m) => m.testOut).map((m) => m.id));
  return { role, tracks: placed, suggestedTestOut };
}

/** The learner's choice over a placement: test-out is only possible where it was suggested. */
export function choosePath(placement: Placement, testOut: string[]): ChosenPath {
  const notOffered = testOut.filter((id) => !placement.suggestedTestOut.includes(id));
  if (notOffered.length) {
    throw new PracticumError('usage', `Cannot test out of ${notOffered.join(', ')}: only modules whose skill you rated Proficient or above can be skipped.`);
  }
  return {
    tracks: placement.tracks.map((t) => t.id),
    testOut: [...new Set(testOut)],
    suggestedTestOut: placement.suggestedTestOut,
  };
}

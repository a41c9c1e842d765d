import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { IdSchema, RoleSchema } from '../catalog/schema';
import type { Logger } from '../log';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import { IsoTimeSchema, SurveyAnswersSchema } from './events';
import { ChosenPathSchema } from './placement';
import { LevelsSchema, RubricRefSchema } from './rubric';

/** One self-assessment, as stored locally. */
export const AssessmentRecordSchema = z
  .object({
    at: IsoTimeSchema,
    phase: z.enum(['before', 'after']),
    track: IdSchema.nullable(),
    rubric: RubricRefSchema,
    levels: LevelsSchema,
  })
  .strict();
export type AssessmentRecord = z.infer<typeof AssessmentRecordSchema>;

/**
 * A request for the learner's attention (a module survey or a re-assessment). It is offered once and
 * reminded at most once (`prompts` ≤ 2); after that it only waits in My Progress.
 */
const OpenNudge = z
  .object({ status: z.literal('open'), createdAt: IsoTimeSchema, prompts: z.number().int().min(0).max(2), lastPromptAt: IsoTimeSchema.nullable() })
  .strict();
const SkippedNudge = z.object({ status: z.literal('skipped'), at: IsoTimeSchema }).strict();
export const NudgeSchema = z.discriminatedUnion('status', [OpenNudge, SkippedNudge, z.object({ status: z.literal('done'), at: IsoTimeSchema }).strict()]);
export type Nudge = z.infer<typeof NudgeSchema>;

/** A module survey's state, with the answers once given. */
export const SurveyStateSchema = z.discriminatedUnion('status', [
  OpenNudge,
  SkippedNudge,
  z.object({ status: z.literal('done'), at: IsoTimeSchema, answers: SurveyAnswersSchema, reminded: z.boolean() }).strict(),
]);
export type SurveyState = z.infer<typeof SurveyStateSchema>;

export const PROFILE_SCHEMA = 'practicum.profile/v1';

/** The learner's profile, stored only on this machine (`<global storage>/profile.json`). */
export const ProfileSchema = z
  .object({
    schema: z.literal(PROFILE_SCHEMA),
    /** Random, local: the pseudonymous id of a profile export. */
    id: z.uuid(),
    createdAt: IsoTimeSchema,
    /** When onboarding was first shown, so it opens by itself only once. */
    onboardingShownAt: IsoTimeSchema.nullable(),
    role: RoleSchema.nullable(),
    path: ChosenPathSchema.nullable(),
    assessments: z.array(AssessmentRecordSchema),
    /** Completed modules and the track each belongs to. */
    modules: z.record(IdSchema, z.object({ track: IdSchema.nullable(), at: IsoTimeSchema }).strict()),
    completedTracks: z.record(IdSchema, IsoTimeSchema),
    surveys: z.record(IdSchema, SurveyStateSchema),
    /** Re-assessments offered after a track's last module, by track id. */
    reassessments: z.record(IdSchema, NudgeSchema),
  })
  .strict();
export type Profile = z.infer<typeof ProfileSchema>;

export function emptyProfile(now: Date): Profile {
  return {
    schema: PROFILE_SCHEMA,
    id: randomUUID(),
    createdAt: now.toISOString(),
    onboardingShownAt: null,
    role: null,
    path: null,
    assessments: [],
    modules: {},
    completedTracks: {},
    surveys: {},
    reassessments: {},
  };
}

/** The profile has a baseline assessment, i.e. onboarding was completed. */
export function isOnboarded(p: Profile | null): p is Profile {
  return !!p && p.role !== null && p.assessments.some((a) => a.phase === 'before');
}

/**
 * The profile file, shared by every VS Code window: reads are validated (a corrupt file is moved
 * aside and reported, never fatal), updates are read-modify-write under a cross-process lock.
 */
export class ProfileStore {
  private readonly lockDir: string;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
    private readonly onCorrupt: (problem: string, movedTo: string) => void = () => undefined,
  ) {
    this.lockDir = `${file}.lock`;
  }

  async read(): Promise<Profile | null> {
    const r = await readJsonValidated(this.file, ProfileSchema);
    if (r.status === 'ok') return r.value;
    if (r.status === 'corrupt') {
      this.logger.warn(`Profile ${this.file} was unreadable (${r.problem}); moved to ${r.movedTo}, starting fresh.`);
      this.onCorrupt(r.problem, r.movedTo);
    }
    return null;
  }

  /** Applies `fn` to the current profile (a fresh one if none) and writes the result atomically. */
  async update(now: Date, fn: (p: Profile) => Profile | void): Promise<Profile> {
    // The editor's global storage folder does not exist until something is written there.
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    return withFileLock(this.lockDir, async () => {
      const current = (await this.read()) ?? emptyProfile(now);
      const next = fn(current) ?? current;
      await writeJsonAtomic(this.file, ProfileSchema.parse(next));
      return next;
    });
  }
}

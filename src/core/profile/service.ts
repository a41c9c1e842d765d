import type { Role } from '../catalog/schema';
import type { Clock } from '../clock';
import { PracticumError } from '../errors';
import type { EventSink } from '../export/sink';
import type { Logger } from '../log';
import { trackOfModule, type CurriculumReader, type CurriculumTrack } from './curriculum';
import { ASSESSMENT_COMPLETED, SURVEY_COMPLETED, type AssessmentCompleted, type SurveyAnswers, type SurveyCompleted } from './events';
import { claimNudge, markOffered, nextNudge, type DueNudge } from './nudges';
import { choosePath, suggestPlacement, type Placement } from './placement';
import { isOnboarded, type Profile, type ProfileStore } from './profile';
import { exportProfile, type ProfileExport } from './profileExport';
import { progressView, type ProgressView } from './progress';
import { checkLevels, rubricRef, type Levels, type Rubric, type RubricLoad } from './rubric';

/** What the profile service is built from; all injected, so it runs in plain Node tests. */
export interface ProfileDeps {
  store: ProfileStore;
  clock: Clock;
  events: EventSink;
  logger: Logger;
  curriculum: CurriculumReader;
  rubric: () => Promise<RubricLoad>;
}

/** What finishing a module led to. */
export interface ModuleCompletion {
  track: string | null;
  /** The module was the last one of its track still to do (test-outs count as done). */
  trackCompleted: boolean;
}

/**
 * The learner profile's behaviour: onboarding and placement, module completion, surveys and
 * re-assessments. Writes the local profile and emits `assessment.completed` / `survey.completed`.
 */
export class ProfileService {
  constructor(private readonly d: ProfileDeps) {}

  private now(): Date {
    return new Date(this.d.clock.now());
  }

  read(): Promise<Profile | null> {
    return this.d.store.read();
  }

  rubric(): Promise<RubricLoad> {
    return this.d.rubric();
  }

  tracks(): Promise<CurriculumTrack[]> {
    return this.d.curriculum.tracks();
  }

  private validLevels(rubric: Rubric, levels: Levels): Levels {
    const r = checkLevels(rubric, levels);
    if (r.ok) return r.levels;
    const parts = [r.missing.length ? `no answer for ${r.missing.join(', ')}` : '', r.unknown.length ? `unknown dimension ${r.unknown.join(', ')}` : ''];
    throw new PracticumError('usage', `The self-assessment is incomplete: ${parts.filter(Boolean).join('; ')}. Answer every question and submit again.`);
  }

  async placement(role: Role, levels: Levels): Promise<Placement> {
    const { rubric } = await this.d.rubric();
    return suggestPlacement(role, this.validLevels(rubric, levels), await this.tracks(), rubric);
  }

  /** Records that onboarding was shown; true only for the first caller ever (so it opens by itself once). */
  async claimOnboarding(): Promise<boolean> {
    let first = false;
    await this.d.store.update(this.now(), (p) => {
      first = p.onboardingShownAt === null && !isOnboarded(p);
      if (p.onboardingShownAt === null) p.onboardingShownAt = this.now().toISOString();
    });
    return first;
  }

  /** Saves the baseline assessment and the chosen path. Doing onboarding again re-places the learner. */
  async completeOnboarding(input: { role: Role; levels: Levels; testOut: string[] }): Promise<Profile> {
    const { rubric } = await this.d.rubric();
    const levels = this.validLevels(rubric, input.levels);
    const path = choosePath(suggestPlacement(input.role, levels, await this.tracks(), rubric), input.testOut);
    const at = this.now();
    const profile = await this.d.store.update(at, (p) => {
      p.role = input.role;
      p.path = path;
      p.onboardingShownAt ??= at.toISOString();
      p.assessments.push({ at: at.toISOString(), phase: 'before', track: null, rubric: rubricRef(rubric), levels });
    });
    const data: AssessmentCompleted = { phase: 'before', track: null, role: input.role, rubric: rubricRef(rubric), levels, path };
    this.d.events.emit(ASSESSMENT_COMPLETED, data, at);
    this.d.logger.info(`Onboarding saved: ${path.tracks.join(' → ')}; test-out: ${path.testOut.join(', ') || 'none'}`);
    return profile;
  }

  /**
   * Records a finished module: opens its feedback survey and, when it completes the track, the
   * re-assessment. Idempotent: a module already recorded changes nothing.
   */
  async recordModuleCompleted(moduleId: string): Promise<ModuleCompletion> {
    const tracks = await this.tracks();
    const track = trackOfModule(tracks, moduleId) ?? null;
    const at = this.now().toISOString();
    let trackCompleted = false;
    await this.d.store.update(this.now(), (p) => {
      if (p.modules[moduleId]) return;
      p.modules[moduleId] = { track: track?.id ?? null, at };
      p.surveys[moduleId] ??= { status: 'open', createdAt: at, prompts: 0, lastPromptAt: null };
      if (!track || p.completedTracks[track.id]) return;
      const testOut = p.path?.testOut ?? [];
      if (track.modules.every((m) => p.modules[m.id] || testOut.includes(m.id))) {
        trackCompleted = true;
        p.completedTracks[track.id] = at;
        p.reassessments[track.id] ??= { status: 'open', createdAt: at, prompts: 0, lastPromptAt: null };
      }
    });
    return { track: track?.id ?? null, trackCompleted };
  }

  /** Saves an `after` assessment (`track` is the track just finished, or null when the learner chose to). */
  async completeReassessment(track: string | null, levels: Levels): Promise<Profile> {
    const { rubric } = await this.d.rubric();
    const valid = this.validLevels(rubric, levels);
    const at = this.now();
    let role: Role | null = null;
    const profile = await this.d.store.update(at, (p) => {
      if (!isOnboarded(p)) throw new PracticumError('usage', 'Set up your learning path first (Practicum: Set Up My Learning Path); the re-assessment is compared with it.');
      role = p.role;
      p.assessments.push({ at: at.toISOString(), phase: 'after', track, rubric: rubricRef(rubric), levels: valid });
      if (track) p.reassessments[track] = { status: 'done', at: at.toISOString() };
    });
    const data: AssessmentCompleted = { phase: 'after', track, role, rubric: rubricRef(rubric), levels: valid, path: null };
    this.d.events.emit(ASSESSMENT_COMPLETED, data, at);
    return profile;
  }

  async skipReassessment(track: string): Promise<void> {
    await this.d.store.update(this.now(), (p) => {
      if (p.reassessments[track]?.status === 'open') p.reassessments[track] = { status: 'skipped', at: this.now().toISOString() };
    });
  }

  /** Saves a module survey and emits it. Answers are all optional; an empty form counts as skipped. */
  async answerSurvey(moduleId: string, answers: SurveyAnswers): Promise<void> {
    const empty = answers.nps === null && !answers.helped && !answers.didNotHelp && answers.minutesTaken === null;
    if (empty) return this.skipSurvey(moduleId);
    const tracks = await this.tracks();
    const at = this.now();
    let data: SurveyCompleted | undefined;
    await this.d.store.update(at, (p) => {
      const prev = p.surveys[moduleId];
      const reminded = prev?.status === 'open' && prev.prompts >= 2;
      const track = p.modules[moduleId]?.track ?? trackOfModule(tracks, moduleId)?.id ?? null;
      const trackCompleted = track !== null && p.completedTracks[track] !== undefined && p.completedTracks[track] === p.modules[moduleId]?.at;
      const clean = { ...answers, helped: answers.helped || null, didNotHelp: answers.didNotHelp || null };
      p.surveys[moduleId] = { status: 'done', at: at.toISOString(), answers: clean, reminded };
      data = { module: moduleId, track, trackCompleted, reminded, ...clean };
    });
    if (data) this.d.events.emit(SURVEY_COMPLETED, data, at);
  }

  async skipSurvey(moduleId: string): Promise<void> {
    await this.d.store.update(this.now(), (p) => {
      if (p.surveys[moduleId]?.status !== 'done') p.surveys[moduleId] = { status: 'skipped', at: this.now().toISOString() };
    });
  }

  /** The one survey or re-assessment to offer now, claimed so no other window offers it too. */
  async claimNextNudge(): Promise<DueNudge | null> {
    const now = this.d.clock.now();
    const peek = await this.read();
    const due = peek ? nextNudge(peek, now) : null;
    if (!due) return null;
    let claimed = false;
    await this.d.store.update(this.now(), (p) => void (claimed = claimNudge(p, due, now)));
    return claimed ? due : null;
  }

  /** Counts an offer made inside the panel (e.g. "re-assess now?" after the last survey of a track). */
  async markReassessmentOffered(track: string): Promise<void> {
    await this.d.store.update(this.now(), (p) => markOffered(p.reassessments[track], this.d.clock.now()));
  }

  async progress(): Promise<ProgressView> {
    const [p, rubric, tracks] = await Promise.all([this.read(), this.d.rubric(), this.tracks()]);
    return progressView(p, rubric, tracks);
  }

  async exportForLead(): Promise<ProfileExport> {
    const p = await this.read();
    if (!isOnboarded(p)) throw new PracticumError('usage', 'There is nothing to export yet: set up your learning path first.');
    return exportProfile(p, this.now());
  }
}

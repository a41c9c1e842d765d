import { RoleSchema } from '../../core/catalog/schema';
import { trackOfModule } from '../../core/profile/curriculum';
import { ROLE_LABELS, ROLE_TRACKS } from '../../core/profile/placement';
import type { ProfileService } from '../../core/profile/service';
import type { ProfileInbound, ProfileOutbound, Screen } from '../../webview/protocol/profile';

/** Builds each screen of the profile panel from the service, and answers the panel's messages. */
export class ProfileScreens {
  constructor(
    private readonly service: ProfileService,
    /** Called after anything that may make a new survey or re-assessment due (the editor offers it). */
    private readonly afterChange: () => void = () => undefined,
  ) {}

  async onboarding(notice: string | null = null): Promise<Screen> {
    const [load, p, tracks] = await Promise.all([this.service.rubric(), this.service.read(), this.service.tracks()]);
    const baseline = p?.assessments.filter((a) => a.phase === 'before' && a.rubric.id === load.rubric.id).pop();
    const roles = RoleSchema.options.map((id) => ({
      id,
      label: ROLE_LABELS[id],
      track: tracks.find((t) => t.kind === 'role' && t.role === id)?.title ?? ROLE_TRACKS[id].title,
    }));
    return {
      screen: 'onboarding',
      rubric: load.rubric,
      roles,
      current: p?.role && baseline ? { role: p.role, levels: baseline.levels } : null,
      notice: notice ?? load.problem,
    };
  }

  async assessment(track: string | null, notice: string | null = null): Promise<Screen> {
    const [load, tracks] = await Promise.all([this.service.rubric(), this.service.tracks()]);
    const t = track ? tracks.find((x) => x.id === track) : undefined;
    return { screen: 'assessment', rubric: load.rubric, track: track ? { id: track, title: t?.title ?? track } : null, notice: notice ?? load.problem };
  }

  async progress(notice: string | null = null): Promise<Screen> {
    return { screen: 'progress', progress: await this.service.progress(), notice };
  }

  async survey(moduleId: string, notice: string | null = null): Promise<Screen> {
    const [tracks, p] = await Promise.all([this.service.tracks(), this.service.read()]);
    const track = trackOfModule(tracks, moduleId);
    const m = track?.modules.find((x) => x.id === moduleId);
    const finished = track && p?.completedTracks[track.id] && p.modules[moduleId]?.at === p.completedTracks[track.id];
    return {
      screen: 'survey',
      module: { id: moduleId, title: m?.title ?? moduleId, trackTitle: track?.title ?? null, plannedHours: m?.hours ?? null },
      offerReassessment: finished && track ? { id: track.id, title: track.title } : null,
      notice,
    };
  }

  /** What the panel shows after each message. */
  async handle(msg: Exclude<ProfileInbound, { type: 'ready' | 'close' }>, post: (m: ProfileOutbound) => void): Promise<Screen | void> {
    switch (msg.type) {
      case 'requestPlacement':
        return post({ type: 'placement', placement: await this.service.placement(msg.role, msg.levels) });
      case 'submitOnboarding':
        await this.service.completeOnboarding(msg);
        return this.progress('Saved. This is your path; you can change it any time with "Practicum: Set Up My Learning Path".');
      case 'submitAssessment':
        await this.service.completeReassessment(msg.track, msg.levels);
        this.afterChange();
        return this.progress('Saved. Here is how your answers compare with your first self-assessment.');
      case 'skipAssessment':
        await this.service.skipReassessment(msg.track);
        this.afterChange();
        return this.progress('Skipped. You can still re-assess from here whenever you like.');
      case 'submitSurvey':
      case 'skipSurvey': {
        if (msg.type === 'submitSurvey') await this.service.answerSurvey(msg.module, msg.answers);
        else await this.service.skipSurvey(msg.module);
        this.afterChange();
        const thanks = msg.type === 'submitSurvey' ? 'Thank you, your feedback is saved.' : 'Skipped; no more reminders for this module.';
        const track = trackOfModule(await this.service.tracks(), msg.module);
        const p = await this.service.read();
        const offer = track ? p?.reassessments[track.id] : undefined;
        if (track && offer?.status === 'open') {
          await this.service.markReassessmentOffered(track.id);
          return this.assessment(track.id, `${thanks} You finished ${track.title}: answer the same self-assessment as at the start (about 3 minutes) to see how far you have come, or choose Later.`);
        }
        return this.progress(thanks);
      }
      case 'navigate':
        switch (msg.to.screen) {
          case 'progress':
            return this.progress();
          case 'onboarding':
            return this.onboarding();
          case 'assessment':
            return this.assessment(msg.to.track);
          case 'survey':
            return this.survey(msg.to.module);
        }
    }
  }
}

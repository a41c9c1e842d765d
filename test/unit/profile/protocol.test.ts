import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import { staticCurriculum } from '../../../src/core/profile/curriculum';
import { ProfileStore } from '../../../src/core/profile/profile';
import { ProfileService } from '../../../src/core/profile/service';
import { ProfileScreens } from '../../../src/vscode/profile/screens';
import { ProfileInboundSchema, ProfileOutboundSchema, ScreenSchema, type ProfileOutbound, type Screen } from '../../../src/webview/protocol/profile';
import { tempDir } from '../helpers/gitRepo';
import { allAware, builtinRubric, tracks } from './fixtures';

describe('profile webview protocol', () => {
  let t: ReturnType<typeof tempDir>;
  let screens: ProfileScreens;
  let posted: ProfileOutbound[];
  let emitted: string[];
  let service: ProfileService;
  beforeEach(() => {
    t = tempDir();
    posted = [];
    emitted = [];
    const rubric = builtinRubric();
    service = new ProfileService({
      store: new ProfileStore(path.join(t.dir, 'profile.json'), silentLogger),
      clock: new ManualClock(Date.parse('2026-02-02T09:00:00Z')),
      events: { emit: (type) => void emitted.push(type) },
      logger: silentLogger,
      curriculum: staticCurriculum(tracks),
      rubric: async () => ({ rubric, source: 'built-in', problem: null }),
    });
    screens = new ProfileScreens(service);
  });
  afterEach(() => t.dispose());

  /** Sends a raw message the way the panel does: validated first, then handled. */
  async function send(raw: unknown): Promise<Screen | void> {
    const msg = ProfileInboundSchema.parse(raw);
    assert.ok(msg.type !== 'ready' && msg.type !== 'close');
    const screen = await screens.handle(msg, (m) => void posted.push(ProfileOutboundSchema.parse(m)));
    return screen ? ScreenSchema.parse(screen) : undefined;
  }

  it('rejects malformed or hostile messages before they reach the handler', () => {
    for (const bad of [
      { type: 'submitOnboarding', role: 'ceo', levels: allAware, testOut: [] },
      { type: 'submitSurvey', module: 'ai-landscape', answers: { nps: 11, helped: null, didNotHelp: null, minutesTaken: null } },
      { type: 'submitSurvey', module: '../../etc', answers: { nps: 1, helped: null, didNotHelp: null, minutesTaken: null } },
      { type: 'submitSurvey', module: 'x', answers: { nps: 1, helped: 'a'.repeat(2001), didNotHelp: null, minutesTaken: null } },
      { type: 'navigate', to: { screen: 'settings' } },
      { type: 'eval', code: 'alert(1)' },
    ]) {
      assert.equal(ProfileInboundSchema.safeParse(bad).success, false, JSON.stringify(bad).slice(0, 80));
    }
  });

  it('runs onboarding: placement on request, then the saved path on My Progress', async () => {
    const first = ScreenSchema.parse(await screens.onboarding());
    assert.equal(first.screen, 'onboarding');
    if (first.screen !== 'onboarding') return;
    assert.deepEqual(first.roles.map((r) => [r.id, r.track]), [
      ['backend', 'AI application development'],
      ['frontend', 'AI-powered user experiences'],
      ['data', 'Data engineering for AI'],
      ['platform', 'AI platform engineering'],
      ['lead', 'AI product management'],
    ]);
    const levels = { ...allAware, fundamentals: 'proficient' };
    assert.equal(await send({ type: 'requestPlacement', role: 'backend', levels }), undefined);
    const placement = posted.pop();
    assert.ok(placement?.type === 'placement');
    assert.deepEqual(placement.placement.suggestedTestOut, ['ai-landscape']);
    // The learner overrides the suggestion and takes the module anyway.
    const next = await send({ type: 'submitOnboarding', role: 'backend', levels, testOut: [] });
    assert.ok(next?.screen === 'progress');
    assert.equal(next.progress.onboarded, true);
    assert.deepEqual(next.progress.tracks.map((x) => x.id), ['foundations', 'ai-app-dev']);
    assert.deepEqual(next.progress.tracks[0]!.modules.map((m) => m.status), ['todo', 'todo', 'todo', 'todo']);
    assert.deepEqual(emitted, ['assessment.completed']);
    // Onboarding again shows the earlier answers.
    const again = await send({ type: 'navigate', to: { screen: 'onboarding' } });
    assert.ok(again?.screen === 'onboarding');
    assert.deepEqual(again.current, { role: 'backend', levels });
  });

  it('moves from the last survey of a track to the re-assessment, offered in context with a way out', async () => {
    await service.completeOnboarding({ role: 'data', levels: allAware, testOut: [] });
    for (const m of ['ai-landscape', 'llm-prompting', 'ai-assisted-dev']) await service.recordModuleCompleted(m);
    const mid = await send({ type: 'skipSurvey', module: 'ai-landscape' });
    assert.ok(mid?.screen === 'progress');
    await service.recordModuleCompleted('ai-quality-ethics');
    const survey = ScreenSchema.parse(await screens.survey('ai-quality-ethics'));
    assert.ok(survey.screen === 'survey');
    assert.deepEqual(survey.offerReassessment, { id: 'foundations', title: 'Foundations' });
    const answers = { nps: 8, helped: 'guardrail tests', didNotHelp: null, minutesTaken: 330 };
    const next = await send({ type: 'submitSurvey', module: 'ai-quality-ethics', answers });
    assert.ok(next?.screen === 'assessment');
    assert.deepEqual(next.track, { id: 'foundations', title: 'Foundations' });
    assert.match(next.notice ?? '', /Thank you.*You finished Foundations/);
    const after = await send({ type: 'submitAssessment', track: 'foundations', levels: { ...allAware, 'llm-prompting': 'practicing' } });
    assert.ok(after?.screen === 'progress');
    assert.deepEqual(after.progress.dimensions.find((d) => d.id === 'llm-prompting')?.change, 1);
    assert.equal(after.progress.tracks[0]!.completedAt, '2026-02-02T09:00:00.000Z');
    assert.deepEqual(emitted, ['assessment.completed', 'survey.completed', 'assessment.completed']);
  });

  it('answers a bad request with an error the panel shows, not a crash', async () => {
    await assert.rejects(send({ type: 'submitOnboarding', role: 'backend', levels: { fundamentals: 'aware' }, testOut: [] }), /Answer every question/);
  });
});

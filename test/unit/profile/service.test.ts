import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import type { EventSink } from '../../../src/core/export/sink';
import { silentLogger } from '../../../src/core/log';
import { staticCurriculum } from '../../../src/core/profile/curriculum';
import { AssessmentCompletedSchema, SurveyCompletedSchema } from '../../../src/core/profile/events';
import { MIN_GAP_MS, REMINDER_AFTER_MS } from '../../../src/core/profile/nudges';
import { ProfileSchema, ProfileStore } from '../../../src/core/profile/profile';
import { ProfileService } from '../../../src/core/profile/service';
import { tempDir } from '../helpers/gitRepo';
import { allAware, builtinRubric, tracks } from './fixtures';

const HOUR = 3_600_000;

function setup(dir: string) {
  const clock = new ManualClock(Date.parse('2026-02-02T09:00:00Z'));
  const events: Array<{ type: string; data: Record<string, unknown>; at?: Date }> = [];
  const sink: EventSink = { emit: (type, data, at) => void events.push({ type, data, at }) };
  const corrupt: string[] = [];
  const store = new ProfileStore(path.join(dir, 'profile.json'), silentLogger, (problem) => corrupt.push(problem));
  const rubric = builtinRubric();
  const deps = { store, clock, events: sink, logger: silentLogger, curriculum: staticCurriculum(tracks), rubric: async () => ({ rubric, source: 'built-in' as const, problem: null }) };
  // A second service on the same file stands for a second VS Code window.
  const otherWindow = () => new ProfileService({ ...deps, store: new ProfileStore(store.file, silentLogger) });
  return { clock, events, store, svc: new ProfileService(deps), otherWindow, corrupt };
}

describe('profile service', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.dispose());

  it('opens onboarding by itself only once, across windows', async () => {
    const { svc, otherWindow } = setup(t.dir);
    const claims = await Promise.all([svc.claimOnboarding(), otherWindow().claimOnboarding(), svc.claimOnboarding()]);
    assert.deepEqual(claims.filter(Boolean).length, 1);
  });

  it('saves onboarding with the chosen path and emits a baseline assessment without identifying data', async () => {
    const { svc, events, store } = setup(t.dir);
    await svc.completeOnboarding({ role: 'backend', levels: { ...allAware, 'llm-prompting': 'proficient' }, testOut: ['llm-prompting'] });
    const p = await store.read();
    assert.equal(p?.role, 'backend');
    assert.deepEqual(p?.path, { tracks: ['foundations', 'ai-app-dev'], testOut: ['llm-prompting'], suggestedTestOut: ['llm-prompting'] });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'assessment.completed');
    const data = AssessmentCompletedSchema.parse(events[0]!.data);
    assert.equal(data.phase, 'before');
    assert.deepEqual(Object.keys(events[0]!.data).sort(), ['levels', 'path', 'phase', 'role', 'rubric', 'track']);
    assert.ok(!JSON.stringify(events[0]!.data).includes(p!.id), 'the local profile id is not part of events');
  });

  it('rejects an incomplete self-assessment with a message naming what is missing', async () => {
    const { svc, events } = setup(t.dir);
    await assert.rejects(svc.completeOnboarding({ role: 'data', levels: { fundamentals: 'aware' }, testOut: [] }), /no answer for llm-prompting, ai-assisted-dev/);
    assert.equal(events.length, 0);
  });

  it('opens a survey per finished module and the re-assessment after the last module of a track (test-outs count)', async () => {
    const { svc, store } = setup(t.dir);
    await svc.completeOnboarding({ role: 'backend', levels: { ...allAware, 'llm-prompting': 'expert' }, testOut: ['llm-prompting'] });
    assert.deepEqual(await svc.recordModuleCompleted('ai-landscape'), { track: 'foundations', trackCompleted: false });
    assert.deepEqual(await svc.recordModuleCompleted('ai-assisted-dev'), { track: 'foundations', trackCompleted: false });
    assert.deepEqual(await svc.recordModuleCompleted('ai-quality-ethics'), { track: 'foundations', trackCompleted: true });
    assert.deepEqual(await svc.recordModuleCompleted('ai-quality-ethics'), { track: 'foundations', trackCompleted: false }, 'idempotent');
    const p = (await store.read())!;
    assert.deepEqual(Object.keys(p.surveys).sort(), ['ai-assisted-dev', 'ai-landscape', 'ai-quality-ethics']);
    assert.equal(p.reassessments.foundations?.status, 'open');
    assert.ok(p.completedTracks.foundations);
  });

  it('asks for feedback once, reminds at most once, and never two offers within the gap', async () => {
    const { svc, clock, store } = setup(t.dir);
    await svc.completeOnboarding({ role: 'backend', levels: allAware, testOut: [] });
    await svc.recordModuleCompleted('ai-landscape');
    assert.deepEqual(await svc.claimNextNudge(), { kind: 'survey', module: 'ai-landscape', reminder: false });
    assert.equal(await svc.claimNextNudge(), null, 'not again right away');
    await svc.recordModuleCompleted('llm-prompting');
    clock.advance(MIN_GAP_MS - 1);
    assert.equal(await svc.claimNextNudge(), null, 'the second survey waits for the gap');
    clock.advance(1);
    assert.deepEqual(await svc.claimNextNudge(), { kind: 'survey', module: 'llm-prompting', reminder: false });
    clock.advance(REMINDER_AFTER_MS);
    assert.deepEqual(await svc.claimNextNudge(), { kind: 'survey', module: 'ai-landscape', reminder: true });
    clock.advance(2 * HOUR);
    assert.deepEqual(await svc.claimNextNudge(), { kind: 'survey', module: 'llm-prompting', reminder: true });
    clock.advance(30 * REMINDER_AFTER_MS);
    assert.equal(await svc.claimNextNudge(), null, 'no third offer, ever');
    const p = (await store.read())!;
    assert.equal(p.surveys['ai-landscape']?.status, 'open', 'still available from My Progress');
    // Answering after the reminder is recorded as such.
    await svc.answerSurvey('ai-landscape', { nps: 9, helped: 'real repo', didNotHelp: null, minutesTaken: 300 });
    assert.equal(((await store.read())!.surveys['ai-landscape'] as { reminded: boolean }).reminded, true);
  });

  it('offers the re-assessment after the track surveys, and Skip ends it for good', async () => {
    const { svc, clock, store } = setup(t.dir);
    await svc.completeOnboarding({ role: 'backend', levels: allAware, testOut: [] });
    for (const m of ['ai-landscape', 'llm-prompting', 'ai-assisted-dev']) await svc.skipSurvey(m);
    for (const m of ['ai-landscape', 'llm-prompting', 'ai-assisted-dev', 'ai-quality-ethics']) await svc.recordModuleCompleted(m);
    assert.deepEqual(await svc.claimNextNudge(), { kind: 'survey', module: 'ai-quality-ethics', reminder: false }, 'the survey comes first');
    clock.advance(MIN_GAP_MS);
    assert.deepEqual(await svc.claimNextNudge(), { kind: 'reassessment', track: 'foundations', reminder: false });
    await svc.skipReassessment('foundations');
    clock.advance(REMINDER_AFTER_MS);
    assert.deepEqual(await svc.claimNextNudge(), { kind: 'survey', module: 'ai-quality-ethics', reminder: true });
    clock.advance(REMINDER_AFTER_MS);
    assert.equal(await svc.claimNextNudge(), null);
    assert.equal((await store.read())!.reassessments.foundations?.status, 'skipped');
  });

  it('lets only one of two windows show the same offer', async () => {
    const { svc, otherWindow } = setup(t.dir);
    await svc.completeOnboarding({ role: 'backend', levels: allAware, testOut: [] });
    await svc.recordModuleCompleted('ai-landscape');
    const got = await Promise.all([svc.claimNextNudge(), otherWindow().claimNextNudge()]);
    assert.equal(got.filter((g) => g !== null).length, 1);
  });

  it('saves a survey, emits exactly the typed answers, and treats an empty form as skipped', async () => {
    const { svc, events, store } = setup(t.dir);
    await svc.completeOnboarding({ role: 'backend', levels: allAware, testOut: [] });
    for (const m of ['ai-landscape', 'llm-prompting', 'ai-assisted-dev', 'ai-quality-ethics']) await svc.recordModuleCompleted(m);
    await svc.answerSurvey('ai-quality-ethics', { nps: 10, helped: '  red-teaming our own feature ', didNotHelp: '', minutesTaken: 320 });
    await svc.answerSurvey('ai-landscape', { nps: null, helped: null, didNotHelp: null, minutesTaken: null });
    const surveys = events.filter((e) => e.type === 'survey.completed');
    assert.equal(surveys.length, 1);
    assert.deepEqual(SurveyCompletedSchema.parse(surveys[0]!.data), {
      module: 'ai-quality-ethics',
      track: 'foundations',
      trackCompleted: true,
      reminded: false,
      nps: 10,
      helped: 'red-teaming our own feature',
      didNotHelp: null,
      minutesTaken: 320,
    });
    assert.equal((await store.read())!.surveys['ai-landscape']?.status, 'skipped');
  });

  it('records a re-assessment for the finished track and closes its offer', async () => {
    const { svc, events, store } = setup(t.dir);
    await assert.rejects(svc.completeReassessment('foundations', allAware), /Set up your learning path first/);
    await svc.completeOnboarding({ role: 'backend', levels: allAware, testOut: [] });
    for (const m of ['ai-landscape', 'llm-prompting', 'ai-assisted-dev', 'ai-quality-ethics']) await svc.recordModuleCompleted(m);
    await svc.completeReassessment('foundations', { ...allAware, 'llm-prompting': 'proficient' });
    const p = (await store.read())!;
    assert.equal(p.reassessments.foundations?.status, 'done');
    const after = AssessmentCompletedSchema.parse(events.at(-1)!.data);
    assert.deepEqual([after.phase, after.track, after.role, after.levels['llm-prompting']], ['after', 'foundations', 'backend', 'proficient']);
    const view = await svc.progress();
    assert.deepEqual(view.dimensions.find((d) => d.id === 'llm-prompting'), { id: 'llm-prompting', title: 'LLMs and prompt engineering', before: 'aware', after: 'proficient', change: 2 });
    assert.deepEqual(view.tracks[0]!.modules.map((m) => m.status), ['done', 'done', 'done', 'done']);
  });

  it('creates the storage folder on first write (the editor does not create it)', async () => {
    const store = new ProfileStore(path.join(t.dir, 'not', 'yet', 'profile.json'), silentLogger);
    const p = await store.update(new Date('2026-02-02T09:00:00Z'), (x) => void (x.role = 'frontend'));
    assert.equal((await store.read())?.role, p.role);
  });

  it('starts fresh when the profile file is corrupt, keeping the bad file aside', async () => {
    const { svc, store, corrupt } = setup(t.dir);
    writeFileSync(store.file, '{"schema":"practicum.profile/v1",');
    assert.equal(await svc.read(), null);
    assert.equal(corrupt.length, 1);
    await svc.completeOnboarding({ role: 'lead', levels: allAware, testOut: [] });
    ProfileSchema.parse(JSON.parse(readFileSync(store.file, 'utf8')));
  });
});

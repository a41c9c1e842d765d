import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventSink } from '../../../src/core/export/sink';
import type { ProfilePanel } from '../../../src/vscode/profile/panel';
import type { Screen } from '../../../src/webview/protocol/profile';
import { activatedExtension, screenshot, type PracticumApi } from '../helpers';

const allAware = { fundamentals: 'aware', 'llm-prompting': 'aware', 'ai-assisted-dev': 'aware', 'data-for-ai': 'aware', 'ai-in-production': 'aware' };

/** Waits until the real page has said `ready` and received `screen` (the handshake is part of what is tested). */
async function delivered<K extends Screen['screen']>(panel: ProfilePanel, screen: K, timeoutMs = 15_000): Promise<Extract<Screen, { screen: K }>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = panel.deliveredScreen;
    if (s?.screen === screen) return s as Extract<Screen, { screen: K }>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the profile page never received the ${screen} screen (last: ${panel.deliveredScreen?.screen ?? 'none'}, pending: ${panel.screen?.screen ?? 'none'})`);
}

/** Clears toasts so they do not cover the webview in screenshots. */
async function quiet(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
}

describe('profile: onboarding, module feedback and My Progress', function () {
  this.timeout(90_000);
  let api: PracticumApi;
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];
  let originalSink: EventSink;

  before(async () => {
    api = (await activatedExtension()).exports;
    originalSink = api.container.events;
    // Record what reaches the export sink (the feature reads the container's sink at emit time).
    api.container.events = { emit: (type, data, at) => (events.push({ type, data }), originalSink.emit(type, data, at)) };
  });
  after(() => {
    api.container.events = originalSink;
  });

  it('opens onboarding by itself on first use', async () => {
    const isProfileTab = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('practicum.profile');
    const profileTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isProfileTab);
    // The panel opens at once and takes its screen's title when the screen is built.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && profileTabs()[0]?.label !== 'Practicum: Your Learning Path') await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(profileTabs().map((t) => t.label), ['Practicum: Your Learning Path']);
  });

  it('completes onboarding through the webview message protocol', async () => {
    const panel = (await vscode.commands.executeCommand('practicum.profile.onboarding')) as ProfilePanel;
    const screen = await delivered(panel, 'onboarding');
    assert.deepEqual(screen.rubric.dimensions.map((d) => d.id), Object.keys(allAware));
    assert.equal(screen.roles.length, 5);
    await quiet();
    await screenshot('profile-onboarding', 'iframe.webview');

    const levels = { ...allAware, 'ai-assisted-dev': 'proficient' };
    const placement = new Promise<unknown>((resolve) => panel.onDidPost((m) => m.type === 'placement' && resolve(m.placement)));
    await panel.handleMessage({ type: 'requestPlacement', role: 'backend', levels });
    const p = (await placement) as { tracks: Array<{ id: string; available: boolean }>; suggestedTestOut: string[] };
    assert.deepEqual(p.tracks.map((t) => [t.id, t.available]), [['foundations', true], ['ai-app-dev', true]]);
    assert.deepEqual(p.suggestedTestOut, ['ai-assisted-dev']);
    await screenshot('profile-onboarding-path', 'iframe.webview');

    // An invalid message from the page is dropped, not acted on.
    await panel.handleMessage({ type: 'submitOnboarding', role: 'intern', levels, testOut: [] });
    assert.equal(events.length, 0);

    await panel.handleMessage({ type: 'submitOnboarding', role: 'backend', levels, testOut: ['ai-assisted-dev'] });
    const progress = await delivered(panel, 'progress');
    assert.equal(progress.progress.onboarded, true);
    assert.deepEqual(progress.progress.tracks[0]?.modules.map((m) => m.status), ['todo', 'todo', 'todo', 'tested-out', 'todo']);
    const stored = JSON.parse(await fs.readFile(path.join(api.container.storageDir, 'profile.json'), 'utf8')) as { role: string; path: { testOut: string[] } };
    assert.deepEqual([stored.role, stored.path.testOut], ['backend', ['ai-assisted-dev']]);
    assert.deepEqual(events.map((e) => [e.type, e.data.phase]), [['assessment.completed', 'before']]);
  });

  it('asks for feedback after a module and records the survey through the protocol', async () => {
    const done = await vscode.commands.executeCommand('practicum.profile.moduleCompleted', 'ai-landscape');
    assert.deepEqual(done, { track: 'foundations', trackCompleted: false });
    const panel = (await vscode.commands.executeCommand('practicum.profile.feedback', 'ai-landscape')) as ProfilePanel;
    const survey = await delivered(panel, 'survey');
    assert.equal(survey.module.title, 'AI concepts and landscape, mapped onto your codebase');
    await quiet();
    await screenshot('profile-survey', 'iframe.webview');
    await panel.handleMessage({ type: 'submitSurvey', module: 'ai-landscape', answers: { nps: 9, helped: 'mapping our own services', didNotHelp: null, minutesTaken: 310 } });
    await delivered(panel, 'progress');
    const sent = events.filter((e) => e.type === 'survey.completed');
    assert.deepEqual(sent.map((e) => e.data), [
      { module: 'ai-landscape', track: 'foundations', trackCompleted: false, reminded: false, nps: 9, helped: 'mapping our own services', didNotHelp: null, minutesTaken: 310 },
    ]);
  });

  it('re-assesses after the last module of the track and shows before/after in My Progress', async () => {
    await vscode.commands.executeCommand('practicum.profile.moduleCompleted', 'data-foundations');
    await vscode.commands.executeCommand('practicum.profile.moduleCompleted', 'llm-prompting');
    const last = await vscode.commands.executeCommand('practicum.profile.moduleCompleted', 'ai-quality-ethics');
    assert.deepEqual(last, { track: 'foundations', trackCompleted: true }, 'the tested-out module counts as done');
    const panel = (await vscode.commands.executeCommand('practicum.profile.feedback', 'ai-quality-ethics')) as ProfilePanel;
    await delivered(panel, 'survey');
    await panel.handleMessage({ type: 'skipSurvey', module: 'ai-quality-ethics' });
    const offer = await delivered(panel, 'assessment');
    assert.equal(offer.track?.id, 'foundations');
    await panel.handleMessage({
      type: 'submitAssessment',
      track: 'foundations',
      levels: { ...allAware, fundamentals: 'practicing', 'llm-prompting': 'proficient', 'ai-assisted-dev': 'expert', 'ai-in-production': 'practicing' },
    });
    const progress = await delivered(panel, 'progress');
    assert.deepEqual(
      progress.progress.dimensions.map((d) => [d.id, d.change]),
      [['fundamentals', 1], ['llm-prompting', 2], ['ai-assisted-dev', 1], ['data-for-ai', 0], ['ai-in-production', 1]],
    );
    assert.deepEqual(progress.progress.openSurveys.map((s) => s.module).sort(), ['data-foundations', 'llm-prompting']);
    assert.deepEqual(events.filter((e) => e.type === 'assessment.completed').map((e) => [e.data.phase, e.data.track]), [['before', null], ['after', 'foundations']]);
    await quiet();
    await screenshot('profile-my-progress', 'iframe.webview');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

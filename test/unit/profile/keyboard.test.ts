import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ManualClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import { staticCurriculum } from '../../../src/core/profile/curriculum';
import { ProfileStore } from '../../../src/core/profile/profile';
import { ProfileService } from '../../../src/core/profile/service';
import { ProfileScreens } from '../../../src/vscode/profile/screens';
import { ProfileInboundSchema, type ProfileInbound, type ProfileOutbound } from '../../../src/webview/protocol/profile';
import { tempDir } from '../helpers/gitRepo';
import { builtinRubric, repoRoot, tracks } from './fixtures';

const CHROMIUM = process.env.PRACTICUM_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The real webview bundle in a real browser, used with the keyboard only: radio groups, focus
 * order, visible focus. The extension side is the real screen builder; `acquireVsCodeApi` is the
 * only stand-in (it records what the page posts).
 */
describe('profile webview, keyboard only', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let page: Page;
  let screens: ProfileScreens;
  let service: ProfileService;
  let t: ReturnType<typeof tempDir>;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    (skipped: no Chromium at ${CHROMIUM}; set PRACTICUM_CHROMIUM)`);
      this.skip();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => browser?.close());

  beforeEach(async () => {
    t = tempDir();
    const rubric = builtinRubric();
    service = new ProfileService({
      store: new ProfileStore(path.join(t.dir, 'profile.json'), silentLogger),
      clock: new ManualClock(Date.parse('2026-02-02T09:00:00Z')),
      events: { emit() {} },
      logger: silentLogger,
      curriculum: staticCurriculum(tracks),
      rubric: async () => ({ rubric, source: 'built-in', problem: null }),
    });
    screens = new ProfileScreens(service);
    page = await browser!.newPage();
    const css = readFileSync(path.join(repoRoot, 'media/profile.css'), 'utf8');
    const js = readFileSync(path.join(repoRoot, 'dist/webview/profile.js'), 'utf8');
    await page.setContent(`<!DOCTYPE html><html><head><style>:root { --vscode-focusBorder: #0090f1; --vscode-font-size: 13px; }</style><style>${css}</style></head><body><main id="app"></main></body></html>`);
    await page.evaluate(() => {
      const w = window as unknown as { posted: unknown[]; acquireVsCodeApi: () => unknown };
      w.posted = [];
      let state: unknown;
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.posted.push(m), getState: () => state, setState: (s: unknown) => (state = s) });
    });
    await page.addScriptTag({ content: js });
  });
  afterEach(async () => {
    await page?.close();
    t.dispose();
  });

  const send = (msg: ProfileOutbound) => page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), msg);
  const posted = async (): Promise<ProfileInbound[]> =>
    (await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted)).map((m) => ProfileInboundSchema.parse(m));
  const focused = () => page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase(), type: el?.getAttribute('type'), text: el?.textContent?.trim(), data: { ...el?.dataset } };
  });
  /** The outline drawn around the focused control (or its label, for the styled radios). */
  const focusOutline = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const ring = el.closest('label.option') ?? (el.matches('input[type=radio]') ? el.nextElementSibling : el);
      const s = getComputedStyle(ring as Element);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });

  it('completes onboarding with Tab, arrow keys, Space and Enter, with a visible focus ring', async () => {
    await send({ type: 'show', screen: await screens.onboarding() });
    assert.equal((await posted())[0]?.type, 'ready');
    assert.deepEqual(await focused(), { tag: 'h1', type: null, text: 'Find your learning path', data: {} });
    // Role: Tab into the group, arrows choose (Down from Backend lands on Frontend, then Data).
    await page.keyboard.press('Tab');
    assert.deepEqual((await focused()).data, { role: 'backend' });
    assert.match(await focusOutline(), /^solid 2px/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual((await focused()).data, { role: 'data' });
    // Five skills: Tab to each group; Space picks the first level, arrows move up.
    const presses = [0, 2, 1, 3, 0]; // aware, proficient, practicing, expert, aware
    for (const n of presses) {
      await page.keyboard.press('Tab');
      assert.equal((await focused()).type, 'radio');
      await page.keyboard.press('Space');
      for (let i = 0; i < n; i++) await page.keyboard.press('ArrowRight');
    }
    const request = (await posted()).filter((m) => m.type === 'requestPlacement').pop();
    assert.ok(request?.type === 'requestPlacement', 'a complete form asks for the path');
    const expected = { fundamentals: 'aware', 'llm-prompting': 'proficient', 'ai-assisted-dev': 'practicing', 'data-for-ai': 'expert', 'ai-in-production': 'aware' };
    assert.deepEqual(request.levels, expected);
    assert.equal(request.role, 'data');
    await send({ type: 'placement', placement: await service.placement(request.role, request.levels) });
    // Next in focus order: the suggested test-out (ticked); Space unticks it: take the module anyway.
    await page.keyboard.press('Tab');
    assert.deepEqual((await focused()).data, { testout: 'llm-prompting' });
    assert.equal(await page.isChecked('[data-testout="llm-prompting"]'), true);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).text, 'Save my path');
    assert.match(await focusOutline(), /^solid 2px/);
    await page.keyboard.press('Enter');
    const submit = (await posted()).pop();
    assert.deepEqual(submit, { type: 'submitOnboarding', role: 'data', levels: expected, testOut: [] });
  });

  it('names what is unanswered and moves focus there instead of submitting', async () => {
    await send({ type: 'show', screen: await screens.assessment('foundations') });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    // Skip ahead to the submit button without answering the rest.
    await page.focus('button[type=submit]');
    await page.keyboard.press('Enter');
    assert.equal((await posted()).some((m) => m.type === 'submitAssessment'), false);
    assert.match(await page.textContent('[role=alert]') ?? '', /Still to answer: LLMs and prompt engineering, AI-assisted development/);
    assert.equal((await focused()).type, 'radio');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).closest('fieldset')?.dataset.dimension), 'llm-prompting');
  });

  it('fills the module survey by keyboard: 0–10 as a radio group, text, hours', async () => {
    await service.completeOnboarding({ role: 'backend', levels: { fundamentals: 'aware', 'llm-prompting': 'aware', 'ai-assisted-dev': 'aware', 'data-for-ai': 'aware', 'ai-in-production': 'aware' }, testOut: [] });
    await service.recordModuleCompleted('llm-prompting');
    await send({ type: 'show', screen: await screens.survey('llm-prompting') });
    await page.keyboard.press('Tab');
    assert.deepEqual((await focused()).data, { nps: '0' });
    assert.match(await focusOutline(), /^solid 2px/);
    await page.keyboard.press('Space');
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Scoring prompt variants on our own tickets');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.deepEqual((await focused()).data, { field: 'hours' });
    await page.keyboard.type('6.5');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).text, 'Send feedback');
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted()).pop(), {
      type: 'submitSurvey',
      module: 'llm-prompting',
      answers: { nps: 9, helped: 'Scoring prompt variants on our own tickets', didNotHelp: null, minutesTaken: 390 },
    });
  });
});

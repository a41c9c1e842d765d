import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { demoEvents } from '../../../src/core/server/demo';
import { startServer, type RunningServer } from '../../../src/core/server/httpServer';
import { ingest } from '../../../src/core/server/ingest';
import { openStore, type Store } from '../../../src/core/server/store';
import { newToken, tokenHash } from '../../../src/core/server/tokens';
import { tempDir } from '../helpers/gitRepo';

const root = path.resolve(__dirname, '../../../..');
const shots = path.join(root, 'test-results', 'screenshots');
const chromiumPath = process.env.PRACTICUM_CHROMIUM ?? '/usr/bin/chromium';

/** The report page in a real browser (headless Chromium): sign-in by keyboard, both colour schemes, screenshots. */
describe('program report page in a real browser', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  const lead = newToken();
  const START = Date.parse('2026-03-02T00:00:00Z');

  before(async function () {
    if (!existsSync(chromiumPath)) {
      console.warn(`      skipped: no Chromium at ${chromiumPath} (install Debian's chromium or set PRACTICUM_CHROMIUM)`);
      this.skip();
    }
    tmp = tempDir('practicum-report-browser-');
    store = await openStore(path.join(tmp.dir, 'demo.db'));
    const events = demoEvents({ cohort: 'demo-pilot', members: 12, startMs: START, weeks: 8 });
    await ingest(events.map((value) => ({ value })), { store, secret: await store.secret(), cohort: 'demo-pilot', now: new Date('2026-05-01T00:00:00Z') });
    await store.addToken({ hash: tokenHash(lead), cohort: 'demo-pilot', role: 'lead', label: null, createdAt: '2026-03-01T00:00:00Z' });
    server = await startServer({ store, host: '127.0.0.1', port: 0, fileTokens: [], maxBodyBytes: 1 << 20, ratePerMinute: 600, minGroup: 3, perPerson: false, version: 't', log: { error() {}, warn() {}, info() {}, debug() {} }, now: () => new Date('2026-05-01T00:00:00Z') });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    tmp?.dispose();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`signs in by keyboard and shows every chart with its table (${scheme})`, async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme: scheme });
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${server.url}/?cohort=demo-pilot&from=2026-03-02&to=2026-04-26`);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'token', 'the token field has focus');
      if (scheme === 'light') await page.screenshot({ path: path.join(shots, 'server-signin.png') });
      await page.keyboard.type(lead);
      await page.keyboard.press('Enter');
      // The sign-in page has an h1 too: wait for the report's.
      await page.waitForFunction(() => document.querySelector('h1')?.textContent?.startsWith('Program report'));
      await page.goto(`${server.url}/?cohort=demo-pilot&from=2026-03-02&to=2026-04-26`);
      assert.equal(await page.textContent('h1'), 'Program report: demo-pilot');
      const figures = await page.$$eval('figure', (fs) => fs.map((f) => ({ svg: !!f.querySelector('svg[role="img"] title'), next: f.nextElementSibling?.tagName })));
      assert.ok(figures.length >= 7, `${figures.length} charts`);
      for (const f of figures) assert.deepEqual(f, { svg: true, next: 'TABLE' }, 'each chart is an SVG with a title, followed by its table');
      assert.equal(await page.$$eval('script, link[rel=stylesheet], img[src^="http"]', (xs) => xs.length), 0, 'no script, no external asset');
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      // Keyboard: the skip link first, then the range form and the downloads; each focus is visible.
      await page.keyboard.press('Tab');
      const stops: Array<{ what: string; outline: string }> = [];
      for (let i = 0; i < 14; i++) {
        const stop = await page.evaluate(() => {
          const a = document.activeElement as HTMLElement;
          return { what: `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}:${(a.textContent ?? '').trim().slice(0, 20)}`, outline: getComputedStyle(a).outlineStyle };
        });
        // A date input takes one Tab per segment (month, day, year): count it once.
        if (stops[stops.length - 1]?.what !== stop.what) stops.push(stop);
        await page.keyboard.press('Tab');
      }
      assert.deepEqual(stops.slice(0, 6).map((s) => s.what), ['a:Skip to the report', 'input#from:', 'input#to:', 'button:Show', 'a:JSON', 'a:CSV']);
      for (const s of stops.slice(0, 6)) assert.notEqual(s.outline, 'none', `${s.what} shows its focus`);
      // The range form works from the keyboard: change "from" and submit with Enter.
      await page.focus('#from');
      await page.keyboard.type('03162026');
      await page.keyboard.press('Enter');
      await page.waitForURL(/from=2026-03-16/);
      assert.match(await page.textContent('main') ?? '', /week 1 \(2026-03-16\)/);
      await page.goto(`${server.url}/?cohort=demo-pilot&from=2026-03-02&to=2026-04-26`);
      await page.screenshot({ path: path.join(shots, `server-report-${scheme}.png`), fullPage: true });
      await page.screenshot({ path: path.join(shots, `server-report-${scheme}-top.png`) });
      assert.deepEqual(violations, []);
      await page.close();
    });
  }
});

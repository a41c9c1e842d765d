// Headless Debian Chromium (driven by playwright-core) on the code-server workbench: forwards the
// workbench's console to a callback, reports the test run's exit code, and takes screenshots.
import fs from 'node:fs/promises';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './paths.mjs';
import { InfraError } from './proc.mjs';
import { writeProbe } from './webview-probe.mjs';

export const SCREENSHOT_MARKER = '[practicum:screenshot]';
export const PROBE_MARKER = '[practicum:probe]';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) throw new InfraError(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS,
    // The runner handles signals itself: Playwright's own SIGINT handler would exit before cleanup.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  return { browser, page };
}

/** URL of the workbench on `folder`, with an optional development/test payload. */
export function workbenchUrl(origin, folder, { extensionPath, testsPath } = {}) {
  const authority = new URL(origin).host;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const params = new URLSearchParams({ folder });
  if (extensionPath) {
    const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
    if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
    payload.push(['enableProposedApi', ''], ['skipWelcome', 'true']);
    params.set('payload', JSON.stringify(payload));
  }
  return `${origin}/?${params.toString()}`;
}

/**
 * Save a screenshot: the whole page, or the element matching `selector`. With several matches
 * (VS Code keeps hidden webviews' iframes in the page) the largest visible one is taken, so
 * `iframe.webview` means the webview the user is looking at. Returns the file path.
 */
export async function takeScreenshot(page, file, selector) {
  await fs.mkdir(path.dirname(file), { recursive: true });
  if (!selector) {
    await page.screenshot({ path: file });
    return file;
  }
  let best = page.locator(selector).first();
  let bestArea = -1;
  for (const el of await page.locator(selector).all()) {
    if (!(await el.isVisible().catch(() => false))) continue;
    const box = await el.boundingBox().catch(() => null);
    const area = box ? box.width * box.height : 0;
    if (area > bestArea) [best, bestArea] = [el, area];
  }
  await best.screenshot({ path: file, timeout: 10_000 });
  return file;
}

/**
 * Handles screenshot markers from the log: `[practicum:screenshot] <name> [css selector]`, and
 * webview audits: `[practicum:probe] <name>` writes `<dir>/../probes/<name>.json` (webview-probe.mjs).
 * Returns { handle(line) -> boolean, settled() } ; settled() waits for pending captures.
 */
export function screenshotMarkers(page, dir, log) {
  let chain = Promise.resolve();
  return {
    handle(line) {
      const probeAt = line.indexOf(PROBE_MARKER);
      if (probeAt >= 0) {
        const name = line.slice(probeAt + PROBE_MARKER.length).trim();
        if (!/^[\w.-]+$/.test(name)) { log(`[practicum] ignored probe marker: ${name}`); return true; }
        const file = path.join(dir, '..', 'probes', `${name}.json`);
        chain = chain.then(() => writeProbe(page, file))
          .catch((e) => fs.writeFile(file, JSON.stringify({ error: e.message.split('\n')[0] })).catch(() => {}));
        return true;
      }
      const at = line.indexOf(SCREENSHOT_MARKER);
      if (at < 0) return false;
      const rest = line.slice(at + SCREENSHOT_MARKER.length).trim();
      const [name, ...sel] = rest.split(/\s+/);
      if (!name || !/^[\w.-]+$/.test(name)) { log(`[practicum] ignored screenshot marker: ${rest}`); return true; }
      const file = path.join(dir, `${name}.png`);
      chain = chain.then(() => takeScreenshot(page, file, sel.join(' ') || undefined))
        .then(() => log(`[practicum] screenshot ${path.relative(process.cwd(), file)}`))
        .catch((e) => log(`[practicum] screenshot ${name} failed: ${e.message.split('\n')[0]}`));
      return true;
    },
    settled: () => chain,
  };
}

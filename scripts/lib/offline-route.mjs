// Runs the integration tests in code-server's VS Code driven by headless Chromium (no download
// of VS Code needed): the extension host is a real Node host next to the fixture repository.
import path from 'node:path';
import { REPO_ROOT } from './paths.mjs';
import { ensureSystemPackages } from './system-packages.mjs';
import { ensureCodeServer } from './code-server-install.mjs';
import { startCodeServer } from './code-server-process.mjs';
import { launchBrowser, screenshotMarkers, workbenchUrl } from './workbench-browser.mjs';
import { CONSOLE_TAG, consoleLineToPrint, formatConsole } from './workbench-noise.mjs';

/**
 * extensionPath, testsPath (compiled index.js), fixture, tmp, extensionId, env (for the extension
 * host); installing(fn) runs a first install under its own time limit; onCleanup(fn) registers
 * teardown; onResult({ passed, failed, pending }) gets mocha's counts.
 * Resolves with the run's exit code: 0 passed, 1 a test failed, 2 the workbench or server died.
 */
export async function runOffline({ extensionPath, testsPath, fixture, tmp, extensionId, env, onCleanup, onResult, installing, log }) {
  const cs = await installing(async () => {
    await ensureSystemPackages({ log });
    return ensureCodeServer({ log });
  });
  const t0 = Date.now();
  const server = await startCodeServer({ node: cs.node, entry: cs.entry, tmp: path.join(tmp, 'server'), extensionId, smoke: true,
    env: { ...env, PRACTICUM_CONSOLE_TAG: CONSOLE_TAG }, onSpawn: onCleanup });
  const { browser, page } = await launchBrowser();
  onCleanup(() => browser.close().catch(() => {}));

  const shots = screenshotMarkers(page, path.join(REPO_ROOT, 'test-results', 'screenshots'), log);
  let exit;
  const exited = new Promise((resolve) => { exit = resolve; });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = consoleLineToPrint(type, formatConsole(args), Boolean(process.env.PRACTICUM_VERBOSE));
    if (text === undefined || shots.handle(text)) return;
    const result = /\[practicum:result\] (\{.*\})/.exec(text);
    if (result) { onResult?.(JSON.parse(result[1])); return; }
    process.stdout.write(`${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
  page.on('crash', () => { log('[practicum] the workbench page crashed'); exit(2); });
  server.child.on('exit', (c, sig) => { log(`[practicum] code-server exited (${c ?? sig}) during the run\n${server.output().slice(-2000)}`); exit(2); });

  await page.goto(workbenchUrl(server.origin, fixture, { extensionPath, testsPath }));
  const code = await exited;
  await shots.settled();
  log(`[practicum] VS Code ${code === 0 ? 'reported success' : `exited ${code}`} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return code === 0 ? 0 : code === 2 ? 2 : 1;
}

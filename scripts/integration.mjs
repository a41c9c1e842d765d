#!/usr/bin/env node
// Integration test runner: builds the extension, bundles test/integration (index.ts + every
// suite/**/*.test.ts) into dist-test/run-<pid>/, and runs the tests inside a real VS Code on a fresh fixture
// git repository.
//
// Routes: desktop VS Code via @vscode/test-electron when it can be downloaded (or
// PRACTICUM_VSCODE=electron); otherwise code-server's VS Code (installed once into
// $PRACTICUM_VSCODE_CACHE, default ~/.cache/practicum-vscode) driven by headless Debian Chromium
// (PRACTICUM_VSCODE=code-server forces it).
//
// Screenshot marker: a test that logs the line
//     [practicum:screenshot] <name> [css selector]
// gets test-results/screenshots/<name>.png: the whole workbench, or the first element matching the
// selector (`iframe.webview` for a webview). Tests call screenshot() from test/integration/helpers.ts,
// which logs the marker and waits 1.5 s for the capture. Only the code-server route captures.
//
// Usage: node scripts/integration.mjs [--grep <pattern>]
// Exit codes: 0 all passed, 1 a test failed, 2 infrastructure error or timeout, 130 interrupted.
// Environment: PRACTICUM_INTEGRATION_TIMEOUT (seconds from build to result, install time excluded;
// default 900), PRACTICUM_INSTALL_TIMEOUT (seconds for a first install, default 1200), PRACTICUM_VERBOSE=1 (server
// output and the workbench's unfiltered console), PRACTICUM_KEEP_TMP=1 (keep the temp folder).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildExtension, buildIntegrationTests } from './lib/build.mjs';
import { makeFixtureRepo } from './lib/fixture-repo.mjs';
import { extensionId } from './lib/paths.mjs';
import { InfraError, killRunningCommands } from './lib/proc.mjs';
import { runOffline } from './lib/offline-route.mjs';
import { canDownloadVSCode, runElectron } from './lib/electron-route.mjs';

const TIMEOUT_S = Number(process.env.PRACTICUM_INTEGRATION_TIMEOUT) || 900;
const INSTALL_TIMEOUT_S = Number(process.env.PRACTICUM_INSTALL_TIMEOUT) || 1200;

function parseArgs(argv) {
  const opts = { grep: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--grep' || a === '-g') opts.grep = argv[++i];
    else if (a.startsWith('--grep=')) opts.grep = a.slice('--grep='.length);
    else throw new InfraError(`unknown argument: ${a} (usage: --grep <pattern>)`);
  }
  if (opts.grep === '') throw new InfraError('--grep needs a pattern');
  return opts;
}

const cleanups = [];
let cleaning;
/** Register teardown; once stopping has begun, run it at once (a server spawned during a Ctrl-C). */
function onCleanup(fn) {
  if (cleaning) Promise.resolve(fn()).catch(() => {}); // killGroup signals synchronously
  else cleanups.push(fn);
}
function cleanup() {
  cleaning ??= (async () => {
    await killRunningCommands();
    for (const fn of cleanups.reverse()) {
      try { await fn(); } catch (e) { log(`[practicum] cleanup: ${e.message}`); }
    }
  })();
  return cleaning;
}

let finishing = false;
/** Harness messages; silent once stopping has begun (teardown makes the routes report oddities). */
const log = (msg) => { if (!finishing) console.log(msg); };
async function finish(code, why) {
  if (finishing) return; // the first reason (timeout, Ctrl-C, result) decides the exit code
  if (why) log(`[practicum] ${why}`);
  finishing = true;
  const hardStop = setTimeout(() => process.exit(code), 10_000);
  hardStop.unref();
  await cleanup();
  process.exit(code);
}

async function main() {
  const started = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  // The run's clock stops while a first install (code-server, system packages) runs: that has its own.
  let timer = setTimeout(() => finish(2, `timed out after ${TIMEOUT_S} s (PRACTICUM_INTEGRATION_TIMEOUT)`), TIMEOUT_S * 1000);
  const installing = async (install) => {
    const left = Math.max(0, TIMEOUT_S * 1000 - (Date.now() - started));
    clearTimeout(timer);
    timer = setTimeout(() => finish(2, `install timed out after ${INSTALL_TIMEOUT_S} s (PRACTICUM_INSTALL_TIMEOUT)`), INSTALL_TIMEOUT_S * 1000);
    try { return await install(); } finally {
      clearTimeout(timer);
      timer = setTimeout(() => finish(2, `timed out after ${TIMEOUT_S} s (PRACTICUM_INTEGRATION_TIMEOUT)`), left);
    }
  };
  process.on('SIGINT', () => finish(130, 'interrupted'));
  process.on('SIGTERM', () => finish(130, 'terminated'));

  const extensionPath = await buildExtension();
  const tests = await buildIntegrationTests();
  onCleanup(tests.dispose);
  const testsPath = tests.index;
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'practicum-it-'));
  if (!process.env.PRACTICUM_KEEP_TMP) onCleanup(() => fs.rm(tmp, { recursive: true, force: true }));
  else log(`[practicum] keeping ${tmp}`);
  const fixture = await makeFixtureRepo(path.join(tmp, 'fixture'));
  const env = {
    PRACTICUM_FIXTURE: fixture,
    ...(opts.grep ? { PRACTICUM_TEST_GREP: opts.grep } : {}),
  };

  const forced = process.env.PRACTICUM_VSCODE;
  if (forced && !['electron', 'code-server'].includes(forced)) throw new InfraError(`PRACTICUM_VSCODE must be electron or code-server, not ${forced}`);
  const route = forced ?? ((await canDownloadVSCode()) ? 'electron' : 'code-server');
  log(`[practicum] running integration tests in ${route === 'electron' ? 'desktop VS Code' : "code-server's VS Code (offline route)"}${opts.grep ? `, grep ${JSON.stringify(opts.grep)}` : ''}`);

  let counts;
  const args = { extensionPath, testsPath, fixture, tmp, env, log, extensionId: await extensionId(), onCleanup, installing,
    onResult: (r) => { counts = r; } };
  const code = route === 'electron' ? await runElectron(args) : await runOffline(args);
  log(`[practicum] ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The plain closing line CI tools read.
  if (counts) log(`integration: ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} skipped` : ''}`);
  await finish(code);
}

main().catch((e) => finish(2, `infrastructure error: ${e instanceof InfraError ? e.message : e?.stack ?? e}`));

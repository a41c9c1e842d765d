#!/usr/bin/env node
// `npm start`: builds the extension, prepares a demo git repository (~/.cache/practicum-demo, or
// $PRACTICUM_DEMO_DIR) and opens it in VS Code with the extension loaded:
//   - desktop VS Code when `code` is on PATH: code --extensionDevelopmentPath=<repo> <demo>
//   - otherwise code-server's VS Code on 127.0.0.1 (the integration tests' offline install); open
//     the printed URL in a browser; Ctrl-C stops it.
// Flags:
//   --screenshot [file]  start, open the Practicum view, save a screenshot (default
//                        test-results/start.png) and exit
//   --vsix               install a packaged .vsix (vsce) instead of linking the working tree
//   --port N             port to listen on (default: $PRACTICUM_PORT or a free one)
//   --code-server        use code-server even when desktop `code` exists
//   --fresh              regenerate the demo repository
// Linking (the default) loads the working tree: rebuild (`npm run watch`) and run
// "Developer: Reload Window" to see changes.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildExtension } from './lib/build.mjs';
import { DEMO_VERSION, makeDemoRepo } from './lib/demo-repo.mjs';
import { REPO_ROOT, extensionId } from './lib/paths.mjs';
import { InfraError, killRunningCommands, run } from './lib/proc.mjs';
import { ensureSystemPackages } from './lib/system-packages.mjs';
import { ensureCodeServer } from './lib/code-server-install.mjs';
import { codeServerCli, startCodeServer } from './lib/code-server-process.mjs';
import { launchBrowser, takeScreenshot, workbenchUrl } from './lib/workbench-browser.mjs';

const log = (msg) => console.log(`[practicum] ${msg}`);

/** Built-ins a person trying the extension expects (source control, language support). */
const KEEP_BUILTINS = [
  'vscode.git', 'vscode.git-base', 'vscode.merge-conflict', 'vscode.emmet', 'vscode.references-view',
  'vscode.json-language-features', 'vscode.markdown-language-features', 'vscode.typescript-language-features',
];

function parseArgs(argv) {
  const o = { screenshot: undefined, vsix: false, port: Number(process.env.PRACTICUM_PORT) || 0, codeServer: false, fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshot') o.screenshot = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'test-results/start.png';
    else if (a === '--vsix') o.vsix = true;
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--code-server') o.codeServer = true;
    else if (a === '--fresh') o.fresh = true;
    else throw new InfraError(`unknown argument: ${a}`);
  }
  if (o.screenshot) { o.screenshot = path.resolve(o.screenshot); o.codeServer = true; }
  return o;
}

async function demoRepo(fresh) {
  const dir = path.resolve(process.env.PRACTICUM_DEMO_DIR || path.join(os.homedir(), '.cache', 'practicum-demo'));
  const stamp = path.join(dir, '.git', 'practicum-demo-version');
  const current = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === DEMO_VERSION;
  if (fresh || !current) {
    const entries = existsSync(dir) ? await fs.readdir(dir) : [];
    if (entries.length > 0 && !existsSync(path.join(dir, '.git', 'practicum-demo-version'))) {
      throw new InfraError(`${dir} exists and is not a demo repository made by npm start: choose another PRACTICUM_DEMO_DIR`);
    }
    await makeDemoRepo(dir);
    await fs.writeFile(stamp, `${DEMO_VERSION}\n`);
    log(`demo repository created at ${dir}`);
  }
  return dir;
}

function hasDesktopCode() {
  try { execFileSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** Make the extension visible to the server: a link to the working tree, or an installed .vsix. */
async function provideExtension({ cs, tmp, vsix }) {
  const pkg = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const extensions = path.join(tmp, 'extensions');
  await fs.mkdir(extensions, { recursive: true });
  if (!vsix) {
    // The server registers what it finds in a fresh extensions folder on first start.
    await fs.symlink(REPO_ROOT, path.join(extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
    return;
  }
  const file = path.join(tmp, `${pkg.name}-${pkg.version}.vsix`);
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', file],
    { cwd: REPO_ROOT, quiet: true });
  await codeServerCli({ node: cs.node, entry: cs.entry, tmp, args: ['--install-extension', file, '--force'] });
  log(`installed ${path.basename(file)}`);
}

/**
 * Waits until the webviews have drawn: the number of content frames whose `#app` has content stops
 * growing for 2 s (a cold start can take several seconds to load them), or `ms` passes.
 */
async function webviewsSettled(page, ms) {
  const deadline = Date.now() + ms;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    let drawn = 0;
    for (const frame of page.frames()) {
      if (await frame.evaluate(() => (document.getElementById('app')?.childElementCount ?? 0) > 0).catch(() => false)) drawn++;
    }
    if (drawn !== last) [last, since] = [drawn, Date.now()];
    else if (drawn > 0 && Date.now() - since >= 2000) return;
    await page.waitForTimeout(250);
  }
}

async function screenshotWorkbench(url, file) {
  const { browser, page } = await launchBrowser();
  try {
    await page.goto(url);
    const icon = page.locator('.part.activitybar .action-item a.action-label[aria-label="Practicum"]');
    await icon.waitFor({ timeout: 60_000 });
    await icon.click();
    await page.locator('.part.sidebar').waitFor({ timeout: 10_000 });
    await page.mouse.move(700, 450); // no hover tooltip in the picture
    await webviewsSettled(page, 30_000);
    await page.waitForTimeout(Number(process.env.PRACTICUM_SCREENSHOT_DELAY_MS) || 1000);
    await takeScreenshot(page, file);
  } finally {
    await browser.close();
  }
}

let server;
let tmp;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await killRunningCommands();
  await server?.stop();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  const opts = parseArgs(process.argv.slice(2));
  await buildExtension();
  const demo = await demoRepo(opts.fresh);

  if (!opts.codeServer && hasDesktopCode()) {
    log(`opening ${demo} in VS Code`);
    await run('code', [`--extensionDevelopmentPath=${REPO_ROOT}`, demo]);
    return;
  }

  await ensureSystemPackages({ log: console.log });
  const cs = await ensureCodeServer({ log: console.log });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'practicum-start-'));
  await provideExtension({ cs, tmp, vsix: opts.vsix });
  server = await startCodeServer({
    node: cs.node, entry: cs.entry, tmp, extensionId: await extensionId(), port: opts.port,
    keepBuiltins: KEEP_BUILTINS, settings: { 'git.enabled': true },
  });
  const url = workbenchUrl(server.origin, demo);
  if (opts.screenshot) {
    await screenshotWorkbench(url, opts.screenshot);
    log(`screenshot saved to ${path.relative(process.cwd(), opts.screenshot)}`);
    await stop(0);
    return;
  }
  log(`VS Code with Practicum on the demo repository:\n\n    ${url}\n\nOpen it in a browser on this machine. Ctrl-C stops the server.`);
  server.child.on('exit', (c) => { if (!stopping) { log(`server exited (${c})`); void stop(2); } });
}

main().catch((e) => {
  console.error(`[practicum] ${e instanceof InfraError ? e.message : e?.stack ?? e}`);
  void stop(2);
});

// Starts code-server's VS Code on 127.0.0.1 in its own process group, with private user-data,
// extensions and temp folders under `tmp`, and stops the whole group.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { InfraError, killGroup } from './proc.mjs';

const START_TIMEOUT_MS = 60_000;

/** Ids of code-server's built-in extensions that carry code (git, emmet, github…): kept from activating. */
export function builtinExtensionsWithCode(entry) {
  const dir = path.resolve(path.dirname(entry), '..', '..', 'lib', 'vscode', 'extensions');
  if (!existsSync(dir)) return [];
  const ids = [];
  for (const name of readdirSync(dir)) {
    const manifest = path.join(dir, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    if (pkg.main || pkg.browser) ids.push(`${pkg.publisher}.${pkg.name}`);
  }
  return ids.sort();
}

/** Common folders and arguments; `args` adds to them. */
async function serverSetup(tmp, settings = {}) {
  const dirs = { userData: path.join(tmp, 'user-data'), extensions: path.join(tmp, 'extensions'), tmp: path.join(tmp, 'tmp') };
  for (const d of Object.values(dirs)) await fs.mkdir(d, { recursive: true });
  const config = path.join(tmp, 'config.yaml');
  await fs.writeFile(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  // Keep the workbench quiet and predictable for tests and screenshots.
  await fs.mkdir(path.join(dirs.userData, 'User'), { recursive: true });
  await fs.writeFile(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    ...settings,
  }, null, 2));
  const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  return { dirs, common };
}

/** Run the server's CLI once (e.g. --install-extension) and wait for it. */
export async function codeServerCli({ node, entry, tmp, args }) {
  const { dirs, common } = await serverSetup(tmp);
  await new Promise((resolve, reject) => {
    const child = spawn(node, [entry, ...common, ...args], { env: { ...process.env, TMPDIR: dirs.tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', (e) => reject(new InfraError(e.message)));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new InfraError(`code-server ${args.join(' ')} exited ${code}\n${out}`))));
  });
}

/**
 * Start the server. Resolves once it listens: { origin, port, child, output(), stop() }.
 * `smoke` enables the test driver (required for the extensionTestsPath payload); `onSpawn(stop)`
 * receives the stop function as soon as the process exists. Built-in extensions with code are kept
 * from activating except `keepBuiltins`; `settings` adds to the user settings.
 */
export async function startCodeServer({
  node, entry, tmp, extensionId, smoke = false, env = {}, port = 0, onSpawn = () => {}, keepBuiltins = [], settings = {},
}) {
  const { dirs, common } = await serverSetup(tmp, settings);
  const args = [
    entry, ...common,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(extensionId ? ['--enable-proposed-api', extensionId] : []),
    ...(smoke ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const child = spawn(node, args, {
    detached: true, // own process group: extension host, pty host and watcher die with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...env,
      TMPDIR: dirs.tmp,
      VSCODE_SKIP_BUILTIN_EXTENSIONS: builtinExtensionsWithCode(entry).filter((id) => !keepBuiltins.includes(id)).join(','),
    },
  });
  let output = '';
  const stop = () => killGroup(child);
  onSpawn(stop); // registered before it listens, so a timeout or Ctrl-C meanwhile still kills it
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new InfraError(`code-server did not start within ${START_TIMEOUT_MS / 1000} s\n${output.slice(-4000)}`)), START_TIMEOUT_MS);
    const onData = (d) => {
      output += d;
      if (process.env.PRACTICUM_VERBOSE) process.stderr.write(`[server] ${d}`);
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (m) { clearTimeout(timer); resolve({ origin: m[1], port: Number(m[2]) }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => { clearTimeout(timer); reject(new InfraError(`code-server: ${e.message}`)); });
    child.on('exit', (code, sig) => { clearTimeout(timer); reject(new InfraError(`code-server exited ${code ?? sig} before listening\n${output.slice(-4000)}`)); });
  });
  try {
    const { origin, port: actual } = await listening;
    return { origin, port: actual, child, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

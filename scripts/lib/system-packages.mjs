// Debian packages for the offline route: installed with apt-get when running as root.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SYSTEM_PACKAGES, CHROMIUM_PATH } from './paths.mjs';
import { InfraError, run } from './proc.mjs';

function hasCommand(name) {
  try { execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }); return true; } catch { return false; }
}

function dpkgInstalled(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .includes('install ok installed');
  } catch { return false; }
}

/** Packages of SYSTEM_PACKAGES that are missing (a python3 on PATH counts as present). */
export function missingSystemPackages() {
  return SYSTEM_PACKAGES.filter((pkg) => {
    if (pkg === 'python3') return !hasCommand('python3');
    if (pkg === 'chromium' && existsSync(CHROMIUM_PATH)) return false;
    return !dpkgInstalled(pkg);
  });
}

/** Install what is missing (root + apt-get), or throw InfraError listing it. */
export async function ensureSystemPackages({ log = console.log } = {}) {
  const missing = missingSystemPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasCommand('apt-get')) {
    throw new InfraError(
      `Missing system packages: ${missing.join(' ')}\n` +
      `Install them (Debian/Ubuntu): sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`[practicum] installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, quiet: true });
  await run('apt-get', ['install', '-y', '-qq', ...missing], { env, quiet: true });
}

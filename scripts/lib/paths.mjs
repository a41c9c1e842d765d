// Paths and pinned versions shared by the integration runner and `npm start`.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** code-server release whose bundled VS Code (1.139.1) runs the offline route. */
export const CODE_SERVER_VERSION = process.env.PRACTICUM_CODE_SERVER_VERSION || '4.139.1';
/** Node 24 from the npm registry: code-server's install and server require it. */
export const NODE24_VERSION = process.env.PRACTICUM_NODE24_VERSION || '24.21.0';

/** Cache outside the repository for code-server and its Node (about 0.5 GB). */
export function cacheRoot() {
  return path.resolve(process.env.PRACTICUM_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'practicum-vscode'));
}

/** Extension identifier as `publisher.name`, read from package.json. */
export async function extensionId() {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}`;
}

/** Debian packages the offline route needs (browser + native module toolchain). */
export const SYSTEM_PACKAGES = [
  'chromium', 'build-essential', 'pkg-config', 'python3',
  'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev',
];

export const CHROMIUM_PATH = process.env.PRACTICUM_CHROMIUM || '/usr/bin/chromium';

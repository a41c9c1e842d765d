// Runs the integration tests in desktop VS Code downloaded by @vscode/test-electron (for machines
// that can reach the VS Code download servers). Screenshot markers are printed, not captured.
import { execFileSync, spawn } from 'node:child_process';
import https from 'node:https';
import { InfraError, killGroup, sleep } from './proc.mjs';

/** True when the VS Code update service answers within `ms`. */
export function canDownloadVSCode(ms = 4000) {
  return new Promise((resolve) => {
    const req = https.request('https://update.code.visualstudio.com/api/releases/stable', { method: 'HEAD', timeout: ms }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** On a headless Linux machine, start Xvfb (when installed) and point DISPLAY at it. */
async function ensureDisplay({ onCleanup, log }) {
  if (process.platform !== 'linux' || process.env.DISPLAY) return;
  try { execFileSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }); } catch {
    log('[practicum] no DISPLAY and no Xvfb: desktop VS Code needs an X server (apt-get install xvfb)');
    return;
  }
  const display = `:${90 + (process.pid % 400)}`;
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1400x900x24', '-nolisten', 'tcp'], { detached: true, stdio: 'ignore' });
  onCleanup(() => killGroup(xvfb));
  await sleep(500);
  if (xvfb.exitCode !== null) throw new InfraError(`Xvfb ${display} exited ${xvfb.exitCode}`);
  process.env.DISPLAY = display;
}

export async function runElectron({ extensionPath, testsPath, fixture, env, log, onCleanup }) {
  const { runTests, TestRunFailedError } = await import('@vscode/test-electron');
  await ensureDisplay({ onCleanup, log });
  try {
    await runTests({
      version: process.env.PRACTICUM_VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsPath,
      extensionTestsEnv: env,
      launchArgs: [fixture, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    return 0;
  } catch (e) {
    // TestRunFailedError carries the VS Code process's exit code; anything else is infrastructure.
    if (e instanceof TestRunFailedError && e.code === 1) return 1;
    throw new InfraError(`desktop VS Code run failed: ${e?.message ?? e}`);
  }
}

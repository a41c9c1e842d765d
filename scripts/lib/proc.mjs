// Small process helpers: a promise-returning spawn, infrastructure errors, process-group kill.
import { spawn } from 'node:child_process';

/** An error of the machine or the harness, not of a test: the runner exits 2. */
export class InfraError extends Error {}

const running = new Set();

/** Stop every command run() has started and not yet seen finish (on timeout or Ctrl-C). */
export async function killRunningCommands() {
  await Promise.all([...running].map((child) => killGroup(child)));
}

/**
 * Run a command to completion, in its own process group (so that killRunningCommands() stops
 * its whole tree, e.g. npm and the compilers it starts). Rejects with InfraError on a non-zero exit.
 * `quiet` captures output (returned, and printed only on failure); otherwise it streams.
 */
export function run(cmd, args, { cwd, env, quiet = false, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd, env: env ?? process.env, detached: true,
      stdio: [input === undefined ? 'ignore' : 'pipe', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    });
    let out = '';
    if (quiet) {
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
    }
    running.add(child);
    child.on('close', () => running.delete(child));
    if (input !== undefined) child.stdin.end(input);
    child.on('error', (e) => reject(new InfraError(`${cmd}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new InfraError(`${cmd} ${args.join(' ')} exited ${code ?? signal}${quiet ? `\n${out.slice(-4000)}` : ''}`));
    });
  });
}

/** SIGTERM a detached child's whole process group, then SIGKILL what is left after `graceMs`. */
export async function killGroup(child, graceMs = 3000) {
  if (!child || child.pid === undefined) return;
  const signalGroup = (sig) => { try { process.kill(-child.pid, sig); return true; } catch { return false; } };
  if (!signalGroup('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (!signalGroup(0)) return;
  }
  signalGroup('SIGKILL');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

import { spawn } from 'node:child_process';

/** How a shell command ended. */
export interface ShellResult {
  /** Exit code, or null when it was killed. */
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Combined stdout and stderr, ANSI codes removed, head and tail kept when long. */
  output: string;
  /** Combined output up to `matchLimit`, for output patterns. */
  fullOutput: string;
  /** Standard output alone, up to `matchLimit` (probes read one JSON object from it). */
  stdout: string;
  durationMs: number;
}

export interface ShellOptions {
  cwd: string;
  timeoutMs: number;
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Streams output as it arrives (for a visible output channel). */
  onOutput?: (text: string) => void;
  /** Written to the command's stdin, which is then closed (default: no stdin). */
  input?: string;
}

const keptHead = 2 * 1024;
const keptTail = 14 * 1024;
const matchLimit = 4 * 1024 * 1024;
/** After the process exits, how long to wait for grandchildren holding its output open. */
const closeGraceMs = 2000;
const killGraceMs = 3000;

const ansi = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;

/**
 * Runs `command` through the platform shell in its own process group, so a timeout or cancel stops
 * the whole tree (test runners spawn workers), first politely, then with SIGKILL.
 */
export function runShell(command: string, opts: ShellOptions): Promise<ShellResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let full = '';
    let out = '';
    let tail = '';
    let total = 0;
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    const posix = process.platform !== 'win32';
    const child = spawn(command, {
      cwd: opts.cwd,
      shell: true,
      detached: posix,
      windowsHide: true,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
    });
    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // a program that never reads its stdin closes the pipe early
      child.stdin.end(opts.input);
    }
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8').replace(ansi, '');
      total += text.length;
      if (full.length < matchLimit) full += text;
      tail = (tail + text).slice(-keptTail);
      opts.onOutput?.(text);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      if (out.length < matchLimit) out += chunk.toString('utf8');
      onData(chunk);
    });
    child.stderr?.on('data', onData);

    const kill = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (posix) process.kill(-child.pid, sig);
        else spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
      } catch {
        /* already gone */
      }
    };
    const stop = () => {
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), killGraceMs).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();

    const finish = (exitCode: number | null, extra = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const output = total <= keptHead + keptTail ? full : `${full.slice(0, keptHead)}\n… ${total - keptHead - keptTail} characters omitted …\n${tail}`;
      resolve({ exitCode, timedOut, cancelled, output: output + extra, fullOutput: full + extra, stdout: out, durationMs: performance.now() - started });
    };
    child.on('error', (e) => finish(null, `\n${e.message}\n`));
    child.on('close', (code) => finish(code));
    child.on('exit', (code) => setTimeout(() => finish(code), closeGraceMs).unref());
  });
}

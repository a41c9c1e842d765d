import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { GitConstructError, GitPluginError, simpleGit, type SimpleGit, type SimpleGitOptions } from 'simple-git';
import { PracticumError } from '../errors';
import { formatBytes, LIMITS } from '../limits';
import { repositoryProblem } from './gitFailure';

/**
 * The one way Practicum runs a bounded git command (everything but the history reader, which streams
 * `git log` through `gitStream`): simple-git with one environment, a deadline, an abort signal, a cap on
 * what git may print, and one mapping of failures to the messages users see.
 */

/** What one git invocation produced. */
export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Default cap on a command's standard output; a caller that expects more names its own cap. */
export const DEFAULT_MAX_OUTPUT_BYTES = LIMITS.gitOutputBytes;

/** stderr is only ever read for a message: keep its start. */
const MAX_STDERR_BYTES = 64 * 1024;

export interface GitRunOptions {
  /** Stop git after this long in total (network operations against a black-holed host). */
  timeoutMs?: number;
  /** Resolve with the exit code instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  /** Stop git once its standard output passes this many bytes (default DEFAULT_MAX_OUTPUT_BYTES). */
  maxOutputBytes?: number;
  /** Stops git when aborted (the editor cancels). */
  signal?: AbortSignal;
  /** The git executable; default `git` from PATH. */
  gitPath?: string;
  /** `key=value` settings passed with `-c` for this command only. */
  config?: string[];
}

/** A git command that exited with a non-zero code (and no better-known cause, such as a damaged repository). */
export class GitCommandError extends PracticumError {
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super('internal', `git ${subcommand(args)} failed (exit ${code}): ${firstLine(stderr)}`, stderr);
    this.name = 'GitCommandError';
  }
}

/** Git printed more than the caller's cap; it was stopped before its output could exhaust memory. */
export class GitOutputTooLarge extends PracticumError {
  constructor(
    readonly args: readonly string[],
    readonly limitBytes: number,
  ) {
    super('environment', `git ${subcommand(args)} printed more than ${formatBytes(limitBytes)} and was stopped (the limit on what Practicum reads from git).`);
    this.name = 'GitOutputTooLarge';
  }
}

/** git itself could not be started. */
export function gitNotFound(gitPath: string, cause?: unknown): PracticumError {
  return new PracticumError('environment', `git was not found (tried "${gitPath}"). Install git and make sure it is on PATH.`, cause);
}

/** Name the subcommand, not a leading `-c key=value`. */
function subcommand(args: readonly string[]): string {
  return args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? '';
}

/** The most telling line of git's stderr (`fatal:` or `error:` first). */
export function firstLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? 'no message';
}

/** Variables that would start an editor, a pager or an external diff: never wanted from a tool. */
const DROPPED_ENV = /^(GIT_EDITOR|GIT_SEQUENCE_EDITOR|EDITOR|VISUAL|GIT_PAGER|PAGER|GIT_EXTERNAL_DIFF|GIT_TEMPLATE_DIR)$/i;

/**
 * The one environment every git command gets: the user's own (their SSH command, config location and
 * proxy keep working), English messages to match on, no prompts (an editor or a CI job has nobody to
 * type a password: a remote that wants one fails fast), and no optional locks (a background read never
 * contends with the user's own git commands for the index lock).
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!DROPPED_ENV.test(k)) env[k] = v;
  return { ...env, LC_ALL: 'C', LANGUAGE: '', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' };
}

/**
 * simple-git refuses some variables and `-c` settings unless allowed. The ones allowed here come from
 * the user's own environment (GIT_SSH_COMMAND, GIT_CONFIG_GLOBAL, GIT_PROXY_COMMAND…), from the blank
 * askpass above, or from settings Practicum pins to neutral values (`diff.external=`, and
 * `core.hooksPath=<null device>`, which switches the learner's hooks off in a probe's worktree); upload-pack,
 * receive-pack, aliases, filters and signing programs stay refused in arguments.
 */
const UNSAFE_ALLOWED: SimpleGitOptions['unsafe'] = {
  allowUnsafeAskPass: true,
  allowUnsafeSshCommand: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeGitProxy: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeHooksPath: true,
};

/** Runs git in `cwd` (a working folder or a bare repository) and returns what it printed. */
export async function runGit(cwd: string, args: string[], opts: GitRunOptions = {}): Promise<GitOutput> {
  const gitPath = opts.gitPath ?? 'git';
  const cap = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const stop = new AbortController();
  let why: 'timeout' | 'cap' | 'abort' | undefined;
  const end = (reason: NonNullable<typeof why>) => {
    why ??= reason;
    stop.abort();
  };
  const onAbort = () => end('abort');
  if (opts.signal?.aborted) end('abort');
  opts.signal?.addEventListener('abort', onAbort);
  const timer = opts.timeoutMs ? setTimeout(() => end('timeout'), opts.timeoutMs) : undefined;
  let result: { code: number; stderr: string } = { code: 0, stderr: '' };
  try {
    const git = instance(cwd, {
      binary: gitPath,
      maxConcurrentProcesses: 1,
      trimmed: false,
      abort: stop.signal,
      config: opts.config ?? [],
      unsafe: { ...UNSAFE_ALLOWED, allowUnsafeCustomBinary: gitPath !== 'git' },
      // Exit codes are the caller's to judge: keep them, and fail the task only when it was stopped.
      errors(error, out) {
        result = { code: out.exitCode, stderr: Buffer.concat(out.stdErr).subarray(0, MAX_STDERR_BYTES).toString('utf8') };
        return error instanceof GitPluginError ? error : undefined;
      },
    })
      .env(gitEnv())
      .outputHandler((_cmd, stdout) => {
        let bytes = 0;
        stdout.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes <= cap) return;
          end('cap');
          // Read nothing more, whatever git does before it stops: the pipe closes and its writes fail.
          (stdout as Readable).destroy();
        });
      });
    let stdout: string;
    try {
      stdout = await git.raw(args);
    } catch (e) {
      if (why === 'cap') throw new GitOutputTooLarge(args, cap);
      if (why === 'timeout') {
        throw new PracticumError('network', `git ${subcommand(args)} took longer than ${Math.round((opts.timeoutMs ?? 0) / 1000)} s and was stopped. Check the network and the remote URL.`, e);
      }
      if (why === 'abort') throw new PracticumError('internal', `git ${subcommand(args)} was cancelled.`, e);
      throw e;
    }
    if (result.code === -2 && /spawn .*ENOENT/.test(result.stderr)) throw gitNotFound(gitPath);
    const output = { code: result.code, stdout, stderr: result.stderr };
    if (output.code !== 0 && !opts.allowFailure) throw repositoryProblem(cwd, output.stderr) ?? new GitCommandError(args, output.code, output.stderr);
    return output;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

function instance(cwd: string, options: Partial<SimpleGitOptions>): SimpleGit {
  try {
    return simpleGit({ ...options, baseDir: cwd });
  } catch (e) {
    if (!(e instanceof GitConstructError)) throw e;
    throw new PracticumError('environment', existsSync(cwd) ? `${cwd} is not a folder.` : `The folder ${cwd} does not exist.`, e);
  }
}

/** Runs git and returns its standard output, throwing on a non-zero exit. */
export async function gitOut(cwd: string, args: string[], opts: Omit<GitRunOptions, 'allowFailure'> = {}): Promise<string> {
  return (await runGit(cwd, args, opts)).stdout;
}

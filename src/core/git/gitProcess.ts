import { spawn } from 'node:child_process';
import { PracticumError } from '../errors';

/**
 * Settings every scan invocation pins, so a user's git config cannot change the output we parse
 * (signatures in `log`, colour, external diff tools, prefixes, path quoting, optional locks that
 * would contend with the user's own git commands).
 */
const pinnedConfig = [
  '-c', 'log.showSignature=false',
  '-c', 'color.ui=false',
  '-c', 'core.quotePath=false',
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'diff.external=',
  '-c', 'log.showRoot=true',
];

/** How to run git for one repository. */
export interface GitOptions {
  /** Working folder (or bare repository) git runs in. */
  cwd: string;
  /** The git executable; default `git` from PATH. */
  gitPath?: string;
  /** Aborts running processes (the editor cancels a scan). */
  signal?: AbortSignal;
}

/** A git command that exited with a non-zero code. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    // Name the subcommand, not a leading `-c key=value`.
    const sub = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? '';
    super(`git ${sub} failed (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitCommandError';
  }
}

function gitMissing(gitPath: string, cause: unknown): PracticumError {
  return new PracticumError('environment', `git was not found (tried "${gitPath}"). Install git and make sure it is on PATH.`, cause);
}

function env(): NodeJS.ProcessEnv {
  // English messages for the log, no prompts, never take the index lock in the background.
  return { ...process.env, LC_ALL: 'C', LANGUAGE: '', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat' };
}

/**
 * Runs git and streams stdout to `onChunk` as it arrives, so callers parse history without ever
 * holding it whole. Resolves when git exits 0; rejects with GitCommandError otherwise.
 */
export function gitStream(opts: GitOptions, args: string[], onChunk: (chunk: Buffer) => void, input?: string): Promise<void> {
  const gitPath = opts.gitPath ?? 'git';
  return new Promise((resolve, reject) => {
    const child = spawn(gitPath, [...pinnedConfig, ...args], { cwd: opts.cwd, env: env(), stdio: ['pipe', 'pipe', 'pipe'], signal: opts.signal });
    const err: Buffer[] = [];
    let errBytes = 0;
    let failed: unknown;
    child.stdout.on('data', (c: Buffer) => {
      if (failed) return;
      try {
        onChunk(c);
      } catch (e) {
        failed = e;
        child.kill();
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      if (errBytes < 64 * 1024) err.push(c);
      errBytes += c.length;
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (failed) return;
      failed = e.code === 'ENOENT' ? gitMissing(gitPath, e) : e;
      reject(failed);
    });
    child.on('close', (code) => {
      if (failed) return reject(failed);
      if (code === 0) resolve();
      else reject(new GitCommandError(args, code, Buffer.concat(err).toString('utf8')));
    });
    child.stdin.on('error', () => undefined); // git may exit before reading all input
    child.stdin.end(input ?? '');
  });
}

/** Runs git to completion and returns stdout. */
export async function git(opts: GitOptions, args: string[], input?: string): Promise<Buffer> {
  const out: Buffer[] = [];
  await gitStream(opts, args, (c) => out.push(c), input);
  return Buffer.concat(out);
}

/** Runs git and returns stdout as trimmed text. */
export async function gitText(opts: GitOptions, args: string[], input?: string): Promise<string> {
  return (await git(opts, args, input)).toString('utf8').trim();
}

/** Runs git and returns trimmed stdout, or undefined if git exits non-zero (a ref that does not exist…). */
export async function gitTry(opts: GitOptions, args: string[]): Promise<string | undefined> {
  try {
    return await gitText(opts, args);
  } catch (e) {
    if (e instanceof GitCommandError) return undefined;
    throw e;
  }
}

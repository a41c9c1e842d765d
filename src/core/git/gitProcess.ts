import { spawn } from 'node:child_process';
import { GitCommandError, gitEnv, gitNotFound, runGit } from './gitRun';

export { GitCommandError };

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
  /** Cap on a bounded command's output (default LIMITS.gitOutputBytes). */
  maxOutputBytes?: number;
}

/**
 * Runs git and streams stdout to `onChunk` as it arrives, so callers parse history without ever
 * holding it whole. Resolves when git exits 0; rejects with GitCommandError otherwise.
 *
 * The one exception to "every git command goes through `runGit`" (simple-git, see gitRun.ts): the
 * history reader streams `git log` here, because simple-git holds a command's whole output and feeds
 * it no input. It shares the same environment (`gitEnv`) and error class.
 */
export function gitStream(opts: GitOptions, args: string[], onChunk: (chunk: Buffer) => void, input?: string): Promise<void> {
  const gitPath = opts.gitPath ?? 'git';
  return new Promise((resolve, reject) => {
    const child = spawn(gitPath, [...pinnedConfig, ...args], { cwd: opts.cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'], signal: opts.signal });
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
      failed = e.code === 'ENOENT' ? gitNotFound(gitPath, e) : e;
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

/**
 * Runs a bounded git command to completion through the one git layer (`runGit`) and returns stdout;
 * rejects with GitCommandError on a non-zero exit. With `input`, streams instead (git reads stdin).
 */
export async function git(opts: GitOptions, args: string[], input?: string): Promise<Buffer> {
  if (input !== undefined) {
    const out: Buffer[] = [];
    await gitStream(opts, args, (c) => out.push(c), input);
    return Buffer.concat(out);
  }
  const r = await runGit(opts.cwd, [...pinnedConfig, ...args], { allowFailure: true, signal: opts.signal, gitPath: opts.gitPath, maxOutputBytes: opts.maxOutputBytes });
  if (r.code !== 0) throw new GitCommandError(args, r.code, r.stderr);
  return Buffer.from(r.stdout, 'utf8');
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

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PracticumError } from '../errors';
import { repositoryProblem } from '../git/gitFailure';

/** What one git invocation produced. */
export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitRunOptions {
  input?: string;
  /** Kill git after this long (network operations against a black-holed host). */
  timeoutMs?: number;
  /** Resolve with the exit code instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
}

/**
 * Runs git in `cwd`. Prompts are disabled: an editor or a CI job has nobody to type a password, so
 * a remote that wants one fails fast with a message instead of hanging.
 */
export function runGit(cwd: string, args: string[], opts: GitRunOptions = {}): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      // spawn reports a missing working folder as ENOENT too, so tell the two apart.
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      const message = !missing ? `Could not run git: ${e.message}` : existsSync(cwd) ? 'git is not installed or not on PATH. Install git and try again.' : `The folder ${cwd} does not exist.`;
      reject(new PracticumError('environment', message, e));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = { code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (timedOut) {
        reject(new PracticumError('network', `git ${args[0]} took longer than ${Math.round((opts.timeoutMs ?? 0) / 1000)} s and was stopped. Check the network and the remote URL.`, result));
      } else if (result.code !== 0 && !opts.allowFailure) {
        reject(repositoryProblem(cwd, result.stderr) ?? new PracticumError('internal', `git ${args.join(' ')} failed: ${firstLine(result.stderr)}`, result));
      } else resolve(result);
    });
    child.stdin.on('error', () => undefined); // git may exit before reading stdin; the exit code tells the story
    child.stdin.end(opts.input ?? '');
  });
}

/** The most telling line of git's stderr (`fatal:` or `error:` first). */
export function firstLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? 'no message';
}

/**
 * Resolves the top level of the repository containing `dir` (the git folder of a bare repository,
 * such as a team's mirror), or throws an `environment` error naming the fix.
 */
export async function repoRoot(dir: string): Promise<string> {
  if (!existsSync(dir)) throw new PracticumError('usage', `${dir} does not exist. Pass --repo with the repository folder.`);
  const r = await runGit(dir, ['rev-parse', '--show-toplevel'], { allowFailure: true });
  if (r.code === 0) return r.stdout.trim();
  const bare = await runGit(dir, ['rev-parse', '--is-bare-repository', '--absolute-git-dir'], { allowFailure: true });
  const [isBare, gitDir] = bare.stdout.trim().split('\n');
  if (bare.code === 0 && isBare === 'true' && gitDir) return gitDir;
  throw repositoryProblem(dir, r.stderr) ?? new PracticumError('environment', `${dir} is not inside a git repository. Pass --repo with the repository folder.`);
}

/** The repository's git identity (`user.name`/`user.email`), which signs submissions and reviews. */
export async function gitIdentity(repo: string): Promise<{ name: string; email: string }> {
  const get = async (key: string) => (await runGit(repo, ['config', '--get', key], { allowFailure: true })).stdout.trim();
  const [name, email] = await Promise.all([get('user.name'), get('user.email')]);
  if (!email) throw new PracticumError('environment', 'No git identity: run "git config user.email you@example.com" (and user.name) in this repository.');
  return { name: name || email, email };
}

/** Full id of a commit-ish, or undefined when it does not resolve to a commit. */
export async function resolveCommit(repo: string, rev: string): Promise<string | undefined> {
  const r = await runGit(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { allowFailure: true });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

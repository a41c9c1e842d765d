import { execFile } from 'node:child_process';
import { PracticumError } from '../errors';
import { repositoryProblem } from '../git/gitFailure';

/**
 * Runs git in `cwd` and returns stdout. Read-only callers pass through `GIT_OPTIONAL_LOCKS=0` so a
 * check never contends with the learner's own git commands for the index lock.
 */
export function git(cwd: string, args: string[], opts: { maxBuffer?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(new PracticumError('environment', 'git is not installed or not on PATH; install git and try again.'));
        }
        const detail = (stderr || error.message).trim().split('\n')[0] ?? '';
        reject(repositoryProblem(cwd, stderr) ?? new PracticumError('environment', `git ${args[0]} failed in ${cwd}: ${detail}`, stderr));
      },
    );
  });
}

/** Like `git`, but resolves to undefined instead of failing (for probes such as "does this ref exist"). */
export async function gitMaybe(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch {
    return undefined;
  }
}

import { existsSync } from 'node:fs';
import { PracticumError } from '../errors';
import { repositoryProblem } from '../git/gitFailure';
import { runGit } from '../git/gitRun';

export { firstLine, runGit, type GitOutput, type GitRunOptions } from '../git/gitRun';

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

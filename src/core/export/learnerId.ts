import { createHmac } from 'node:crypto';
import { runGit } from '../git/gitRun';

/**
 * The pseudonymous learner id: HMAC-SHA256 of the lower-cased, trimmed git email under `key`, hex.
 * The same email and key always give the same id, so a team holding the key can join its own data;
 * without the key the id reveals nothing about the email.
 */
export function learnerId(email: string, key: string): string {
  return createHmac('sha256', key).update(email.trim().toLowerCase(), 'utf8').digest('hex');
}

/**
 * The default key: per repository, derived from the root commit reached by first parents, which every
 * clone of the repository shares and merges do not change. Undefined outside a repository or before
 * its first commit.
 */
export async function repositoryKey(repoDir: string): Promise<string | undefined> {
  const out = await git(repoDir, ['rev-list', '--first-parent', '--max-parents=0', 'HEAD']);
  const root = out?.split('\n').map((l) => l.trim()).find((l) => /^[0-9a-f]{40,64}$/.test(l));
  return root ? `practicum-repository:${root}` : undefined;
}

/** The git email configured for `repoDir` (repository, then global config), if any. */
export async function gitEmail(repoDir: string): Promise<string | undefined> {
  const out = await git(repoDir, ['config', 'user.email']);
  return out?.trim() || undefined;
}

/** stdout of a git probe, or undefined when it fails in any way (no repository, no git, too slow). */
async function git(cwd: string, args: string[]): Promise<string | undefined> {
  const r = await runGit(cwd, args, { allowFailure: true, timeoutMs: 10_000, maxOutputBytes: 1024 * 1024 }).catch(() => undefined);
  return r?.code === 0 ? r.stdout : undefined;
}

import { createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';

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

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 10_000, windowsHide: true }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

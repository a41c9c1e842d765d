import { git, type GitOptions } from './gitProcess';

/**
 * Subject lines of a few commits (one git process), for showing them in the editor. Subjects stay
 * on this machine: the scan result and exported events never carry messages.
 */
export async function commitSubjects(opts: GitOptions, hashes: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (hashes.length === 0) return out;
  const text = (await git(opts, ['show', '-s', '--no-color', '--encoding=UTF-8', '--format=%H%x00%s%x00', ...hashes, '--'])).toString('utf8');
  const parts = text.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) out.set((parts[i] as string).trim(), parts[i + 1] as string);
  return out;
}

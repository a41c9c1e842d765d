import { runGit } from './gitExec';

/** One file changed between a submission's base and head. */
export interface ChangedFile {
  /** A added, M modified, D deleted, R renamed, C copied, T type change. */
  status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  /** Path at head (at base for a deletion), forward slashes. */
  path: string;
  /** Path at base for renames and copies. */
  oldPath?: string;
}

/**
 * The files changed from `base` to `head`, from one `git diff --name-status` (no contents), so a
 * submission with thousands of files lists quickly and contents are read only when opened.
 */
export async function changedFiles(repo: string, base: string, head: string): Promise<ChangedFile[]> {
  const r = await runGit(repo, ['diff', '--name-status', '-z', '-M', '--no-color', base, head]);
  return parseNameStatus(r.stdout);
}

/** Parses `git diff --name-status -z` output. */
export function parseNameStatus(out: string): ChangedFile[] {
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++] ?? '';
    if (!code) continue;
    const status = code[0] as ChangedFile['status'];
    if (status === 'R' || status === 'C') {
      const oldPath = parts[i++] ?? '';
      files.push({ status, path: parts[i++] ?? '', oldPath });
    } else {
      files.push({ status: 'ADMT'.includes(status) ? status : 'M', path: parts[i++] ?? '' });
    }
  }
  return files;
}

/** A file's content at a commit, or undefined when it does not exist there. */
export async function fileAt(repo: string, commit: string, file: string): Promise<string | undefined> {
  const r = await runGit(repo, ['cat-file', 'blob', `${commit}:${file}`], { allowFailure: true });
  return r.code === 0 ? r.stdout : undefined;
}

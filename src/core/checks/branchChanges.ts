import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PracticumError } from '../errors';
import { parseAddedLines, type AddedLine } from './diffParse';
import { git, gitMaybe } from './git';

/**
 * What the checks compare: the exercise branch from its recorded base commit to `head`. With
 * `workingTree`, uncommitted and untracked files count too, so checks re-run on save give feedback
 * before a commit; a submission compares committed work only.
 */
export interface BranchRange {
  base: string;
  /** A commit or ref, e.g. `HEAD` or `refs/heads/practicum/<id>`. */
  head: string;
  workingTree: boolean;
}

/** Untracked files larger than this are not read for added lines. */
const maxUntrackedBytes = 1024 * 1024;

const diffFlags = ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/'];

/** The branch's changes, each computed once per check run and shared by the checks that need it. */
export class BranchChanges {
  private filesP?: Promise<string[]>;
  private linesP?: Promise<AddedLine[]>;
  private untrackedP?: Promise<string[]>;
  private verified?: Promise<void>;

  constructor(
    readonly repoDir: string,
    readonly range: BranchRange,
  ) {}

  /** Files added or modified (not deleted) since the base, repository-relative, `/`-separated. */
  files(): Promise<string[]> {
    return (this.filesP ??= this.loadFiles());
  }

  /** Lines added since the base (removed lines are never included). */
  addedLines(): Promise<AddedLine[]> {
    return (this.linesP ??= this.loadAddedLines());
  }

  /** Commits on the branch since the base. */
  async commitCount(): Promise<number> {
    await this.verify();
    return Number((await git(this.repoDir, ['rev-list', '--count', `${this.range.base}..${this.range.head}`])).trim());
  }

  /** Fails with a message naming the fix when the base or head commit cannot be found. */
  verify(): Promise<void> {
    return (this.verified ??= (async () => {
      // One call in the common case; only a failure pays for finding out which commit is missing.
      if ((await gitMaybe(this.repoDir, ['rev-parse', `${this.range.base}^{commit}`, `${this.range.head}^{commit}`])) !== undefined) return;
      for (const [what, rev] of [['base', this.range.base], ['head', this.range.head]] as const) {
        if ((await gitMaybe(this.repoDir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])) === undefined) {
          throw new PracticumError('environment', `the exercise's ${what} commit ${rev.slice(0, 12)} is not in this repository; fetch it or restart the exercise.`);
        }
      }
    })());
  }

  private revs(): string[] {
    return this.range.workingTree ? [this.range.base] : [this.range.base, this.range.head];
  }

  private untracked(): Promise<string[]> {
    if (!this.range.workingTree) return Promise.resolve([]);
    return (this.untrackedP ??= git(this.repoDir, ['ls-files', '--others', '--exclude-standard', '-z']).then(splitZ));
  }

  private async loadFiles(): Promise<string[]> {
    await this.verify();
    const [changed, untracked] = await Promise.all([
      git(this.repoDir, [...diffFlags, '--name-only', '-z', '--diff-filter=ACMRT', ...this.revs(), '--']).then(splitZ),
      this.untracked(),
    ]);
    return [...new Set([...changed, ...untracked])].sort();
  }

  private async loadAddedLines(): Promise<AddedLine[]> {
    await this.verify();
    const [patch, untracked] = await Promise.all([git(this.repoDir, [...diffFlags, '-U0', ...this.revs(), '--']), this.untracked()]);
    const lines = parseAddedLines(patch);
    for (const file of untracked) lines.push(...(await untrackedLines(this.repoDir, file)));
    return lines;
  }
}

function splitZ(out: string): string[] {
  return out.split('\0').filter((s) => s.length > 0);
}

/**
 * Every line of a new, untracked text file counts as added. A symlink is what git would record: its
 * link text as one line, never the content of what it points to (which may be outside the repository).
 */
async function untrackedLines(repoDir: string, file: string): Promise<AddedLine[]> {
  const full = path.join(repoDir, file);
  const stat = await fs.lstat(full).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    const target = await fs.readlink(full).catch(() => undefined);
    return target === undefined ? [] : [{ file, line: 1, text: target }];
  }
  if (!stat?.isFile() || stat.size > maxUntrackedBytes) return [];
  const buf = await fs.readFile(full);
  if (buf.subarray(0, 8000).includes(0)) return [];
  const text = buf.toString('utf8');
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((t, i) => ({ file, line: i + 1, text: t.replace(/\r$/, '') }));
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PracticumError } from '../errors';
import { GitCommandError, gitText, gitTry, type GitOptions } from './gitProcess';

/** What a scan needs to know about a repository before reading history. */
export interface RepoInfo {
  /** Top folder of the working tree, or the git folder of a bare repository. */
  root: string;
  gitDir: string;
  bare: boolean;
  /** A shallow clone: history before the graft points is missing. */
  shallow: boolean;
  /** Content of `<gitDir>/shallow` (changes when the clone is deepened). */
  shallowKey: string;
  /** HEAD commit, or undefined in a repository without commits. */
  head: string | undefined;
  /** HEAD is not on a branch. */
  detached: boolean;
}

/**
 * Resolves `dir` to its repository. Throws an `environment` error that says what to do when git
 * is missing or `dir` is not inside a repository.
 */
export async function repoInfo(dir: string, gitPath?: string): Promise<RepoInfo> {
  const abs = path.resolve(dir);
  const st = await fs.stat(abs).catch(() => undefined);
  if (!st?.isDirectory()) throw new PracticumError('usage', `${abs} is not a folder. Pass --repo with the path of a git repository.`);
  const opts: GitOptions = { cwd: abs, ...(gitPath ? { gitPath } : {}) };
  let lines: string[];
  try {
    lines = (await gitText(opts, ['rev-parse', '--absolute-git-dir', '--git-common-dir', '--is-bare-repository', '--is-shallow-repository'])).split('\n');
  } catch (e) {
    if (!(e instanceof GitCommandError)) throw e;
    if (/not a git repository/i.test(e.stderr)) throw new PracticumError('environment', `${abs} is not in a git repository. Run the scan inside a repository or pass --repo DIR.`, e);
    // e.g. "detected dubious ownership": git's own words name the fix.
    throw new PracticumError('environment', `git cannot read ${abs}: ${e.stderr.trim().split('\n')[0] ?? ''}`, e);
  }
  const [gitDir = '', commonDir = gitDir, bare, shallow] = lines;
  const isBare = bare === 'true';
  const root = isBare ? gitDir : ((await gitTry(opts, ['rev-parse', '--show-toplevel'])) ?? abs);
  const headOpts = { ...opts, cwd: root };
  const head = await gitTry(headOpts, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
  const symbolic = head ? await gitTry(headOpts, ['symbolic-ref', '-q', 'HEAD']) : undefined;
  const isShallow = shallow === 'true';
  const shallowKey = isShallow ? await fs.readFile(path.join(path.resolve(abs, commonDir), 'shallow'), 'utf8').catch(() => 'shallow') : '';
  return { root, gitDir, bare: isBare, shallow: isShallow, shallowKey, head: head || undefined, detached: !!head && !symbolic };
}

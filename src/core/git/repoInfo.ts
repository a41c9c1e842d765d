import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PracticumError } from '../errors';
import { repositoryProblem } from './gitFailure';
import { GitCommandError, gitText, gitTry, type GitOptions } from './gitProcess';
import { operationInProgress, unreadableHead, type OperationInProgress } from './repoState';

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
  /** A rebase, merge, cherry-pick, revert or bisect stopped half-way in this working tree. */
  operation: OperationInProgress | undefined;
}

/**
 * Resolves `dir` to its repository. Throws an `environment` error that says what to do when git
 * is missing, `dir` is not inside a repository, git refuses it, or HEAD's commit cannot be read.
 */
export async function repoInfo(dir: string, gitPath?: string): Promise<RepoInfo> {
  const abs = path.resolve(dir);
  const st = await fs.stat(abs).catch(() => undefined);
  if (!st?.isDirectory()) throw new PracticumError('usage', `${abs} is not a folder. Pass --repo with the path of a git repository.`);
  const opts: GitOptions = { cwd: abs, ...(gitPath ? { gitPath } : {}) };
  // Independent questions, asked at once: each git process costs a few milliseconds to start.
  const [layout, head, symbolic] = await Promise.all([
    gitText(opts, ['rev-parse', '--absolute-git-dir', '--git-common-dir', '--is-bare-repository', '--is-shallow-repository', '--show-toplevel']).then(
      (out) => ({ out }),
      (error: unknown) => ({ error }),
    ),
    gitTry(opts, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']),
    gitTry(opts, ['symbolic-ref', '-q', 'HEAD']),
  ]);
  let lines: string[];
  if ('out' in layout) lines = layout.out.split('\n');
  else {
    const e = layout.error;
    if (!(e instanceof GitCommandError)) throw e;
    if (/not a git repository/i.test(e.stderr)) throw new PracticumError('environment', `${abs} is not in a git repository. Run the scan inside a repository or pass --repo DIR.`, e);
    // A bare repository has no top level: ask again without it.
    const bareLines = await gitTry(opts, ['rev-parse', '--absolute-git-dir', '--git-common-dir', '--is-bare-repository', '--is-shallow-repository']);
    if (!bareLines) throw repositoryProblem(abs, e.stderr) ?? new PracticumError('environment', `git cannot read ${abs}: ${e.stderr.trim().split('\n')[0] ?? ''}`, e);
    lines = bareLines.split('\n');
  }
  const [gitDir = '', commonDir = gitDir, bare, shallow, toplevel] = lines;
  const isBare = bare === 'true';
  const root = isBare ? gitDir : (toplevel ?? abs);
  const isShallow = shallow === 'true';
  const [shallowKey, operation, damage] = await Promise.all([
    isShallow ? fs.readFile(path.join(path.resolve(abs, commonDir), 'shallow'), 'utf8').catch(() => 'shallow') : '',
    isBare ? undefined : operationInProgress(gitDir),
    head ? undefined : unreadableHead(opts, root),
  ]);
  if (damage) throw damage;
  return { root, gitDir, bare: isBare, shallow: isShallow, shallowKey, head: head || undefined, detached: !!head && !symbolic, operation };
}

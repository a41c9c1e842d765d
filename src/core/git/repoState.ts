import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PracticumError } from '../errors';
import { damagedRepository, repositoryProblem } from './gitFailure';
import { GitCommandError, gitText, gitTry, type GitOptions } from './gitProcess';

/** A git operation stopped half-way (conflicts, or waiting for the user), as its state files in the git folder show. */
export interface OperationInProgress {
  /** e.g. `a rebase of practicum/rag-prototype`, `a merge` */
  what: string;
  /** The branch a rebase works on (`practicum/rag-prototype`), when there is one. */
  branch?: string;
  /** What the user runs to finish or undo it. */
  fix: string;
}

const exists = (p: string) => fs.stat(p).then(() => true, () => false);

async function rebaseBranch(dir: string): Promise<string | undefined> {
  const head = await fs.readFile(path.join(dir, 'head-name'), 'utf8').catch(() => '');
  return /^refs\/heads\/(.+?)\s*$/.exec(head)?.[1];
}

/**
 * The operation in progress in a working tree, from the state files in its own git folder
 * (`git rev-parse --absolute-git-dir`: a linked worktree has its own), or undefined.
 */
export async function operationInProgress(gitDir: string): Promise<OperationInProgress | undefined> {
  for (const folder of ['rebase-merge', 'rebase-apply']) {
    const dir = path.join(gitDir, folder);
    if (!(await exists(dir))) continue;
    if (await exists(path.join(dir, 'applying'))) return { what: 'a "git am"', fix: 'finish it with "git am --continue" or undo it with "git am --abort"' };
    const branch = await rebaseBranch(dir);
    return { what: `a rebase${branch ? ` of ${branch}` : ''}`, ...(branch ? { branch } : {}), fix: 'finish it with "git rebase --continue" or undo it with "git rebase --abort"' };
  }
  const states: Array<[string, Omit<OperationInProgress, 'branch'>]> = [
    ['MERGE_HEAD', { what: 'a merge', fix: 'commit it with "git commit" once conflicts are resolved, or undo it with "git merge --abort"' }],
    ['CHERRY_PICK_HEAD', { what: 'a cherry-pick', fix: 'finish it with "git cherry-pick --continue" or undo it with "git cherry-pick --abort"' }],
    ['REVERT_HEAD', { what: 'a revert', fix: 'finish it with "git revert --continue" or undo it with "git revert --abort"' }],
    ['BISECT_LOG', { what: 'a bisect', fix: 'end it with "git bisect reset"' }],
  ];
  for (const [file, op] of states) if (await exists(path.join(gitDir, file))) return op;
  return undefined;
}

/** The working tree's own git folder, or undefined outside a repository. */
export async function gitDirOf(dir: string, gitPath?: string): Promise<string | undefined> {
  return gitTry({ cwd: dir, ...(gitPath ? { gitPath } : {}) }, ['rev-parse', '--absolute-git-dir']);
}

/**
 * Refuses an action (starting or submitting an exercise) while an operation is half-done in the
 * repository: its branch and HEAD are not what the user will have once it is finished.
 */
export async function refuseDuringOperation(dir: string, action: string): Promise<void> {
  const gitDir = await gitDirOf(dir);
  const op = gitDir ? await operationInProgress(gitDir) : undefined;
  if (op) throw new PracticumError('environment', `${op.what} is in progress in ${dir}; ${op.fix}, then ${action}.`);
}

/**
 * Called when `HEAD^{commit}` does not resolve: undefined for a repository without commits yet,
 * and an error naming the damage when HEAD names a commit git cannot read (a missing object must
 * never read as "no commits").
 */
export async function unreadableHead(opts: GitOptions, dir: string): Promise<PracticumError | undefined> {
  const named = await gitTry(opts, ['rev-parse', '-q', '--verify', 'HEAD']);
  if (!named) return brokenBranchRef(opts, dir);
  try {
    await gitText(opts, ['cat-file', '-t', named]);
  } catch (e) {
    if (e instanceof GitCommandError) return repositoryProblem(dir, e.stderr) ?? damagedRepository(dir, `HEAD names ${named}, which cannot be read`);
    throw e;
  }
  return damagedRepository(dir, `HEAD names ${named}, which is not a commit`);
}

/** HEAD's branch has a loose ref file that names no object (git ignores it as "broken" and sees no commits). */
async function brokenBranchRef(opts: GitOptions, dir: string): Promise<PracticumError | undefined> {
  // git itself will not name HEAD's branch then ("No such ref: HEAD"), so read the files.
  const dirs = (await gitTry(opts, ['rev-parse', '--absolute-git-dir', '--git-common-dir']))?.split('\n');
  const [gitDir, common] = dirs ?? [];
  if (!gitDir || !common) return undefined;
  const head = await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '');
  const ref = /^ref:\s*(refs\/heads\/\S+)\s*$/.exec(head)?.[1];
  const text = ref ? await fs.readFile(path.join(path.resolve(opts.cwd, common), ref), 'utf8').catch(() => undefined) : undefined;
  return text === undefined ? undefined : damagedRepository(dir, `${ref} is broken: it holds "${text.trim().slice(0, 40)}", not a commit id`);
}

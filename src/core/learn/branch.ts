import { promises as fs } from 'node:fs';
import { IdSchema } from '../catalog/schema';
import { PracticumError } from '../errors';
import { git, gitMaybe } from '../checks/git';
import { refuseDuringOperation, unreadableHead } from '../git/repoState';

/** Prefix of every exercise branch: `practicum/<exercise-id>`. */
const EXERCISE_BRANCH_PREFIX = 'practicum/';

/** The branch an exercise is done on. */
export function exerciseBranch(exerciseId: string): string {
  return EXERCISE_BRANCH_PREFIX + exerciseId;
}

/**
 * The exercise id of a `practicum/<id>` branch, if it is one. The one parser of exercise branches
 * (learn, review and time tracking): the id must be a catalog id, so `practicum/Foo_Bar` or
 * `practicum/a/b` is an ordinary branch.
 */
export function exerciseIdOfBranch(branch: string | null | undefined): string | undefined {
  if (!branch?.startsWith(EXERCISE_BRANCH_PREFIX)) return undefined;
  const id = branch.slice(EXERCISE_BRANCH_PREFIX.length);
  return IdSchema.safeParse(id).success ? id : undefined;
}

/** The repository root containing `dir` (real path), or undefined when it is not in a git repository. */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  const top = await gitMaybe(dir, ['rev-parse', '--show-toplevel']);
  return top ? fs.realpath(top.trim()) : undefined;
}

/** The checked-out branch, or null for a detached HEAD. */
export async function currentBranch(repoDir: string): Promise<string | null> {
  return ((await gitMaybe(repoDir, ['symbolic-ref', '--short', '-q', 'HEAD'])) ?? '').trim() || null;
}

export async function headCommit(repoDir: string): Promise<string | undefined> {
  return (await gitMaybe(repoDir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']))?.trim() || undefined;
}

export async function branchExists(repoDir: string, branch: string): Promise<boolean> {
  return (await gitMaybe(repoDir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])) !== undefined;
}

/** Uncommitted changes, as `git status --porcelain` lines (untracked files included). */
export async function uncommittedChanges(repoDir: string): Promise<string[]> {
  return (await git(repoDir, ['status', '--porcelain', '--untracked-files=all'])).split('\n').filter((l) => l.trim() !== '');
}

/** What to do with uncommitted changes when switching to an exercise branch. */
export type DirtyChoice = 'carry' | 'stash';

export interface StartedBranch {
  branch: string;
  baseCommit: string;
  startedFrom: string | null;
  /** The stash message when changes were stashed, so the learner can find them. */
  stashed?: string;
}

/**
 * Creates `practicum/<id>` from HEAD and checks it out. Uncommitted changes are never lost: `carry`
 * keeps them in the working tree (a new branch at HEAD changes no files); `stash` saves them,
 * untracked files included, in a named stash entry, and restores them if the switch then fails.
 */
export async function startExerciseBranch(repoDir: string, exerciseId: string, dirty: DirtyChoice): Promise<StartedBranch> {
  const branch = exerciseBranch(exerciseId);
  await refuseDuringOperation(repoDir, 'start the exercise');
  const baseCommit = await headCommit(repoDir);
  if (!baseCommit) throw (await unreadableHead({ cwd: repoDir }, repoDir)) ?? new PracticumError('environment', 'This repository has no commits yet; make a first commit, then start the exercise.');
  if (await branchExists(repoDir, branch)) throw new PracticumError('usage', `Branch ${branch} already exists; switch to it to continue the exercise, or delete it to start over.`);
  const startedFrom = await currentBranch(repoDir);
  let stashed: string | undefined;
  if (dirty === 'stash' && (await uncommittedChanges(repoDir)).length > 0) {
    stashed = `practicum: changes set aside before starting ${exerciseId}`;
    await git(repoDir, ['stash', 'push', '--include-untracked', '-m', stashed]);
  }
  try {
    await git(repoDir, ['checkout', '-q', '-b', branch]);
  } catch (e) {
    if (!(await switchedDespiteError(repoDir, branch))) {
      if (stashed) await git(repoDir, ['stash', 'pop', '-q']).catch(() => undefined);
      throw e;
    }
  }
  return { branch, baseCommit, startedFrom, ...(stashed ? { stashed } : {}) };
}

/**
 * Checks out an existing exercise branch. With `stash`, changes are stashed first; with `carry`,
 * git itself refuses (and changes nothing) if a change would be overwritten.
 */
export async function switchToBranch(repoDir: string, branch: string, dirty: DirtyChoice): Promise<{ stashed?: string }> {
  let stashed: string | undefined;
  if (dirty === 'stash' && (await uncommittedChanges(repoDir)).length > 0) {
    stashed = `practicum: changes set aside before switching to ${branch}`;
    await git(repoDir, ['stash', 'push', '--include-untracked', '-m', stashed]);
  }
  try {
    await git(repoDir, ['checkout', '-q', branch]);
  } catch (e) {
    if (await switchedDespiteError(repoDir, branch)) return stashed ? { stashed } : {};
    if (stashed) await git(repoDir, ['stash', 'pop', '-q']).catch(() => undefined);
    throw new PracticumError('environment', `Could not switch to ${branch}: ${(e as Error).message}. Commit or stash your changes, then try again.`);
  }
  return stashed ? { stashed } : {};
}

/**
 * A failing post-checkout hook (git-lfs's, when git-lfs is missing) makes checkout exit non-zero
 * after it has switched: then the switch happened, and popping the stash would merge the changes
 * into the branch they were set aside from, with conflict markers.
 */
async function switchedDespiteError(repoDir: string, branch: string): Promise<boolean> {
  return (await currentBranch(repoDir)) === branch;
}

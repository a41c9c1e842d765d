import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import type { TempRepo } from './gitRepo';

/**
 * Repositories in the states people leave them in: an operation stopped on a conflict, an object
 * gone missing. Each builds the state with git itself on a real repository.
 */

/** Branch `branch` (checked out) and `main` change the same line; returns after `git rebase main` stopped on the conflict. */
export function stopRebaseOnConflict(repo: TempRepo, branch: string): void {
  repo.checkout('main');
  repo.commit({ message: 'main edits the file', files: { 'conflict.txt': 'main\n' }, date: '2026-01-12T10:00:00Z' });
  repo.checkout(branch);
  repo.commit({ message: 'branch edits the file', files: { 'conflict.txt': 'branch\n' }, date: '2026-01-13T10:00:00Z' });
  assertStops(repo, ['rebase', 'main']);
}

/** Like `stopRebaseOnConflict`, but `git merge main` into `branch` stops on the conflict. */
export function stopMergeOnConflict(repo: TempRepo, branch: string): void {
  repo.checkout('main');
  repo.commit({ message: 'main edits the file', files: { 'conflict.txt': 'main\n' }, date: '2026-01-12T10:00:00Z' });
  repo.checkout(branch);
  repo.commit({ message: 'branch edits the file', files: { 'conflict.txt': 'branch\n' }, date: '2026-01-13T10:00:00Z' });
  assertStops(repo, ['merge', 'main']);
}

function assertStops(repo: TempRepo, args: string[]): void {
  try {
    repo.git(args, { GIT_EDITOR: 'true' });
  } catch {
    return; // stopped on the conflict, as intended
  }
  throw new Error(`git ${args.join(' ')} did not stop on a conflict`);
}

/** Deletes a loose object (a commit, tree or blob) from the repository, as disk damage or a bad copy would. */
export function deleteObject(repo: TempRepo, rev: string): string {
  const sha = repo.git(['rev-parse', rev]);
  const gitDir = repo.git(['rev-parse', '--absolute-git-dir']);
  const file = path.join(gitDir, 'objects', sha.slice(0, 2), sha.slice(2));
  execFileSync('test', ['-f', file]); // loose, so deleting it really removes the object
  rmSync(file);
  return sha;
}

/** Whether this git refuses repositories owned by another user when told to assume so (git ≥ 2.35.2). */
export function gitChecksOwnership(repo: TempRepo): boolean {
  try {
    repo.git(['rev-parse', '--show-toplevel'], { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' });
    return false;
  } catch (e) {
    return /dubious ownership/.test(String((e as { stderr?: unknown }).stderr));
  }
}

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TempRepo } from '../helpers/gitRepo';

/** Uncommitted work to carry or stash: a tracked edit and an untracked file. */
export function makeDirty(repo: TempRepo): void {
  repo.write('a.txt', 'my edit\n');
  repo.write('new.txt', 'untracked\n');
}

/** Pops the stash on the current branch and checks the work `makeDirty` made came back whole. */
export function popAndExpectDirty(repo: TempRepo): void {
  repo.git(['stash', 'pop']);
  assert.equal(readFileSync(path.join(repo.dir, 'a.txt'), 'utf8'), 'my edit\n');
  assert.equal(readFileSync(path.join(repo.dir, 'new.txt'), 'utf8'), 'untracked\n');
}

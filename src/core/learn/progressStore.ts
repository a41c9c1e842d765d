import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../log';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import { emptyProgress, RepoProgressSchema, type RepoProgress } from './progressSchema';

/** Where a repository's progress lives under the storage folder: one file per repository root. */
export function progressFile(storageDir: string, repoRoot: string): string {
  const key = createHash('sha256').update(path.resolve(repoRoot)).digest('hex').slice(0, 16);
  return path.join(storageDir, 'progress', `${key}.json`);
}

/**
 * Per-repository progress in the learner's global storage. Every change is a read-modify-write
 * under a cross-process lock, written atomically, so two windows on the same repository never
 * lose each other's updates. A corrupt file is moved aside and reported, and progress starts over.
 */
export class ProgressStore {
  readonly file: string;

  constructor(
    storageDir: string,
    readonly repoRoot: string,
    private readonly logger: Logger,
  ) {
    this.file = progressFile(storageDir, repoRoot);
  }

  async read(): Promise<RepoProgress> {
    const r = await readJsonValidated(this.file, RepoProgressSchema);
    if (r.status === 'ok') return r.value;
    if (r.status === 'corrupt') this.logger.warn(`Progress file was unreadable (${r.problem}); moved it to ${r.movedTo} and started fresh.`);
    return emptyProgress(this.repoRoot);
  }

  /** Applies `change` to the current progress and saves it; returns what was saved. */
  async update(change: (p: RepoProgress) => void): Promise<RepoProgress> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    return withFileLock(`${this.file}.lock`, async () => {
      const p = await this.read();
      change(p);
      await writeJsonAtomic(this.file, p);
      return p;
    });
  }
}

/** The key under which an approved command is remembered (the text itself may hold secrets). */
export function commandKey(command: string): string {
  return createHash('sha256').update(command).digest('hex');
}

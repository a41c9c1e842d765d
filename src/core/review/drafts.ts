import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import { silentLogger, type Logger } from '../log';
import type { CommentDraft } from './review';

export const DRAFTS_SCHEMA = 'practicum.review-drafts/v1';

const DraftSchema = z.object({
  file: z.string().min(1),
  line: z.number().int().min(1),
  body: z.string().min(1),
  /** `<reviewId>/<commentId>` of a posted thread, or the `key` of an earlier draft whose thread this answers. */
  replyTo: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
});

/** A mentor's pending line comments on one submission in one repository, kept until the verdict. */
export const DraftFileSchema = z.object({
  schema: z.literal(DRAFTS_SCHEMA),
  repo: z.string().min(1),
  submission: z.string().min(1),
  drafts: z.array(DraftSchema),
});
export type DraftFile = z.infer<typeof DraftFileSchema>;

/** What loading found: the drafts, and a problem to report when the file was unreadable (and moved aside). */
export interface LoadedDrafts {
  drafts: CommentDraft[];
  problem?: string;
}

/**
 * Pending review comments on disk, one file per repository and submission, so a reload or crash
 * does not lose them. Writes are atomic, under a cross-process lock, and, per submission, applied in
 * call order.
 */
export class DraftStore {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dir: string,
    private readonly log: Logger = silentLogger,
  ) {}

  /** The drafts saved for `submission` in `repo`; none when there are none or the file was corrupt. */
  async load(repo: string, submission: string): Promise<LoadedDrafts> {
    return this.serial(repo, submission, async () => {
      const file = this.fileOf(repo, submission);
      const r = await readJsonValidated(file, DraftFileSchema);
      if (r.status === 'missing') return { drafts: [] };
      if (r.status === 'corrupt') {
        const problem = `Pending review comments could not be read (${r.problem}); the file was moved to ${r.movedTo}.`;
        this.log.warn(problem);
        return { drafts: [], problem };
      }
      if (r.value.repo !== repo || r.value.submission !== submission) return { drafts: [] };
      return { drafts: r.value.drafts.map(({ file: f, line, body, replyTo, key }) => ({ file: f, line, body, ...(replyTo ? { replyTo } : {}), ...(key ? { key } : {}) })) };
    });
  }

  /** Replaces the saved drafts; an empty list deletes the file. */
  async save(repo: string, submission: string, drafts: readonly CommentDraft[]): Promise<void> {
    await this.serial(repo, submission, async () => {
      const file = this.fileOf(repo, submission);
      const doc: DraftFile = { schema: DRAFTS_SCHEMA, repo, submission, drafts: drafts.map((d) => DraftSchema.parse(d)) };
      await fs.mkdir(this.dir, { recursive: true });
      // Under the lock a reader takes to move a corrupt file aside, so it never moves this write aside.
      await withFileLock(`${file}.lock`, () => (drafts.length ? writeJsonAtomic(file, doc) : fs.rm(file, { force: true })));
    });
  }

  /** Forgets the drafts once the verdict that carried them is recorded. */
  clear(repo: string, submission: string): Promise<void> {
    return this.save(repo, submission, []);
  }

  /** The file for a repository and submission: a hash, since neither is safe as a file name. */
  fileOf(repo: string, submission: string): string {
    const name = createHash('sha256').update(`${path.resolve(repo)}\0${submission}`).digest('hex').slice(0, 32);
    return path.join(this.dir, `${name}.json`);
  }

  private serial<T>(repo: string, submission: string, fn: () => Promise<T>): Promise<T> {
    const key = this.fileOf(repo, submission);
    const next = (this.queues.get(key) ?? Promise.resolve()).then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }
}

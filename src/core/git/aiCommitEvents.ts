import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EventSink } from '../export/sink';
import type { Logger } from '../log';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import { signalName } from './scanResult';
import type { AiCommit } from './scanSchema';

/** The AI commits already reported for one repository (kept locally, never exported). */
const RepoSeenSchema = z.object({
  /** When the first scan made the baseline: commits seen then are history, not news. */
  baselineAt: z.string(),
  hashes: z.array(z.string()),
  /** Author times too: a rebased or amended commit keeps its author time but changes its hash. */
  times: z.array(z.string()),
});
export type RepoSeen = z.infer<typeof RepoSeenSchema>;

/** `ai-commits-seen.json` in the extension's storage. */
export const SeenAiCommitsSchema = z.object({
  version: z.literal(1),
  /** By a hash of the repository root, so the file names no path. */
  repos: z.record(z.string(), RepoSeenSchema),
});

/** The `ai.commit` event: behaviour only, no hash, message, file path or trailer value. */
export interface AiCommitEventData {
  authoredAt: string;
  kinds: Array<'assisted' | 'building'>;
  /** Signal names without what matched (`sdk:openai`, not `sdk:openai(+src/rag.py)`). */
  signals: string[];
  [key: string]: unknown;
}

/** The event data for an AI commit. */
export function aiCommitEventData(c: AiCommit): AiCommitEventData {
  return {
    authoredAt: c.authoredAt,
    kinds: [...(c.assisted ? (['assisted'] as const) : []), ...(c.building ? (['building'] as const) : [])],
    signals: [...new Set(c.signals.map(signalName))],
  };
}

/**
 * Which of the learner's AI commits are new since the last call. The first call for a repository
 * sets the baseline and reports nothing: commits made before Practicum watched are history.
 */
export function selectNewAiCommits(seen: RepoSeen | undefined, mine: readonly AiCommit[], now: Date): { fresh: AiCommit[]; next: RepoSeen } {
  if (!seen) return { fresh: [], next: { baselineAt: now.toISOString(), hashes: mine.map((c) => c.hash), times: mine.map((c) => c.authoredAt) } };
  const hashes = new Set(seen.hashes);
  const times = new Set(seen.times);
  const fresh = mine.filter((c) => !hashes.has(c.hash) && !times.has(c.authoredAt));
  if (fresh.length === 0) return { fresh, next: seen };
  return { fresh, next: { ...seen, hashes: [...seen.hashes, ...fresh.map((c) => c.hash)], times: [...seen.times, ...fresh.map((c) => c.authoredAt)] } };
}

/**
 * Emits `ai.commit` once per new AI commit of the learner. The read-decide-write runs under a
 * cross-process lock, so two editor windows on one repository never report a commit twice.
 */
export class AiCommitEventLog {
  constructor(
    private readonly file: string,
    private readonly events: EventSink,
    private readonly logger: Logger,
  ) {}

  async record(repoRoot: string, mine: readonly AiCommit[], now: Date): Promise<number> {
    const key = createHash('sha256').update(repoRoot).digest('hex').slice(0, 24);
    return withFileLock(`${this.file}.lock`, async () => {
      const read = await readJsonValidated(this.file, SeenAiCommitsSchema);
      if (read.status === 'corrupt') this.logger.warn(`${this.file} was unreadable (${read.problem}); moved to ${read.movedTo}. New AI commits are counted from now on.`);
      const doc = read.status === 'ok' ? read.value : { version: 1 as const, repos: {} };
      const { fresh, next } = selectNewAiCommits(doc.repos[key], mine, now);
      if (next !== doc.repos[key]) await writeJsonAtomic(this.file, { ...doc, repos: { ...doc.repos, [key]: next } });
      for (const c of fresh) this.events.emit('ai.commit', aiCommitEventData(c), new Date(c.authoredAt));
      return fresh.length;
    });
  }
}

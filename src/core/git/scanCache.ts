import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log';
import { readJsonValidated, writeFileAtomic } from '../store/atomicFile';

/** Signals of one commit, by kind (short keys: the cache holds every AI commit of the history). */
const CommitSignalsSchema = z.object({
  a: z.array(z.string()).optional(),
  i: z.array(z.string()).optional(),
  b: z.array(z.string()).optional(),
});
export type CommitSignals = z.infer<typeof CommitSignalsSchema>;

/**
 * A column of the cache (100,000 entries for a large history), checked in one loop: zod's
 * per-element parse was the largest cost of a warm rescan.
 */
function column<T>(ok: (x: unknown) => boolean, what: string) {
  return z.custom<T[]>((v) => Array.isArray(v) && v.every(ok), { message: `expected an array of ${what}` });
}

/**
 * What a scan leaves for the next one, per repository: every commit classified so far in columns
 * (hash, author, time), the signals of the few that have any, and what decides whether it is still
 * valid (rules, mailmap, shallow boundary). A rescan then reads only commits added since `head`.
 */
export const ScanCacheSchema = z.object({
  schema: z.literal('practicum.scanCache/1'),
  repo: z.string(),
  head: z.string(),
  /** Rules version and content fingerprint: other rules classify differently. */
  rulesKey: z.string(),
  /** .mailmap content hash: authors are stored after mailmap. */
  mailmapKey: z.string(),
  /** Shallow graft points: deepening a clone adds old commits. */
  shallowKey: z.string(),
  /** Object id of refs/notes/ai when the notes were read, '' if none. */
  notesRef: z.string(),
  /** Distinct authors after mailmap, as [name, email]. */
  people: z.array(z.tuple([z.string(), z.string()])),
  commits: z.object({
    hash: column<string>((x) => typeof x === 'string', 'strings'),
    person: column<number>((x) => Number.isInteger(x) && (x as number) >= 0, 'non-negative integers'),
    time: column<number>((x) => typeof x === 'number' && Number.isFinite(x), 'numbers'),
  }),
  signals: z.record(z.string(), CommitSignalsSchema),
  notes: z.record(z.string(), z.object({ blob: z.string(), signals: z.array(z.string()) })),
});
export type ScanCache = z.infer<typeof ScanCacheSchema>;

/** The user cache folder for Practicum: `$PRACTICUM_CACHE_DIR`, else the platform's cache location. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PRACTICUM_CACHE_DIR) return env.PRACTICUM_CACHE_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'practicum', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'practicum');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'practicum');
}

/** The cache file of one repository (keyed by its real path). */
export async function cacheFileFor(cacheDir: string, repoRoot: string): Promise<string> {
  const real = await fs.realpath(repoRoot).catch(() => repoRoot);
  return path.join(cacheDir, 'scan', `${createHash('sha256').update(real).digest('hex').slice(0, 24)}.json`);
}

/** Reads a cache; a missing one is undefined, a corrupt one is moved aside (logged) and undefined. */
export async function readScanCache(file: string, logger: Logger): Promise<ScanCache | undefined> {
  const r = await readJsonValidated(file, ScanCacheSchema);
  if (r.status === 'ok') return r.value;
  if (r.status === 'corrupt') logger.warn(`Scan cache ${file} was unreadable (${r.problem}); moved to ${r.movedTo}, scanning in full.`);
  return undefined;
}

/** Writes a cache atomically, compact (it can hold hundreds of thousands of commits). */
export async function writeScanCache(file: string, cache: ScanCache): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(cache));
}

import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { PracticumError } from '../errors';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import { firstLine, repoRoot, runGit } from './gitExec';
import { REF_NAMESPACE, REVIEWS_PREFIX, SUBMISSIONS_PREFIX } from './schema';
import { listRefs } from './store';

const REFSPEC = `${REF_NAMESPACE}/*:${REF_NAMESPACE}/*`;
export const DEFAULT_REMOTE = 'origin';
const DEFAULT_TIMEOUT_MS = 60_000;

/** A record ref that moved, and what kind of record it holds. */
export const RefMoveSchema = z.object({ ref: z.string(), kind: z.enum(['submission', 'review', 'other']) });
export type RefMove = z.infer<typeof RefMoveSchema>;

/** What `practicum sync --json` prints (`practicum.sync/v1`). */
export const SyncReportSchema = z.object({
  schema: z.literal('practicum.sync/v1'),
  remote: z.string(),
  /** Records that arrived from the remote. */
  fetched: z.array(RefMoveSchema),
  /** Records the remote did not have before this sync. */
  pushed: z.array(RefMoveSchema),
  /** Refs either side refused (a clash of names, which unique ids make practically impossible). */
  rejected: z.array(z.object({ ref: z.string(), reason: z.string() })),
  /** Local records the remote is still not known to have. */
  unpushed: z.array(z.string()),
  /** Why pushing failed (permissions, connection lost after the fetch); null when it did not. */
  pushError: z.string().nullable(),
});
export type SyncReport = z.infer<typeof SyncReportSchema>;

/** Per remote, which refs it is known to hold, so "not yet pushed" can be answered offline. */
const SyncStateSchema = z.object({
  schema: z.literal('practicum.syncState/v1'),
  remote: z.string(),
  known: z.record(z.string(), z.string()),
});

export interface SyncRequest {
  repo: string;
  remote?: string;
  timeoutMs?: number;
}

export function refKind(ref: string): RefMove['kind'] {
  return ref.startsWith(SUBMISSIONS_PREFIX) ? 'submission' : ref.startsWith(REVIEWS_PREFIX) ? 'review' : 'other';
}

/**
 * Fetches then pushes `refs/practicum/*`. Both directions only ever add refs (no force, no prune),
 * so records made on two machines at once both survive: each has its own ref name.
 */
export async function syncRecords(req: SyncRequest): Promise<SyncReport> {
  const repo = await repoRoot(req.repo);
  const remote = req.remote ?? DEFAULT_REMOTE;
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  await requireRemote(repo, remote);
  // One sync at a time per repository (the editor's timer and the CLI may overlap).
  const lock = path.join(path.dirname(await stateFile(repo, remote)), 'sync.lock');
  await mkdir(path.dirname(lock), { recursive: true });
  return withFileLock(lock, () => syncLocked(repo, remote, timeoutMs), { staleMs: 2 * timeoutMs + 10_000, waitMs: 2 * timeoutMs + 5_000 });
}

async function syncLocked(repo: string, remote: string, timeoutMs: number): Promise<SyncReport> {
  const before = await listRefs(repo);
  const state = await readState(repo, remote);
  const rejected: SyncReport['rejected'] = [];

  const fetch = await runGit(repo, ['fetch', '--no-tags', '--no-write-fetch-head', remote, REFSPEC], { timeoutMs, allowFailure: true });
  for (const m of fetch.stderr.matchAll(/!\s+\[rejected\]\s+\S+\s+->\s+(\S+)\s+\(([^)]*)\)/g)) rejected.push({ ref: m[1] ?? '', reason: `fetch: ${m[2] ?? ''}` });
  if (fetch.code !== 0 && rejected.length === 0) {
    const unpushed = [...before.keys()].filter((r) => state.known[r] !== before.get(r));
    throw new PracticumError(
      'network',
      `Could not fetch from remote "${remote}" (${firstLine(fetch.stderr)}). Your records stay local${unpushed.length ? ` (${unpushed.length} not yet pushed)` : ''}; sync again when the remote is reachable.`,
      fetch,
    );
  }
  const afterFetch = await listRefs(repo);
  const fetched = [...afterFetch.keys()].filter((r) => !before.has(r));
  for (const r of fetched) state.known[r] = afterFetch.get(r) ?? '';

  const pushed: string[] = [];
  let pushError: string | null = null;
  if (afterFetch.size > 0) {
    const push = await runGit(repo, ['push', '--porcelain', remote, REFSPEC], { timeoutMs, allowFailure: true }).catch((e: unknown) => {
      if (e instanceof PracticumError && e.reason === 'network') return { code: -1, stdout: '', stderr: e.message };
      throw e;
    });
    for (const line of push.stdout.split('\n')) {
      const m = /^([ +\-*=!])\t([^:]+):(\S+)\t(.*)$/.exec(line);
      if (!m) continue;
      const [, flag, , dst = '', summary = ''] = m;
      if (flag === '!') rejected.push({ ref: dst, reason: `push: ${summary.replace(/^\[rejected\]\s*/, '')}` });
      else {
        if (flag === '*') pushed.push(dst);
        state.known[dst] = afterFetch.get(dst) ?? '';
      }
    }
    if (push.code !== 0 && !push.stdout.includes('\t')) pushError = `Could not push to remote "${remote}" (${firstLine(push.stderr)}). Check your access to it, then sync again.`;
  }
  await writeState(repo, remote, state.known);
  return {
    schema: 'practicum.sync/v1',
    remote,
    fetched: fetched.map((ref) => ({ ref, kind: refKind(ref) })),
    pushed: pushed.map((ref) => ({ ref, kind: refKind(ref) })),
    rejected,
    unpushed: [...afterFetch.keys()].filter((r) => state.known[r] !== afterFetch.get(r)),
    pushError,
  };
}

/** Local records that `remote` is not known to have (answered without the network). */
export async function unpushedRefs(repoDir: string, remote = DEFAULT_REMOTE): Promise<string[]> {
  const repo = await repoRoot(repoDir);
  const [refs, state] = await Promise.all([listRefs(repo), readState(repo, remote)]);
  return [...refs.keys()].filter((r) => state.known[r] !== refs.get(r));
}

async function requireRemote(repo: string, remote: string): Promise<void> {
  const r = await runGit(repo, ['remote', 'get-url', remote], { allowFailure: true });
  if (r.code !== 0) {
    const names = (await runGit(repo, ['remote'], { allowFailure: true })).stdout.split('\n').filter(Boolean);
    const hint = names.length ? `Remotes here: ${names.join(', ')}; choose one with --remote (or the practicum.review.remote setting).` : 'Add one with "git remote add origin <url>".';
    throw new PracticumError('environment', `There is no git remote "${remote}". ${hint}`);
  }
}

async function stateFile(repo: string, remote: string): Promise<string> {
  const common = (await runGit(repo, ['rev-parse', '--git-common-dir'])).stdout.trim();
  return path.join(path.resolve(repo, common), 'practicum', `sync-${encodeURIComponent(remote)}.json`);
}

async function readState(repo: string, remote: string): Promise<{ known: Record<string, string> }> {
  const read = await readJsonValidated(await stateFile(repo, remote), SyncStateSchema);
  return { known: read.status === 'ok' ? { ...read.value.known } : {} };
}

async function writeState(repo: string, remote: string, known: Record<string, string>): Promise<void> {
  await writeJsonAtomic(await stateFile(repo, remote), { schema: 'practicum.syncState/v1', remote, known });
}

import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { PracticumError } from '../errors';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import { conflictRef, CONFLICTS_NAMESPACE, listConflicts, remoteComponent, type RecordConflict } from './conflicts';
import { firstLine, repoRoot, runGit } from './gitExec';
import { digestMismatch, parseRecordRef, splitSignature } from './recordName';
import { MAX_RECORD_BYTES, REF_NAMESPACE } from './schema';
import { describeRefs, listRefs, readContents, type RefMeta } from './store';
import { formatBytes } from '../limits';

export const DEFAULT_REMOTE = 'origin';
const DEFAULT_TIMEOUT_MS = 60_000;

/** Where a sync mirrors the remote's records before deciding which to adopt; never read as records. */
export const INCOMING_NAMESPACE = 'refs/practicum-incoming';

/** A record ref that moved, and what kind of record it holds. */
export const RefMoveSchema = z.object({ ref: z.string(), kind: z.enum(['submission', 'review', 'other']) });
export type RefMove = z.infer<typeof RefMoveSchema>;

/** A remote record that was not adopted because it disagrees with this repository or with its own name. */
export const SyncConflictSchema = z.object({
  ref: z.string(),
  kind: z.enum(['submission', 'review', 'other']),
  /** The object the local record holds; null when there is no local record under that name. */
  local: z.string().nullable(),
  /** The object the remote holds under the name. */
  remote: z.string(),
  /** Where the remote's object is kept for inspection. */
  keptAs: z.string(),
  reason: z.string(),
  /** What to do about it. */
  fix: z.string(),
});
export type SyncConflict = z.infer<typeof SyncConflictSchema>;

/** What `practicum sync --json` prints (`practicum.sync/v1`). */
export const SyncReportSchema = z.object({
  schema: z.literal('practicum.sync/v1'),
  remote: z.string(),
  /** Records that arrived from the remote. */
  fetched: z.array(RefMoveSchema),
  /** Records the remote did not have before this sync. */
  pushed: z.array(RefMoveSchema),
  /** Refs either side refused (a remote record over the size limit, a push the remote declined). */
  rejected: z.array(z.object({ ref: z.string(), reason: z.string() })),
  /** Remote records that differ from the local one under the same name, or from their own name: never adopted. */
  conflicts: z.array(SyncConflictSchema),
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
  return parseRecordRef(ref).kind;
}

const stagingPrefix = (remote: string) => `${INCOMING_NAMESPACE}/${remoteComponent(remote)}/`;
const RECORDS = `${REF_NAMESPACE}/`;

/**
 * Fetches the remote's records into a staging namespace, adopts only names this repository does not
 * have (and whose content matches the digest in their name), keeps every disagreement aside as a
 * conflict, then pushes only names the remote does not have. A local record is never replaced or
 * removed, and a remote one is never overwritten, whatever the other side holds.
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
  const staging = stagingPrefix(remote);

  const fetch = await runGit(repo, ['fetch', '--no-tags', '--no-write-fetch-head', '--prune', remote, `+${RECORDS}*:${staging}*`], { timeoutMs, allowFailure: true });
  if (fetch.code !== 0) {
    const unpushed = [...before.keys()].filter((r) => state.known[r] !== before.get(r));
    throw new PracticumError(
      'network',
      `Could not fetch from remote "${remote}" (${firstLine(fetch.stderr)}). Your records stay local${unpushed.length ? ` (${unpushed.length} not yet pushed)` : ''}; sync again when the remote is reachable.`,
      fetch,
    );
  }
  const staged = await describeRefs(repo, staging, []);
  const remoteHas = new Map(staged.map((m) => [RECORDS + m.ref.slice(staging.length), m.sha]));
  const rejected: SyncReport['rejected'] = [];
  const conflicts: SyncConflict[] = [];
  const candidates: RefMeta[] = [];
  for (const m of staged) {
    const ref = RECORDS + m.ref.slice(staging.length);
    const local = before.get(ref);
    if (local === m.sha) continue;
    if (local) conflicts.push(conflict(remote, ref, local, m.sha, 'the remote holds a different record under this name than this repository'));
    else if (m.type === 'tag' && m.size > MAX_RECORD_BYTES) {
      rejected.push({ ref, reason: `fetch: not adopted: it is ${formatBytes(m.size)}, over the ${formatBytes(MAX_RECORD_BYTES)} limit for a record; remove it from the remote with "git push ${remote} --delete ${ref}"` });
    }
    else candidates.push(m);
  }
  // A content-bound name must match its content before it is adopted, so a record replaced on the
  // remote is caught even by a clone that never had the original.
  const bound = candidates.filter((m) => m.type === 'tag' && parseRecordRef(RECORDS + m.ref.slice(staging.length)).digest !== undefined);
  const contents = new Map((bound.length ? await readContents(repo, bound) : []).map((r) => [r.ref, r.message]));
  const adopt: string[] = [];
  for (const m of candidates) {
    const ref = RECORDS + m.ref.slice(staging.length);
    const message = contents.get(m.ref);
    const replaced = message === undefined ? undefined : digestMismatch(ref, splitSignature(message).text);
    if (replaced) conflicts.push(conflict(remote, ref, null, m.sha, `the remote's record under this name is not the one that was written: ${replaced}`));
    else adopt.push(ref);
  }
  const fetched = await adoptRefs(repo, staging, adopt, rejected);
  await keepConflicts(repo, remote, conflicts);

  const afterFetch = await listRefs(repo);
  for (const [ref, sha] of afterFetch) if (remoteHas.get(ref) === sha) state.known[ref] = sha;
  const conflicting = new Set(conflicts.map((c) => c.ref));
  const toPush = [...afterFetch.keys()].filter((r) => !remoteHas.has(r));
  const pushed: string[] = [];
  let pushError: string | null = null;
  for (let i = 0; i < toPush.length && pushError === null; i += 200) {
    const part = toPush.slice(i, i + 200);
    // An empty lease: each name is created on the remote only if it still does not exist there.
    const args = ['push', '--porcelain', ...part.map((r) => `--force-with-lease=${r}:`), remote, ...part.map((r) => `${r}:${r}`)];
    const push = await runGit(repo, args, { timeoutMs, allowFailure: true }).catch((e: unknown) => {
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
    conflicts,
    unpushed: [...afterFetch.keys()].filter((r) => state.known[r] !== afterFetch.get(r) && !conflicting.has(r)),
    pushError,
  };
}

/** Creates `refs` from the staging namespace; none of them exists locally, and none is overwritten. */
async function adoptRefs(repo: string, staging: string, refs: string[], rejected: SyncReport['rejected']): Promise<string[]> {
  const adopted: string[] = [];
  for (let i = 0; i < refs.length; i += 200) {
    const part = refs.slice(i, i + 200);
    const specs = part.map((r) => `${staging}${r.slice(RECORDS.length)}:${r}`);
    const r = await runGit(repo, ['fetch', '--no-tags', '--no-write-fetch-head', '--no-prune', '--no-auto-maintenance', '.', ...specs], { allowFailure: true });
    const now = await listRefs(repo);
    for (const ref of part) {
      if (now.has(ref)) adopted.push(ref);
      else rejected.push({ ref, reason: `fetch: could not be stored (${firstLine(r.stderr)})` });
    }
  }
  return adopted;
}

function conflict(remote: string, ref: string, local: string | null, remoteSha: string, reason: string): SyncConflict {
  const keptAs = conflictRef(remote, ref, remoteSha);
  const restore = local
    ? `Compare the two ("git cat-file -p ${ref}" and "git cat-file -p ${keptAs}"); if yours is right, restore the remote with "git push --force ${remote} ${ref}:${ref}"`
    : `Ask the record's author to restore it from their clone ("git push --force ${remote} ${ref}:${ref}"), or remove it from the remote with "git push ${remote} --delete ${ref}"`;
  return { ref, kind: refKind(ref), local, remote: remoteSha, keptAs, reason, fix: `${restore}. The remote's copy is kept as ${keptAs}; delete it with "git update-ref -d ${keptAs}" once settled.` };
}

/** Keeps each conflicting remote object under the conflicts namespace; forgets conflicts the remote no longer has. */
async function keepConflicts(repo: string, remote: string, conflicts: SyncConflict[]): Promise<void> {
  const current = new Set(conflicts.map((c) => c.keptAs));
  for (const old of await listConflicts(repo)) {
    if (old.remote === remote && !current.has(old.keptAs)) await runGit(repo, ['update-ref', '-d', old.keptAs, old.sha]);
  }
  for (const c of conflicts) await runGit(repo, ['update-ref', '-m', 'practicum: conflicting record', c.keptAs, c.remote]);
}

/** Local records that `remote` is not known to have (answered without the network). */
export async function unpushedRefs(repoDir: string, remote = DEFAULT_REMOTE): Promise<string[]> {
  const repo = await repoRoot(repoDir);
  const [refs, state, conflicts] = await Promise.all([listRefs(repo), readState(repo, remote), listConflicts(repo)]);
  const conflicting = new Set(conflicts.filter((c) => c.remote === remote).map((c) => c.ref));
  return [...refs.keys()].filter((r) => state.known[r] !== refs.get(r) && !conflicting.has(r));
}

export type { RecordConflict };
export { CONFLICTS_NAMESPACE };

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

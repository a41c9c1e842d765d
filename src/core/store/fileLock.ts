import { AsyncLocalStorage } from 'node:async_hooks';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PracticumError } from '../errors';

/** The locks the current async call chain holds, so a nested `withFileLock` on the same folder does not wait for itself. */
const held = new AsyncLocalStorage<ReadonlyMap<string, { released: boolean }>>();

/** The note a holder leaves inside the lock folder, so others can tell an orphaned lock from a busy one. */
const ownerFile = 'owner.json';
/** A lock folder without its owner note younger than this may be a holder between `mkdir` and writing the note. */
const noteGraceMs = 5_000;

/**
 * A cross-process lock (two VS Code windows, or the CLI beside the editor) built on `mkdir`, which is
 * atomic on every file system we care about. The holder notes its pid and host inside; a lock whose
 * holder on this machine is gone (killed, crashed) is taken over at once, one without a note after a
 * few seconds, and any lock older than `staleMs`, so an orphaned lock never blocks. A lock still held
 * past `waitMs` is an `environment` error naming the folder and the fix. Re-entrant: code already
 * running under the lock (e.g. a store's read inside its own read-modify-write) runs at once.
 */
export async function withFileLock<T>(lockDir: string, fn: () => Promise<T>, opts: { staleMs?: number; waitMs?: number } = {}): Promise<T> {
  const key = path.resolve(lockDir);
  const outer = held.getStore();
  if (outer?.get(key)?.released === false) return fn();
  const staleMs = opts.staleMs ?? 30_000;
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 40)) {
    try {
      await fs.mkdir(lockDir);
      await fs.writeFile(path.join(lockDir, ownerFile), JSON.stringify({ pid: process.pid, host: os.hostname() })).catch(() => undefined);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = await inspect(lockDir, staleMs);
      if (holder.orphaned) {
        await fs.rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new PracticumError(
          'environment',
          `${lockDir} is locked${holder.pid ? ` by process ${holder.pid}, still running` : ''}. If no other Practicum window or command is busy, delete that folder (rm -r "${lockDir}") and retry.`,
        );
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  // Work this call started but did not await (it outlives the lock) must not count as holding it.
  const token = { released: false };
  try {
    return await held.run(new Map([...(outer ?? []), [key, token]]), fn);
  } finally {
    token.released = true;
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

/** Whether the lock at `lockDir` is orphaned, and who holds it when it is not. */
async function inspect(lockDir: string, staleMs: number): Promise<{ orphaned: boolean; pid?: number }> {
  const st = await fs.lstat(lockDir).catch(() => undefined);
  if (!st) return { orphaned: false }; // released meanwhile: try again
  if (!st.isDirectory()) return { orphaned: true }; // a file where the lock folder belongs is never a live lock
  const age = Date.now() - st.mtimeMs;
  if (age > staleMs) return { orphaned: true };
  let owner: { pid?: unknown; host?: unknown } | undefined;
  try {
    owner = JSON.parse(await fs.readFile(path.join(lockDir, ownerFile), 'utf8')) as { pid?: unknown; host?: unknown };
  } catch {
    return { orphaned: age > noteGraceMs };
  }
  if (typeof owner?.pid !== 'number' || !Number.isInteger(owner.pid) || owner.pid <= 0) return { orphaned: age > noteGraceMs };
  if (owner.host === os.hostname() && !running(owner.pid)) return { orphaned: true };
  return { orphaned: false, pid: owner.pid };
}

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

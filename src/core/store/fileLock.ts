import { AsyncLocalStorage } from 'node:async_hooks';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The locks the current async call chain holds, so a nested `withFileLock` on the same folder does not wait for itself. */
const held = new AsyncLocalStorage<ReadonlyMap<string, { released: boolean }>>();

/**
 * A cross-process lock (two VS Code windows, or the CLI beside the editor) built on `mkdir`, which is
 * atomic on every file system we care about. A lock older than `staleMs` is taken over, so a crashed
 * holder never blocks forever. Re-entrant: code already running under the lock (e.g. a store's read
 * inside its own read-modify-write) runs at once.
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
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await fs.stat(lockDir).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > staleMs) {
        await fs.rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for lock ${lockDir}; if no other Practicum window is busy, delete that folder.`);
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

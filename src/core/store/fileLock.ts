import { promises as fs } from 'node:fs';

/**
 * A cross-process lock (two VS Code windows, or the CLI beside the editor) built on `mkdir`, which is
 * atomic on every file system we care about. A lock older than `staleMs` is taken over, so a crashed
 * holder never blocks forever.
 */
export async function withFileLock<T>(lockDir: string, fn: () => Promise<T>, opts: { staleMs?: number; waitMs?: number } = {}): Promise<T> {
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
  try {
    return await fn();
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

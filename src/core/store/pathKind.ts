import { statSync } from 'node:fs';
import * as path from 'node:path';
import { PracticumError } from '../errors';

/**
 * A store's file system error that means "something of the wrong kind is in the way": a folder
 * where Practicum keeps a file (`pending.json` as a folder), or a file where it keeps a folder
 * (`quarantine` as a file). Returned as an `environment` error naming the path and the fix, so the
 * user never sees "unexpected error… report it"; undefined for any other error. Nothing is deleted:
 * what is in the way may be someone's data.
 */
export function wrongKindProblem(e: unknown): PracticumError | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.path !== 'string') return undefined;
  if (err.code === 'EISDIR') return folderInTheWay(err.path);
  if (err.code === 'ENOTDIR' || (err.code === 'EEXIST' && err.syscall === 'mkdir')) {
    const file = firstFileOnPath(err.path);
    if (file) return new PracticumError('environment', `${file} is a file, but Practicum keeps a folder there. Move it away or delete it (rm "${file}"), then retry.`);
  }
  return undefined;
}

/** The error for a folder found where a file belongs. */
export function folderInTheWay(p: string): PracticumError {
  return new PracticumError('environment', `${p} is a folder, but Practicum keeps a file there. Move it away or delete it (rm -r "${p}"), then retry.`);
}

/** The first path, from the root down to `p`, that exists and is not a folder. */
function firstFileOnPath(p: string): string | undefined {
  const parts: string[] = [];
  for (let cur = path.resolve(p); ; cur = path.dirname(cur)) {
    parts.unshift(cur);
    if (path.dirname(cur) === cur) break;
  }
  for (const cur of parts) {
    try {
      if (!statSync(cur).isDirectory()) return cur;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

import { promises as fs } from 'node:fs';
import { PracticumError } from '../errors';
import { formatBytes } from '../limits';

/**
 * Reading files that come from outside (logs, the outbox, cohort and rules files) with limits, so a
 * huge or endless file (`/dev/zero`, a 2 GB line) is named and skipped instead of exhausting memory.
 */

/** One line of a file read with `forEachLine`: its text, or only its size when it is over the line limit. */
export interface BoundedLine {
  /** 1-based line number. */
  line: number;
  /** The line without its end of line; empty when `tooLong`. */
  text: string;
  /** Set (to the line's size in bytes) when the line is longer than the limit; its text was not kept. */
  tooLong?: number;
}

export interface LineLimits {
  maxLineBytes: number;
  /** Reading stops here; the rest of the file is reported as unread. */
  maxFileBytes: number;
}

/** Opens `file` for reading, refusing anything but a regular file (a device or FIFO never ends). */
async function openRegular(file: string): Promise<fs.FileHandle> {
  const fh = await fs.open(file, 'r');
  const st = await fh.stat().catch(async (e: unknown) => {
    await fh.close();
    throw e;
  });
  if (!st.isFile()) {
    await fh.close();
    throw new PracticumError('usage', `${file} is not a regular file (${st.isDirectory() ? 'a folder' : 'a device, pipe or socket'}); pass the file itself`);
  }
  return fh;
}

/**
 * Calls `onLine` for every line of `file`, holding at most one line (up to the line limit) in memory.
 * Returns whether the file was longer than `maxFileBytes` (the rest was not read).
 */
export async function forEachLine(file: string, limits: LineLimits, onLine: (l: BoundedLine) => void): Promise<{ truncated: boolean; bytes: number }> {
  const fh = await openRegular(file);
  try {
    const buf = Buffer.alloc(64 * 1024);
    let parts: Buffer[] = [];
    let lineBytes = 0;
    let n = 0;
    let total = 0;
    let truncated = false;
    const take = (b: Buffer) => {
      lineBytes += b.length;
      if (lineBytes <= limits.maxLineBytes) parts.push(Buffer.from(b));
      else parts = [];
    };
    const emit = () => {
      n++;
      if (lineBytes > limits.maxLineBytes) onLine({ line: n, text: '', tooLong: lineBytes });
      else onLine({ line: n, text: Buffer.concat(parts).toString('utf8').replace(/\r$/, '') });
      parts = [];
      lineBytes = 0;
    };
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      let chunk = buf.subarray(0, bytesRead);
      if (total + chunk.length > limits.maxFileBytes) {
        chunk = chunk.subarray(0, limits.maxFileBytes - total);
        truncated = true;
      }
      total += chunk.length;
      let start = 0;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
        take(chunk.subarray(start, i));
        emit();
        start = i + 1;
      }
      take(chunk.subarray(start));
      if (truncated) break;
    }
    if (!truncated && lineBytes > 0) emit();
    return { truncated, bytes: total };
  } finally {
    await fh.close();
  }
}

/** The problem to report for a line over the limit. */
export function tooLongProblem(bytes: number, limit: number, what: string): string {
  return `the line is ${formatBytes(bytes)}, over the ${formatBytes(limit)} limit for ${what}; it was not read`;
}

/**
 * Reads a whole text file of at most `maxBytes` (a cohort or rules file), or throws an `invalid-data`
 * error naming the file, its size and the limit.
 */
export async function readTextBounded(file: string, maxBytes: number, what: string): Promise<string> {
  const fh = await openRegular(file);
  try {
    const { size } = await fh.stat();
    if (size > maxBytes) throw new PracticumError('invalid-data', `${file} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for ${what}. Split it or remove what does not belong in it.`);
    const buf = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let read = 0;
    while (read < buf.length) {
      const { bytesRead } = await fh.read(buf, read, buf.length - read, null);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    // It grew while being read: still never more than the limit.
    if (read > maxBytes) throw new PracticumError('invalid-data', `${file} is over the ${formatBytes(maxBytes)} limit for ${what}. Split it or remove what does not belong in it.`);
    return buf.subarray(0, read).toString('utf8');
  } finally {
    await fh.close();
  }
}

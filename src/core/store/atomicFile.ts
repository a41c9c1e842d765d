import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { PracticumError } from '../errors';
import { withFileLock } from './fileLock';
import { folderInTheWay } from './pathKind';

/**
 * Writes `data` to `file` so that readers see either the old or the new content, never a torn file:
 * write a temp file in the same folder, fsync it, rename over the target.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Writes a versioned JSON document atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** What reading a JSON document found. */
export type ReadResult<T> =
  | { status: 'ok'; value: T }
  | { status: 'missing' }
  | { status: 'corrupt'; movedTo: string; problem: string };

/** Where to take the lock that guards a store file; `<file>.lock` unless the store uses another. */
export interface ReadJsonOptions {
  lockDir?: string;
}

/**
 * Reads and validates a JSON document. A file that does not parse or validate is moved aside
 * (`<file>.corrupt-<time>`) so the caller can start fresh without losing it, and reported.
 *
 * The move happens under the store's lock (the one its writers hold), and only after reading the
 * file again there: another window may have replaced the corrupt file with a good one since it was
 * first read, and that one must be read, not moved aside.
 */
export async function readJsonValidated<S extends z.ZodType>(file: string, schema: S, opts: ReadJsonOptions = {}): Promise<ReadResult<z.infer<S>>> {
  const first = await readAndValidate(file, schema);
  if (first.status !== 'invalid') return first;
  return withFileLock(opts.lockDir ?? `${file}.lock`, async () => {
    const again = await readAndValidate(file, schema);
    if (again.status !== 'invalid') return again;
    const movedTo = `${file}.corrupt-${Date.now()}`;
    try {
      await fs.rename(file, movedTo);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
      throw e;
    }
    return { status: 'corrupt', movedTo, problem: again.problem };
  });
}

async function readAndValidate<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<{ status: 'ok'; value: z.infer<S> } | { status: 'missing' } | { status: 'invalid'; problem: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw folderInTheWay(file);
    throw e;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { status: 'ok', value: parsed.data };
    return { status: 'invalid', problem: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  } catch (e) {
    return { status: 'invalid', problem: `not valid JSON (${(e as Error).message})` };
  }
}

/** Reads a JSON document that must exist and be valid; throws an `invalid-data` error naming the file otherwise. */
export async function readJsonStrict<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PracticumError('usage', `${file}: ${code === 'ENOENT' ? 'file not found' : (e as Error).message}. Check the path.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PracticumError('invalid-data', `${file}: not valid JSON (${(e as Error).message}). Fix the syntax and try again.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join('.') || '(root)' : '(root)';
    throw new PracticumError('invalid-data', `${file}: field ${where}: ${first?.message ?? 'invalid'}. Fix that field and try again.`, parsed.error.issues);
  }
  return parsed.data;
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { z } from 'zod';
import { PracticumError } from '../errors';
import { formatBytes } from '../limits';
import { runGit } from './gitExec';
import { boundLeaf, digestMismatch, parseRecordRef, splitSignature } from './recordName';
import {
  MAX_RECORD_BYTES,
  REF_NAMESPACE,
  REVIEWS_PREFIX,
  ReviewRecordSchema,
  SUBMISSIONS_PREFIX,
  SubmissionRecordSchema,
  type GitIdentity,
  type RecordProblem,
  type ReviewRecord,
  type SubmissionRecord,
} from './schema';
import { allowedSignersOf, signatureProblem, signedTag } from './signing';

/** Everything under `refs/practicum/` that parsed, plus what did not and why. */
export interface RecordSet {
  submissions: SubmissionRecord[];
  reviews: ReviewRecord[];
  problems: RecordProblem[];
  /**
   * Verdicts (approve, changes) whose signature did not prove their reviewer, by review id, with the
   * reason; filled only when signed verdicts are required. They are listed but count for nothing.
   */
  unverified?: Map<string, string>;
}

export interface ReadOptions {
  /** Verify the signature of every verdict against the repository's allowed-signers file (may be looked up meanwhile). */
  requireSigned?: boolean | Promise<boolean>;
}

const ZERO = '0'.repeat(40);

/** A fresh record id: a sortable time part and enough randomness that two machines never collide. */
export function newRecordId(prefix: string, atMs: number): string {
  const time = new Date(atMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').toLowerCase();
  return `${prefix ? prefix + '-' : ''}${time}-${randomBytes(4).toString('hex')}`;
}

/** The name a submission is stored under before its content digest is added (see `writeRecord`). */
export const submissionRef = (id: string): string => SUBMISSIONS_PREFIX + id;
export const reviewRef = (submissionId: string, id: string): string => `${REVIEWS_PREFIX}${submissionId}/${id}`;

/** What to remove an unusable record with, locally and on the team remote. */
export const removeCommand = (ref: string): string => `"git update-ref -d ${ref}" (and on the team remote: "git push origin --delete ${ref}")`;

/**
 * Stores `record` as an annotated tag object targeting `target` at `<ref>.<digest>`, the digest binding
 * the name to the record's JSON, only if that ref does not exist yet: records are append-only, and a
 * name clash is refused, never overwritten. With `sign`, git signs the tag (`git tag -s`).
 * Returns the ref written.
 */
export async function writeRecord(
  repo: string,
  ref: string,
  target: string,
  tagger: GitIdentity,
  atMs: number,
  record: unknown,
  opts: { sign?: boolean } = {},
): Promise<string> {
  const text = JSON.stringify(record);
  if (Buffer.byteLength(text) > MAX_RECORD_BYTES - 4096) {
    throw new PracticumError('usage', `The record is ${formatBytes(Buffer.byteLength(text))}, over the ${formatBytes(MAX_RECORD_BYTES)} limit for a record. Shorten its text or comments.`);
  }
  const leaf = ref.slice(ref.lastIndexOf('/') + 1);
  const full = `${ref.slice(0, ref.lastIndexOf('/') + 1)}${boundLeaf(leaf, text)}`;
  const tagName = `practicum/${full.slice(REF_NAMESPACE.length + 1)}`;
  const tagSha = opts.sign ? await signedTag(repo, tagName, target, `${text}\n`) : await plainTag(repo, tagName, target, tagger, atMs, text);
  const updated = await runGit(repo, ['update-ref', '-m', 'practicum: record', full, tagSha, ZERO], { allowFailure: true });
  if (updated.code !== 0) throw new PracticumError('internal', `Could not create ${full}; it may exist already (${updated.stderr.trim()}). Try again.`, updated);
  return full;
}

/** Writes an unsigned tag object (`git hash-object -t tag`, which checks it as `mktag` does). */
async function plainTag(repo: string, tagName: string, target: string, tagger: GitIdentity, atMs: number, text: string): Promise<string> {
  const clean = (s: string) => s.replace(/[<>\n\r]/g, '').trim() || 'unknown';
  const tag = [`object ${target}`, 'type commit', `tag ${tagName}`, `tagger ${clean(tagger.name)} <${clean(tagger.email)}> ${Math.floor(atMs / 1000)} +0000`, '', text, ''].join('\n');
  const dir = await mkdtemp(path.join(tmpdir(), 'practicum-record-'));
  try {
    const file = path.join(dir, 'tag');
    await writeFile(file, tag);
    const made = await runGit(repo, ['hash-object', '-t', 'tag', '-w', file], { allowFailure: true });
    if (made.code !== 0) throw new PracticumError('internal', `Could not store the record (${made.stderr.trim()}).`, made);
    return made.stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One ref under a namespace, with what git says about its object (read without its content). */
export interface RefMeta {
  ref: string;
  sha: string;
  type: string;
  size: number;
}

const META_FORMAT = '%(refname)%00%(objectname)%00%(objecttype)%00%(objectsize)';

function parseMeta(out: string): RefMeta[] {
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ref = '', sha = '', type = '', size = '0'] = line.split('\0');
      return { ref, sha, type, size: Number(size) };
    });
}

/** The local ref names and object ids under `prefix` (cheap; reads no object). */
export async function listRefs(repo: string, prefix = REF_NAMESPACE + '/'): Promise<Map<string, string>> {
  const r = await runGit(repo, ['for-each-ref', '--format=%(refname) %(objectname)', prefix]);
  const map = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const [name, sha] = line.split(' ');
    if (name && sha) map.set(name, sha);
  }
  return map;
}

/**
 * Type and size of every ref's object under `prefix`, without reading contents. Objects missing from
 * a damaged clone become problems (found by halving the list until the culprits are alone).
 */
export async function describeRefs(repo: string, prefix: string, problems: RecordProblem[]): Promise<RefMeta[]> {
  const r = await runGit(repo, ['for-each-ref', `--format=${META_FORMAT}`, prefix], { allowFailure: true });
  if (r.code === 0) return parseMeta(r.stdout);
  const refs = [...(await listRefs(repo, prefix)).entries()];
  const metas: RefMeta[] = [];
  const walk = async (part: Array<[string, string]>): Promise<void> => {
    if (part.length === 0) return;
    const run = await runGit(repo, ['for-each-ref', `--format=${META_FORMAT}`, ...part.map(([ref]) => ref)], { allowFailure: true });
    if (run.code === 0) {
      metas.push(...parseMeta(run.stdout).filter((m) => part.some(([ref]) => ref === m.ref)));
    } else if (part.length === 1) {
      const [ref, sha] = part[0] ?? ['', ''];
      problems.push({ ref, problem: `its object ${sha.slice(0, 8)} is missing from this repository; delete the ref ("git update-ref -d ${ref}") and sync to fetch it again from the team remote, or run "git fsck --full" to see what else is damaged` });
    } else {
      const mid = Math.ceil(part.length / 2);
      await walk(part.slice(0, mid));
      await walk(part.slice(mid));
    }
  };
  for (let i = 0; i < refs.length; i += 500) await walk(refs.slice(i, i + 500));
  if (metas.length === refs.length) await runGit(repo, ['for-each-ref', `--format=${META_FORMAT}`, prefix]); // throws git's own error
  return metas;
}

/** One record tag's content as for-each-ref printed it. */
export interface RawRecord {
  ref: string;
  sha: string;
  targetType: string;
  target: string;
  message: string;
}

/**
 * The contents of `metas` (tags within the size limit). Each entry starts with a random marker, so a
 * message holding NULs or newlines can never pass itself off as another ref's entry.
 */
export async function readContents(repo: string, metas: RefMeta[], wholePrefix?: string): Promise<RawRecord[]> {
  const marker = `\x01${randomBytes(16).toString('hex')}\x01`;
  const format = `${marker}%(refname)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(contents)`;
  const wanted = new Set(metas.map((m) => m.ref));
  const raws: RawRecord[] = [];
  const read = async (patterns: string[], bytes: number) => {
    const r = await runGit(repo, ['for-each-ref', `--format=${format}`, ...patterns], { maxOutputBytes: bytes + patterns.length * 512 + 64 * 1024 });
    for (const entry of r.stdout.split(marker).slice(1)) {
      const parts = entry.split('\0');
      const [ref = '', sha = '', targetType = '', target = ''] = parts;
      if (!wanted.has(ref)) continue;
      raws.push({ ref, sha, targetType, target, message: parts.slice(4).join('\0').replace(/\n$/, '') });
    }
  };
  const total = (ms: RefMeta[]) => ms.reduce((n, m) => n + m.size + m.ref.length + 200, 0);
  if (wholePrefix) await read([wholePrefix], total(metas));
  else for (let i = 0; i < metas.length; i += 500) await read(metas.slice(i, i + 500).map((m) => m.ref), total(metas.slice(i, i + 500)));
  return raws;
}

/** Why a record cannot be read at all (wrong object type, over the size limit), or undefined. */
export function unreadable(meta: RefMeta): string | undefined {
  if (meta.type !== 'tag') return `points at a ${meta.type}, not a record tag on a commit`;
  if (meta.size > MAX_RECORD_BYTES) {
    return `is ${formatBytes(meta.size)}, over the ${formatBytes(MAX_RECORD_BYTES)} limit for a record, so it was not read; remove it with ${removeCommand(meta.ref)}`;
  }
  return undefined;
}

/** A record read and checked against its name: the record, or why it cannot be used. */
export type CheckedRecord =
  | { kind: 'submission'; record: SubmissionRecord; raw: RawRecord; signed: boolean }
  | { kind: 'review'; record: ReviewRecord; raw: RawRecord; signed: boolean }
  | { kind: 'problem'; problem: string };

/** Parses and checks one record: type, content digest, schema, name and target must all agree. */
export function checkRecord(raw: RawRecord): CheckedRecord {
  const fail = (problem: string): CheckedRecord => ({ kind: 'problem', problem });
  if (raw.targetType !== 'commit') return fail(`points at a tag of a ${raw.targetType}, not a record tag on a commit`);
  const name = parseRecordRef(raw.ref);
  if (name.kind === 'other') return fail('is neither a submission nor a review ref');
  const { text, signature } = splitSignature(raw.message);
  const replaced = digestMismatch(raw.ref, text);
  if (replaced) return fail(`${replaced}; compare it with the copy on the team remote and remove it with ${removeCommand(raw.ref)}`);
  if (name.kind === 'submission') {
    const rec = parse(text, SubmissionRecordSchema);
    if (typeof rec === 'string') return fail(rec);
    if (rec.id !== name.id) return fail(`record id "${rec.id}" does not match the ref name`);
    if (rec.head !== raw.target) return fail(`head ${rec.head.slice(0, 8)} is not the commit the tag points at (${raw.target.slice(0, 8)})`);
    return { kind: 'submission', record: rec, raw, signed: signature !== undefined };
  }
  const rec = parse(text, ReviewRecordSchema);
  if (typeof rec === 'string') return fail(rec);
  if (rec.id !== name.id || rec.submission !== name.submission) return fail(`record (submission "${rec.submission}", id "${rec.id}") does not match the ref name`);
  if (rec.head !== raw.target) return fail(`head ${rec.head.slice(0, 8)} is not the commit the tag points at (${raw.target.slice(0, 8)})`);
  return { kind: 'review', record: rec, raw, signed: signature !== undefined };
}

/**
 * Reads and validates every record; unusable ones become problems and the rest load. Reads object
 * sizes first and never the content of a record over MAX_RECORD_BYTES.
 */
export async function readRecords(repo: string, opts: ReadOptions = {}): Promise<RecordSet> {
  const set: RecordSet = { submissions: [], reviews: [], problems: [] };
  const metas = await describeRefs(repo, REF_NAMESPACE + '/', set.problems);
  const readable = metas.filter((m) => {
    const why = unreadable(m);
    if (why) set.problems.push({ ref: m.ref, problem: why });
    return !why;
  });
  const raws = readable.length ? await readContents(repo, readable, readable.length === metas.length && set.problems.length === 0 ? REF_NAMESPACE + '/' : undefined) : [];
  const requireSigned = (await opts.requireSigned) === true;
  const signedVerdicts: Array<{ record: ReviewRecord; raw: RawRecord }> = [];
  const seen = new Map<string, string>();
  const checked = raws.map((raw) => ({ raw, c: checkRecord(raw) }));
  // Oldest first, so when two records claim one id the one written first is kept and the other named.
  const when = (x: (typeof checked)[number]) => (x.c.kind === 'submission' ? Date.parse(x.c.record.submittedAt) : x.c.kind === 'review' ? Date.parse(x.c.record.at) : 0);
  checked.sort((a, b) => when(a) - when(b) || a.raw.ref.localeCompare(b.raw.ref));
  for (const { raw, c } of checked) {
    if (c.kind === 'problem') {
      set.problems.push({ ref: raw.ref, problem: c.problem });
      continue;
    }
    const key = `${c.kind}:${c.record.id}`;
    const first = seen.get(key);
    if (first) {
      set.problems.push({ ref: raw.ref, problem: `claims id "${c.record.id}", which ${first} already holds; one of them was not written by Practicum. Compare them and remove the wrong one with ${removeCommand(raw.ref)}` });
      continue;
    }
    seen.set(key, raw.ref);
    if (c.kind === 'submission') set.submissions.push(c.record);
    else {
      set.reviews.push(c.record);
      if (requireSigned && c.record.verdict !== 'comment') {
        if (c.signed) signedVerdicts.push({ record: c.record, raw });
        else (set.unverified ??= new Map()).set(c.record.id, 'the verdict is not signed');
      }
    }
  }
  if (requireSigned) {
    set.unverified ??= new Map();
    const signers = allowedSignersOf(repo);
    await inBatches(signedVerdicts, 4, async ({ record, raw }) => {
      const why = await signatureProblem(repo, raw.sha, record.reviewer.email, signers);
      if (why) set.unverified?.set(record.id, why);
    });
  }
  set.submissions.sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || a.id.localeCompare(b.id));
  set.reviews.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  return set;
}

async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

function parse<S extends z.ZodType>(message: string, schema: S): z.infer<S> | string {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return 'message is not JSON';
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  return `field ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`;
}

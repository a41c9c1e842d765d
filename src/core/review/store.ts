import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { PracticumError } from '../errors';
import { runGit } from './gitExec';
import {
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

/** Everything under `refs/practicum/` that parsed, plus what did not and why. */
export interface RecordSet {
  submissions: SubmissionRecord[];
  reviews: ReviewRecord[];
  problems: RecordProblem[];
}

const ZERO = '0'.repeat(40);

/** A fresh record id: a sortable time part and enough randomness that two machines never collide. */
export function newRecordId(prefix: string, atMs: number): string {
  const time = new Date(atMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').toLowerCase();
  return `${prefix ? prefix + '-' : ''}${time}-${randomBytes(4).toString('hex')}`;
}

export const submissionRef = (id: string): string => SUBMISSIONS_PREFIX + id;
export const reviewRef = (submissionId: string, id: string): string => `${REVIEWS_PREFIX}${submissionId}/${id}`;

/**
 * Stores `record` as an annotated tag object targeting `target` and points `ref` at it, only if
 * `ref` does not exist yet: records are append-only, and a name clash is refused, never overwritten.
 */
export async function writeRecord(repo: string, ref: string, target: string, tagger: GitIdentity, atMs: number, record: unknown): Promise<string> {
  const clean = (s: string) => s.replace(/[<>\n\r]/g, '').trim() || 'unknown';
  const tagName = `practicum/${ref.slice(REF_NAMESPACE.length + 1)}`;
  const tag = [
    `object ${target}`,
    'type commit',
    `tag ${tagName}`,
    `tagger ${clean(tagger.name)} <${clean(tagger.email)}> ${Math.floor(atMs / 1000)} +0000`,
    '',
    JSON.stringify(record),
    '',
  ].join('\n');
  const made = await runGit(repo, ['mktag'], { input: tag, allowFailure: true });
  if (made.code !== 0) throw new PracticumError('internal', `Could not store the record (${made.stderr.trim()}).`, made);
  const tagSha = made.stdout.trim();
  const updated = await runGit(repo, ['update-ref', '-m', 'practicum: record', ref, tagSha, ZERO], { allowFailure: true });
  if (updated.code !== 0) throw new PracticumError('internal', `Could not create ${ref}; it may exist already (${updated.stderr.trim()}). Try again.`, updated);
  return tagSha;
}

const FORMAT = ['%(refname)', '%(objecttype)', '%(*objecttype)', '%(*objectname)', '%(contents)'].join('%00') + '%00';

/** One ref under the namespace, as for-each-ref printed it. */
interface RawRef {
  ref: string;
  type: string;
  targetType: string;
  target: string;
  message: string;
}

/** Splits for-each-ref output whose fields end in NUL and whose records end in a newline. */
export function splitRefs(out: string): RawRef[] {
  const fields = out.split('\0');
  const refs: RawRef[] = [];
  for (let i = 0; i + 4 < fields.length; i += 5) {
    const [ref = '', type = '', targetType = '', target = '', message = ''] = fields.slice(i, i + 5);
    refs.push({ ref: ref.replace(/^\n/, ''), type, targetType, target, message });
  }
  return refs;
}

/** The local ref names and object ids under `refs/practicum/` (cheap; used by sync bookkeeping). */
export async function listRefs(repo: string): Promise<Map<string, string>> {
  const r = await runGit(repo, ['for-each-ref', '--format=%(refname) %(objectname)', REF_NAMESPACE + '/']);
  const map = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const [name, sha] = line.split(' ');
    if (name && sha) map.set(name, sha);
  }
  return map;
}

/** Reads and validates every record with one git process; malformed ones become problems. */
export async function readRecords(repo: string): Promise<RecordSet> {
  const set: RecordSet = { submissions: [], reviews: [], problems: [] };
  const r = await runGit(repo, ['for-each-ref', `--format=${FORMAT}`, REF_NAMESPACE + '/'], { allowFailure: true });
  const raws = r.code === 0 ? splitRefs(r.stdout) : await readReadableRefs(repo, set);
  for (const raw of raws) {
    const problem = (text: string) => set.problems.push({ ref: raw.ref, problem: text });
    if (raw.type !== 'tag' || raw.targetType !== 'commit') {
      problem(`points at a ${raw.type}${raw.type === 'tag' ? ` of a ${raw.targetType}` : ''}, not a record tag on a commit`);
      continue;
    }
    if (raw.ref.startsWith(SUBMISSIONS_PREFIX)) {
      const id = raw.ref.slice(SUBMISSIONS_PREFIX.length);
      const rec = parse(raw.message, SubmissionRecordSchema, problem);
      if (!rec) continue;
      if (rec.id !== id) problem(`record id "${rec.id}" does not match the ref name`);
      else if (rec.head !== raw.target) problem(`head ${rec.head.slice(0, 8)} is not the commit the tag points at (${raw.target.slice(0, 8)})`);
      else set.submissions.push(rec);
    } else if (raw.ref.startsWith(REVIEWS_PREFIX)) {
      const [submission, id, ...rest] = raw.ref.slice(REVIEWS_PREFIX.length).split('/');
      const rec = parse(raw.message, ReviewRecordSchema, problem);
      if (!rec) continue;
      if (rest.length > 0 || rec.id !== id || rec.submission !== submission) problem(`record (submission "${rec.submission}", id "${rec.id}") does not match the ref name`);
      else if (rec.head !== raw.target) problem(`head ${rec.head.slice(0, 8)} is not the commit the tag points at (${raw.target.slice(0, 8)})`);
      else set.reviews.push(rec);
    } else {
      problem('is neither a submission nor a review ref');
    }
  }
  set.submissions.sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || a.id.localeCompare(b.id));
  set.reviews.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  return set;
}

/**
 * The records git can still read when reading them all at once failed (a record object lost from a
 * damaged clone): each unreadable ref becomes a problem and the others are read as usual. Throws
 * git's own error when no record is to blame.
 */
async function readReadableRefs(repo: string, set: RecordSet): Promise<RawRef[]> {
  const refs = await listRefs(repo);
  const check = await runGit(repo, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: [...refs.values()].join('\n') + '\n' });
  const readable = new Set(check.stdout.split('\n').filter((l) => !l.endsWith(' missing')).map((l) => l.split(' ')[0]));
  const good: string[] = [];
  for (const [ref, sha] of refs) {
    if (readable.has(sha)) good.push(ref);
    else set.problems.push({ ref, problem: `its object ${sha.slice(0, 8)} is missing from this repository; delete the ref ("git update-ref -d ${ref}") and sync to fetch it again from the team remote, or run "git fsck --full" to see what else is damaged` });
  }
  if (good.length === refs.size) {
    await runGit(repo, ['for-each-ref', `--format=${FORMAT}`, REF_NAMESPACE + '/']); // throws git's own error
    return [];
  }
  const raws: RawRef[] = [];
  for (let i = 0; i < good.length; i += 500) {
    const r = await runGit(repo, ['for-each-ref', `--format=${FORMAT}`, ...good.slice(i, i + 500)]);
    raws.push(...splitRefs(r.stdout));
  }
  return raws;
}

function parse<S extends z.ZodType>(message: string, schema: S, problem: (t: string) => void): z.infer<S> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message.trim());
  } catch {
    problem('message is not JSON');
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  problem(`field ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  return undefined;
}

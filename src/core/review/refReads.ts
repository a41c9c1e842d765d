import { randomBytes } from 'node:crypto';
import { runGit } from './gitExec';
import { REF_NAMESPACE, type RecordProblem } from './schema';

/**
 * The git reads behind the record store: ref names, object types and sizes without contents, then
 * the contents of the records small enough to read.
 */

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

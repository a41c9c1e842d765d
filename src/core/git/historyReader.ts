import { git, gitStream, gitText, type GitOptions } from './gitProcess';
import type { AddedLineMatcher, CompiledRules } from './rules/compileRules';

/** One commit after classification: what the cache keeps (no message, no diff). */
export interface ScannedCommit {
  hash: string;
  /** Author after .mailmap (what results show and group by). */
  name: string;
  email: string;
  /** Author time, seconds since the epoch. */
  authorTime: number;
  /** Signals that make the commit assisted. */
  assisted: string[];
  /** Signals worth showing on an AI commit that do not count by themselves (`committer:aider`). */
  informational: string[];
  /** Signals that make the commit building (`sdk:openai(+src/rag.py)`, `file:prompt(+prompts/a.md)`). */
  building: string[];
}

const FIELD_COUNT = 9;
/** `%x01` starts a commit (no diff line can start with it), fields are NUL-terminated, then the patch follows. */
const FORMAT = '%x01' + ['%H', '%an', '%ae', '%aN', '%aE', '%at', '%cn', '%ce', '%B'].map((f) => f + '%x00').join('');

/** Undoes git's C-style quoting of unusual paths (`"dir/\303\251.py"`). */
export function unquotePath(p: string): string {
  if (p.length < 2 || !p.startsWith('"') || !p.endsWith('"')) return p;
  const s = p.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const n = s[i + 1] ?? '';
    if (n >= '0' && n <= '7') {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The new-side path of a `diff --git a/X b/Y` header (X and Y are equal unless renamed, which a later line tells). */
export function diffGitPath(rest: string): string {
  if (rest.endsWith('"')) {
    const q = rest.lastIndexOf(' "');
    return unquotePath(rest.slice(q + 1)).replace(/^b\//, '');
  }
  if ((rest.length - 1) % 2 === 0) {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(2, half);
    if (rest.slice(half + 3) === a) return a;
  }
  const i = rest.lastIndexOf(' b/');
  return i >= 0 ? rest.slice(i + 3) : rest;
}

const enum Mode {
  Lines,
  Fields,
}

/**
 * Parses `git log -p -U0` output with commit fields in the format above, one chunk at a time:
 * classifies each commit's message and people, and its ADDED lines (never removed ones) and added
 * files, keeping nothing of the message or patch once the commit is done.
 */
export class HistoryParser {
  /** Bytes of an unfinished line or field, kept as a list so a huge one is copied once, not per chunk. */
  private pending: Buffer[] = [];
  private mode = Mode.Lines;
  private fields: string[] = [];
  private current: ScannedCommit | undefined;
  private stems = new Set<string>();
  /** Line signals of this commit: the files that added them, and the files whose removed lines had them. */
  private readonly lines = new LineSignals();
  private inHeader = false;
  private path = '';
  private newFile = false;
  private matcher: AddedLineMatcher | undefined;

  constructor(
    private readonly rules: CompiledRules,
    private readonly onCommit: (c: ScannedCommit) => void,
  ) {}

  push(chunk: Buffer): void {
    let b = chunk;
    if (this.pending.length > 0) {
      if (chunk.indexOf(this.mode === Mode.Fields ? 0 : 10) < 0) {
        this.pending.push(chunk);
        return;
      }
      b = Buffer.concat([...this.pending, chunk]);
      this.pending = [];
    }
    let pos = 0;
    for (;;) {
      if (this.mode === Mode.Fields) {
        const end = b.indexOf(0, pos);
        if (end < 0) break;
        this.fields.push(b.toString('utf8', pos, end));
        pos = end + 1;
        if (this.fields.length === FIELD_COUNT) {
          this.startCommit(this.fields);
          this.fields = [];
          this.mode = Mode.Lines;
        }
        continue;
      }
      if (pos >= b.length) break;
      if (b[pos] === 1) {
        this.finishCommit();
        this.mode = Mode.Fields;
        pos++;
        continue;
      }
      const nl = b.indexOf(10, pos);
      if (nl < 0) break;
      this.line(b, pos, nl);
      pos = nl + 1;
    }
    if (pos < b.length) this.pending.push(Buffer.from(b.subarray(pos)));
  }

  end(): void {
    if (this.pending.length > 0 && this.mode === Mode.Lines) {
      const rest = Buffer.concat(this.pending);
      this.line(rest, 0, rest.length);
    }
    this.pending = [];
    this.finishCommit();
  }

  private startCommit(f: string[]): void {
    const [hash, an, ae, aN, aE, at, cn, ce, body] = f as [string, string, string, string, string, string, string, string, string];
    const m = this.rules.assisted({ authorName: an, authorEmail: ae, committerName: cn, committerEmail: ce, message: body });
    this.current = { hash, name: aN, email: aE, authorTime: Number(at), assisted: m.assisted, informational: m.informational, building: [] };
    this.stems.clear();
    this.lines.clear();
    this.inHeader = false;
    this.path = '';
    this.newFile = false;
    this.matcher = undefined;
  }

  private finishFile(): void {
    if (this.newFile && this.path && this.current) {
      const id = this.rules.fileRuleFor(this.path);
      if (id) this.signal(`file:${id}`, this.path);
    }
    this.newFile = false;
    this.path = '';
    this.matcher = undefined;
  }

  private finishCommit(): void {
    this.finishFile();
    if (this.current) {
      this.lines.classify(this.current);
      this.onCommit(this.current);
    }
    this.current = undefined;
  }

  private signal(stem: string, path: string): void {
    if (this.stems.has(stem) || !this.current) return;
    this.stems.add(stem);
    this.current.building.push(`${stem}(+${path})`);
  }

  private line(b: Buffer, s: number, e: number): void {
    const c = b[s];
    if (!this.inHeader) {
      if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        // Import lines are short; a minified or generated line is never one.
        if (this.matcher && e - s < 2048) {
          // latin1 is enough for the ASCII import syntax and cheaper than decoding UTF-8.
          const hits = this.matcher(b.toString('latin1', s + 1, e));
          if (hits) for (const stem of hits) this.lines.add(stem, this.path, c === 0x2b);
        }
        return;
      }
      if (c !== 0x64 /* d */) return;
    }
    if (c === 0x64 && e - s > 11 && b.toString('latin1', s, s + 11) === 'diff --git ') {
      this.finishFile();
      this.inHeader = true;
      this.path = diffGitPath(b.toString('utf8', s + 11, e));
      return;
    }
    if (!this.inHeader) return;
    if (c === 0x40 /* @ */) {
      this.inHeader = false;
      this.matcher = this.path ? this.rules.addedLineMatcher(this.path) : undefined;
    } else if (c === 0x6e /* n */ && b.toString('latin1', s, s + 13) === 'new file mode') {
      this.newFile = true;
    } else if (c === 0x2b && (b.toString('latin1', s, s + 6) === '+++ b/' || b.toString('latin1', s, s + 5) === '+++ "')) {
      // git appends a tab to names with spaces, for patch(1).
      this.path = unquotePath(b.toString('utf8', s + 4, e).replace(/\t$/, '')).replace(/^b\//, '');
    } else if (c === 0x72 /* r */ && b.toString('latin1', s, s + 10) === 'rename to ') {
      this.path = unquotePath(b.toString('utf8', s + 10, e));
    }
  }
}

/**
 * The SDK, dependency and endpoint signals of one commit's lines, decided when the commit ends:
 *   `dep:` (a manifest line): building unless the same manifest's removed lines already had the
 *          package (a version bump, or its revert): then `bump:<id>`, informational;
 *   `sdk:`, `http:` (a source line): building only when more files add it than remove it, so an
 *          import moved to another file or rewritten in place is `moved-sdk:<id>` (`moved-http:<id>`),
 *          informational.
 */
export class LineSignals {
  private readonly added = new Map<string, string[]>();
  private readonly removed = new Map<string, Set<string>>();

  clear(): void {
    this.added.clear();
    this.removed.clear();
  }

  add(stem: string, path: string, added: boolean): void {
    if (added) {
      const paths = this.added.get(stem);
      if (!paths) this.added.set(stem, [path]);
      else if (!paths.includes(path)) paths.push(path);
    } else {
      const paths = this.removed.get(stem);
      if (!paths) this.removed.set(stem, new Set([path]));
      else paths.add(path);
    }
  }

  /** Appends the commit's building and informational line signals. */
  classify(c: ScannedCommit): void {
    for (const [stem, paths] of this.added) {
      const gone = this.removed.get(stem);
      const fresh = !gone ? paths : paths.filter((p) => !gone.has(p));
      const manifest = stem.startsWith('dep:');
      const building = manifest ? fresh.length > 0 : !gone || (paths.length > gone.size && fresh.length > 0);
      if (building) c.building.push(`${stem}(+${fresh[0] ?? paths[0]})`);
      else c.informational.push(`${manifest ? 'bump:' + stem.slice(4) : 'moved-' + stem}(+${paths[0]})`);
    }
  }
}

/** Options for reading history. */
export interface ReadHistoryOptions extends GitOptions {
  /** The git directory `git log` runs in (see createShadowGitDir): its attributes limit diffing to source files. */
  gitDir: string;
  /** git processes to run at once over disjoint parts of the history (default 1). */
  jobs?: number;
  /** Told the number of commits to read once it is known. */
  onTotal?: (commits: number) => void;
  /** Told how many commits git has shown so far (all processes), every few hundred. */
  onRead?: (commits: number) => void;
}

/** Below this many commits, one process: the listing and the extra processes cost more than they save. */
const MIN_PARALLEL = 2000;
/** Parts per process, so a slow part (large commits) does not leave the other processes idle. */
const PARTS_PER_JOB = 4;

/**
 * The `git log` arguments of the history pass (exported so tests can replay its exact output).
 * With `stdin`, git reads the commits to show from stdin and shows exactly those, in that order.
 */
export function historyLogArgs(range: string[], stdin = false): string[] {
  return [
    // Bounded pack windows and delta cache: each git process stays under ~100 MB on any history size.
    '-c', 'core.packedGitWindowSize=8m', '-c', 'core.packedGitLimit=32m', '-c', 'core.deltaBaseCacheLimit=16m',
    '-c', 'diff.relative=false',
    'log', '-p', '-U0', '-M', '--diff-algorithm=myers', '--no-color', '--no-ext-diff', '--no-textconv',
    '--src-prefix=a/', '--dst-prefix=b/', '--encoding=UTF-8', `--format=${FORMAT}`, ...(stdin ? ['--no-walk=unsorted', '--stdin'] : range), '--',
  ];
}

/**
 * Reads `range` and streams each classified commit to `onCommit`, in `git log` order. With `jobs`
 * above 1 and a long history, the commits are listed first (`git rev-list`), cut into contiguous
 * parts, and `jobs` git processes read parts at once; parts are handed on in order as they finish.
 * Merge commits come once, on their own message (git shows no patch for them).
 */
export async function readHistory(opts: ReadHistoryOptions, range: string[], rules: CompiledRules, onCommit: (c: ScannedCommit) => void): Promise<void> {
  const { gitDir, jobs: wanted, onTotal, onRead, ...rest } = opts;
  let read = 0;
  const counted = (c: ScannedCommit, next: (c: ScannedCommit) => void) => {
    next(c);
    if (onRead && ++read % 500 === 0) onRead(read);
  };
  const g: GitOptions = { ...rest, cwd: gitDir };
  const dirArg = `--git-dir=${gitDir}`;
  const jobs = Math.max(1, Math.floor(wanted ?? 1));
  if (jobs === 1) {
    if (onTotal) void gitText(g, [dirArg, 'rev-list', '--count', ...range, '--']).then((n) => onTotal(Number(n)), () => undefined);
    const parser = new HistoryParser(rules, (c) => counted(c, onCommit));
    await gitStream(g, [dirArg, ...historyLogArgs(range)], (c) => parser.push(c));
    parser.end();
    return;
  }
  const listed = (await git(g, [dirArg, 'rev-list', ...range, '--'])).toString('latin1');
  const hashes = listed.split('\n').filter(Boolean);
  onTotal?.(hashes.length);
  const partCount = hashes.length < MIN_PARALLEL ? 1 : jobs * PARTS_PER_JOB;
  const size = Math.ceil(hashes.length / partCount);
  const parts: string[][] = [];
  for (let i = 0; i < hashes.length; i += size) parts.push(hashes.slice(i, i + size));

  const abort = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, abort.signal]) : abort.signal;
  const done: Array<ScannedCommit[] | undefined> = [];
  let next = 0;
  let handed = 0;
  const readPart = async (i: number) => {
    const out: ScannedCommit[] = [];
    const parser = new HistoryParser(rules, (c) => counted(c, (x) => out.push(x)));
    await gitStream({ ...g, signal }, [dirArg, ...historyLogArgs([], true)], (c) => parser.push(c), (parts[i] as string[]).join('\n') + '\n');
    parser.end();
    done[i] = out;
    for (; handed < parts.length && done[handed]; handed++) {
      for (const c of done[handed] as ScannedCommit[]) onCommit(c);
      done[handed] = [];
    }
  };
  const worker = async () => {
    while (next < parts.length) await readPart(next++);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, parts.length) }, worker));
  } catch (e) {
    abort.abort();
    throw e;
  }
}

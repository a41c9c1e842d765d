import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PracticumError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { gitAiNotesRef, readGitAiNotes, type NoteSignals } from './gitAiNotes';
import { repositoryProblem } from './gitFailure';
import { GitCommandError, gitTry, type GitOptions } from './gitProcess';
import { readHistory, type ScannedCommit } from './historyReader';
import { repoInfo, type RepoInfo } from './repoInfo';
import type { OperationInProgress } from './repoState';
import { loadRules } from './rules/loadRules';
import { diffAttributes } from './rules/sdkPatterns';
import { createShadowGitDir } from './shadowGitDir';
import { cacheFileFor, defaultCacheDir, readScanCache, writeScanCache, type ScanCache } from './scanCache';
import { buildResult } from './scanResult';
import type { ScanResult } from './scanSchema';
import { dateFlagProblem, parseStrictDate } from '../dates';

/** Progress of a scan, for a progress bar. */
export interface ScanProgress {
  /** Commits read so far in this run. */
  commits: number;
  /** Commits this run will read (known shortly after it starts). */
  total?: number;
}

/** Options of `scanRepository`. */
export interface ScanOptions {
  /** A folder inside the repository. */
  repo: string;
  /** Only commits authored at or after this time (ISO 8601 date or time, or a Date). */
  since?: string | Date;
  /** Only commits by this email (compared case-insensitively, after .mailmap). */
  author?: string;
  /** Cache folder; default `$PRACTICUM_CACHE_DIR` or the user cache folder. */
  cacheDir?: string;
  /** Read and write no cache (a full scan every time). */
  noCache?: boolean;
  /** Apply the repository's `.practicum/ai-rules.json` (default true; false in untrusted workspaces). */
  teamRules?: boolean;
  logger?: Logger;
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
  /** The git executable (default `git` on PATH). */
  gitPath?: string;
  /** git processes reading history at once (default: the cores available). */
  jobs?: number;
}

/** A scan's result with what the caller may want to tell the user about it. */
export interface ScanRun {
  result: ScanResult;
  /** Shallow clone: history before the graft point is missing, so counts are partial. */
  shallow: boolean;
  /** HEAD is detached (the scan covers the checked-out commit's history). */
  detached: boolean;
  /** The repository has no commits yet. */
  empty: boolean;
  /** A rebase, merge… stopped half-way: the scan covers HEAD as it stands. */
  operation: OperationInProgress | undefined;
  /** How much history this run read: all of it, none (cache current), or only what changed. */
  cache: 'off' | 'cold' | 'current' | 'incremental' | 'rewritten';
  /** Commits read from git in this run / dropped from the cache because history was rewritten. */
  readCommits: number;
  droppedCommits: number;
  /** Problems with the team rules file (the built-in rules applied). */
  rulesProblems: string[];
  /** Signals seen only on commits that are not AI-related for another reason, e.g. `committer:aider`. */
  uncounted: Record<string, number>;
  durationMs: number;
}

/** One git process per core: reading history is git's CPU work, in parallel over disjoint commits. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

function parseSince(since: string | Date | undefined): Date | undefined {
  if (since === undefined || since instanceof Date) return since;
  const d = parseStrictDate(since.trim());
  if (!d) throw new PracticumError('usage', dateFlagProblem('--since', since));
  return d;
}

async function mailmapKey(info: RepoInfo, g: GitOptions): Promise<string> {
  const text = info.bare ? await gitTry(g, ['show', 'HEAD:.mailmap']) : await fs.readFile(path.join(info.root, '.mailmap'), 'utf8').catch(() => undefined);
  return text === undefined ? '' : createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The canonical (mailmapped, lower-case) form of an email, as results group authors. */
export async function canonicalEmail(g: GitOptions, email: string): Promise<string> {
  const out = await gitTry(g, ['check-mailmap', `<${email.trim()}>`]);
  const m = out ? /<([^>]*)>\s*$/.exec(out) : null;
  return (m?.[1] ?? email).trim().toLowerCase();
}

function emptyHistory(): Pick<ScanCache, 'people' | 'commits' | 'signals' | 'notes'> {
  return { people: [], commits: { hash: [], person: [], time: [] }, signals: {}, notes: {} };
}

/**
 * Scans a repository's history (from HEAD) for AI-related commits and returns the
 * `practicum.scan/v1` result. See `scanRepositoryDetailed` for the run's details.
 */
export async function scanRepository(opts: ScanOptions): Promise<ScanResult> {
  return (await scanRepositoryDetailed(opts)).result;
}

/**
 * The scan, with details. History is read by streaming `git log -p` (only the commits the cache
 * does not hold yet), by several git processes over disjoint commits when it is long, in a shadow
 * git directory so the repository's own attributes change nothing; git-ai notes in one
 * `git notes list` plus one `git cat-file --batch`.
 */
export async function scanRepositoryDetailed(opts: ScanOptions): Promise<ScanRun> {
  const started = performance.now();
  const logger = opts.logger ?? silentLogger;
  const since = parseSince(opts.since);
  const info = await repoInfo(opts.repo, opts.gitPath);
  const g: GitOptions = { cwd: info.root, ...(opts.gitPath ? { gitPath: opts.gitPath } : {}), ...(opts.signal ? { signal: opts.signal } : {}) };
  const cacheDir = path.resolve(opts.cacheDir ?? defaultCacheDir());
  // Independent reads, at once: rules, mailmap, the author filter, the cache, the notes ref.
  const [rules, mailmap, authorEmail, cacheFile, notesRef] = await Promise.all([
    loadRules(info.root, { bare: info.bare, team: opts.teamRules ?? true, ...(opts.gitPath ? { gitPath: opts.gitPath } : {}) }),
    mailmapKey(info, g),
    opts.author ? canonicalEmail(g, opts.author) : undefined,
    opts.noCache || !info.head ? undefined : cacheFileFor(cacheDir, info.root),
    info.head ? gitTry(g, ['rev-parse', '-q', '--verify', gitAiNotesRef]).then((r) => r ?? '') : '',
  ]);
  for (const p of rules.problems) logger.warn(p);
  if (info.operation) {
    const op = info.operation;
    logger.warn(`${info.root}: ${op.what} is in progress, so the scan covers HEAD as it stands${op.branch ? `, not ${op.branch} as it will be` : ''}. To count the finished history, ${op.fix}, then scan again.`);
  }
  if (info.shallow) logger.warn(`${info.root} is a shallow clone: history is partial, so counts and first AI commits may be missing. Run "git fetch --unshallow" for full history.`);
  const meta = { repo: info.root, head: info.head ?? null, rulesVersion: rules.version };
  const authors = opts.author && authorEmail ? new Set([opts.author.trim().toLowerCase(), authorEmail]) : undefined;
  const filter = { ...(since ? { since } : {}), ...(authors ? { authors } : {}) };
  const base = { shallow: info.shallow, detached: info.detached, operation: info.operation, rulesProblems: rules.problems };

  if (!info.head) {
    // An orphan or mistyped branch checked out: say so, since the repository's history is elsewhere.
    const other = await gitTry(g, ['for-each-ref', '--count=1', '--format=%(refname:short)', 'refs/heads/']);
    if (other) logger.warn(`${info.root}: the checked-out branch has no commits yet, but other branches (such as ${other}) do; check out the branch to count, then scan again.`);
    else logger.info(`${info.root} has no commits yet.`);
    const built = buildResult(emptyHistory(), meta, filter);
    return { ...base, ...built, empty: true, cache: 'cold', readCommits: 0, droppedCommits: 0, durationMs: performance.now() - started };
  }

  const keys = { rulesKey: `${rules.version}/${rules.compiled.fingerprint}`, mailmapKey: mailmap, shallowKey: info.shallowKey };
  let cached = cacheFile ? await readScanCache(cacheFile, logger) : undefined;
  if (cached && (cached.rulesKey !== keys.rulesKey || cached.mailmapKey !== keys.mailmapKey || cached.shallowKey !== keys.shallowKey)) {
    logger.info('Scan cache made with other rules, mailmap or shallow boundary: scanning in full.');
    cached = undefined;
  }

  let range = [info.head];
  let dropped = new Set<string>();
  let mode: ScanRun['cache'] = cacheFile ? 'cold' : 'off';
  if (cached && cached.head === info.head) {
    range = [];
    mode = 'current';
  } else if (cached) {
    // Commits the cache holds that HEAD no longer reaches (rebase, reset, force-push, branch switch).
    const gone = await gitTry(g, ['rev-list', cached.head, `^${info.head}`, '--']);
    if (gone === undefined) {
      logger.info(`Cached head ${cached.head.slice(0, 12)} no longer exists: scanning in full.`);
      cached = undefined;
    } else {
      dropped = new Set(gone.split('\n').filter(Boolean));
      range = [info.head, `^${cached.head}`];
      mode = dropped.size > 0 ? 'rewritten' : 'incremental';
    }
  }

  const builder = new HistoryBuilder();
  if (range.length > 0) {
    let total: number | undefined;
    const progress = opts.onProgress;
    const shadow = await createShadowGitDir(g, { root: info.root, bare: info.bare, head: info.head, attributes: diffAttributes() });
    try {
      const jobs = opts.jobs ?? defaultJobs();
      const onRead = progress && ((commits: number) => progress({ commits, ...(total !== undefined ? { total } : {}) }));
      await readHistory({ ...g, gitDir: shadow.gitDir, jobs, onTotal: (n) => (total = n), ...(onRead ? { onRead } : {}) }, range, rules.compiled, (c) => builder.add(c));
    } catch (e) {
      throw (e instanceof GitCommandError && repositoryProblem(info.root, e.stderr)) || e;
    } finally {
      await shadow.dispose().catch(() => undefined);
    }
    opts.onProgress?.({ commits: builder.size, total: builder.size });
  }
  const readCount = builder.size;

  let history = builder.history;
  if (cached && readCount === 0 && dropped.size === 0) history = { people: cached.people, commits: cached.commits, signals: cached.signals, notes: cached.notes };
  else if (cached) builder.addCached(cached, dropped);
  if (!notesRef) history.notes = {};
  else if (!cached || cached.notesRef !== notesRef || readCount > 0 || dropped.size > 0) {
    const known = new Set(history.commits.hash);
    const previous = new Map<string, NoteSignals>(Object.entries(cached?.notes ?? {}));
    const notes = await readGitAiNotes(g, (h) => known.has(h), previous);
    history.notes = Object.fromEntries([...notes].filter(([, n]) => n.signals.length > 0));
  }

  if (cacheFile && (mode !== 'current' || cached?.notesRef !== notesRef)) {
    const next: ScanCache = { schema: 'practicum.scanCache/1', repo: info.root, head: info.head, ...keys, notesRef, ...history };
    await writeScanCache(cacheFile, next).catch((e) => logger.warn(`Could not write the scan cache ${cacheFile}: ${(e as Error).message}`));
  }
  const built = buildResult(history, meta, filter);
  const durationMs = performance.now() - started;
  logger.debug(`Scanned ${info.root}: ${readCount} commits read, ${dropped.size} dropped, cache ${mode}, ${durationMs.toFixed(0)} ms`);
  return { ...base, ...built, empty: false, cache: mode, readCommits: readCount, droppedCommits: dropped.size, durationMs };
}

/** Classified history in the cache's column form, built while git streams (no per-commit objects kept). */
class HistoryBuilder {
  readonly history = emptyHistory();
  private readonly personIndex = new Map<string, number>();

  get size(): number {
    return this.history.commits.hash.length;
  }

  private person(name: string, email: string): number {
    const key = `${name}\u0000${email}`;
    let i = this.personIndex.get(key);
    if (i === undefined) {
      i = this.history.people.length;
      this.history.people.push([name, email]);
      this.personIndex.set(key, i);
    }
    return i;
  }

  add(c: ScannedCommit): void {
    const h = this.history;
    h.commits.hash.push(c.hash);
    h.commits.person.push(this.person(c.name, c.email));
    h.commits.time.push(c.authorTime);
    if (c.assisted.length || c.building.length || c.informational.length) {
      h.signals[c.hash] = { ...(c.assisted.length ? { a: c.assisted } : {}), ...(c.informational.length ? { i: c.informational } : {}), ...(c.building.length ? { b: c.building } : {}) };
    }
  }

  /** Appends the cached commits HEAD still reaches (after the new ones: git log order). */
  addCached(cached: ScanCache, dropped: ReadonlySet<string>): void {
    const h = this.history;
    const { hash, person, time } = cached.commits;
    const remap = cached.people.map(([name, email]) => this.person(name, email));
    // Whole columns at once: a warm rescan appends ~100 new commits to 100,000 cached ones.
    const keep = dropped.size === 0 ? undefined : hash.map((x) => !dropped.has(x));
    const kept = <T>(xs: T[]): T[] => (keep ? xs.filter((_, i) => keep[i]) : xs);
    h.commits.hash = h.commits.hash.concat(kept(hash));
    h.commits.person = h.commits.person.concat(kept(person).map((p) => remap[p] ?? 0));
    h.commits.time = h.commits.time.concat(kept(time));
    for (const [x, sig] of Object.entries(cached.signals)) if (!dropped.has(x)) h.signals[x] = sig;
    h.notes = cached.notes;
  }
}

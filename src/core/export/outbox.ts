import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../clock';
import { LIMITS } from '../limits';
import { forEachLine, tooLongProblem } from '../store/boundedRead';
import { withFileLock } from '../store/fileLock';
import { wrongKindProblem } from '../store/pathKind';
import { writeFileAtomic } from '../store/atomicFile';
import { EventEnvelopeSchema, type EventEnvelope } from './events';

/** Where the outbox lives and how it writes. */
export interface OutboxOptions {
  /** The outbox folder: every `*.jsonl` file directly in it is part of the outbox. */
  dir: string;
  clock?: Clock;
  /**
   * A writer starts a new file after this many lines or bytes (default: one batch, 100 events or
   * 256 KB), so a delivered batch mostly deletes whole files instead of rewriting them.
   */
  segmentLines?: number;
  segmentBytes?: number;
  /** How long to wait for another process's short critical section. */
  lockWaitMs?: number;
}

/** One line of an outbox file: a valid event, or a problem (malformed JSON, failed validation). */
export interface StoredLine {
  /** File name inside the outbox folder. */
  file: string;
  /** 1-based line number. */
  line: number;
  text: string;
  event?: EventEnvelope;
  problem?: string;
}

/** A `*.jsonl` file directly in the outbox folder. */
export interface OutboxFile {
  name: string;
  size: number;
}

/** Counts over the whole outbox (valid events only; malformed lines counted apart). */
export interface OutboxStats {
  events: number;
  byType: Record<string, number>;
  oldest: string | null;
  newest: string | null;
  bytes: number;
  malformed: number;
}

/** Sub-folders and files the outbox keeps beside its `*.jsonl` files (none of them end in `.jsonl` at top level). */
export const OUTBOX_PATHS = {
  lock: '.lock',
  state: 'state',
  rejected: 'rejected',
  quarantine: 'quarantine',
} as const;

/** Parses one stored line: JSON, then the envelope schema (which also drops unknown keys). */
export function parseLine(file: string, line: number, text: string, problem?: string): StoredLine {
  if (problem !== undefined) return { file, line, text, problem };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { file, line, text, problem: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = EventEnvelopeSchema.safeParse(json);
  if (parsed.success) return { file, line, text, event: parsed.data };
  const first = parsed.error.issues[0];
  return { file, line, text, problem: `not a practicum.event/v1 envelope (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'})` };
}

/** The id of a stored line without validating it (used when removing lines already validated). */
function idOf(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as { id?: unknown };
    return typeof v?.id === 'string' ? v.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The on-disk outbox. Every mutation and every read runs inside `transaction`, which serialises this
 * object's work and takes a cross-process lock, so two VS Code windows and the CLI can share a folder:
 * appends are whole lines written under the lock, rewrites are atomic (temp file + rename).
 * Each writer appends to its own files (named `<ms>-<writer>.jsonl`, so they sort by age), which means
 * a line torn by a crash is never glued to a later append.
 */
export class Outbox {
  readonly dir: string;
  readonly clock: Clock;
  private readonly writer = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
  private readonly segmentBytes: number;
  private readonly segmentLines: number;
  private readonly lockWaitMs: number;
  private segment: { name: string; size: number; lines: number } | undefined;
  private segmentSeq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private dirReady = false;

  constructor(opts: OutboxOptions) {
    this.dir = opts.dir;
    this.clock = opts.clock ?? systemClock;
    this.segmentBytes = opts.segmentBytes ?? 256 * 1024;
    this.segmentLines = opts.segmentLines ?? 100;
    this.lockWaitMs = opts.lockWaitMs ?? 15_000;
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Runs `fn` with exclusive access to the outbox folder (this process and others). */
  transaction<T>(fn: (tx: OutboxTx) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (!this.dirReady) {
        await fs.mkdir(this.dir, { recursive: true });
        this.dirReady = true;
      }
      return withFileLock(this.path(OUTBOX_PATHS.lock), () => fn(new OutboxTx(this)), { waitMs: this.lockWaitMs, staleMs: 60_000 });
    }).catch((e: unknown) => {
      // `pending.json` as a folder, `quarantine` as a file…: named with the fix, never "unexpected".
      throw wrongKindProblem(e) ?? e;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Appends events, one envelope per line. */
  append(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.transaction((tx) => tx.appendLines(events.map((e) => JSON.stringify(e))));
  }

  /** Reads the whole outbox and counts it (nothing is changed). */
  stats(): Promise<OutboxStats> {
    return this.transaction(async (tx) => {
      const s: OutboxStats = { events: 0, byType: {}, oldest: null, newest: null, bytes: 0, malformed: 0 };
      for (const f of await tx.files()) {
        s.bytes += f.size;
        for (const l of await tx.read(f.name)) {
          if (!l.event) {
            s.malformed++;
            continue;
          }
          s.events++;
          s.byType[l.event.type] = (s.byType[l.event.type] ?? 0) + 1;
          if (s.oldest === null || l.event.at < s.oldest) s.oldest = l.event.at;
          if (s.newest === null || l.event.at > s.newest) s.newest = l.event.at;
        }
      }
      return s;
    });
  }

  /**
   * Deletes every queued event, the pinned batch, rejected batches and quarantined lines: the
   * user's "delete my data". Returns how many queued events were deleted.
   */
  clear(): Promise<number> {
    return this.transaction(async (tx) => {
      let n = 0;
      for (const f of await tx.files()) {
        n += (await tx.rawLines(f.name)).length;
        await fs.rm(this.path(f.name), { force: true });
      }
      for (const sub of [OUTBOX_PATHS.rejected, OUTBOX_PATHS.quarantine]) await fs.rm(this.path(sub), { recursive: true, force: true });
      await fs.rm(this.path(OUTBOX_PATHS.state, 'pending.json'), { force: true });
      return n;
    });
  }

  /** @internal The file this writer appends `bytes` to, starting a new one past the segment size. */
  nextSegment(bytes: number): string {
    let s = this.segment;
    if (!s || s.lines >= this.segmentLines || (s.size > 0 && s.size + bytes > this.segmentBytes)) {
      const stamp = String(this.clock.now()).padStart(13, '0');
      s = this.segment = { name: `${stamp}-${this.writer}-${String(++this.segmentSeq).padStart(4, '0')}.jsonl`, size: 0, lines: 0 };
    }
    s.size += bytes;
    s.lines++;
    return s.name;
  }

  /** @internal After a failed write the current file may end in a torn line: never append to it again. */
  abandonSegment(): void {
    this.segment = undefined;
  }
}

/** Operations on the outbox folder; valid only inside `Outbox.transaction`. */
export class OutboxTx {
  constructor(readonly outbox: Outbox) {}

  /** Names of the `*.jsonl` files directly in the folder, oldest name first. */
  async names(): Promise<string[]> {
    const entries = await fs.readdir(this.outbox.dir, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => e.name).sort();
  }

  /** The `*.jsonl` files directly in the folder with their sizes, oldest name first. */
  async files(): Promise<OutboxFile[]> {
    const names = await this.names();
    const out: OutboxFile[] = [];
    for (const name of names) {
      const st = await fs.stat(this.outbox.path(name)).catch(() => undefined);
      if (st) out.push({ name, size: st.size });
    }
    return out;
  }

  /**
   * Raw lines of one file (blank lines skipped), with their 1-based numbers. A line over the outbox
   * line limit comes back with `problem` and no text (it was never held in memory); a file over the
   * file limit is read up to it.
   */
  async rawLines(name: string): Promise<Array<{ line: number; text: string; problem?: string }>> {
    const out: Array<{ line: number; text: string; problem?: string }> = [];
    const limits = { maxLineBytes: LIMITS.outboxLineBytes, maxFileBytes: LIMITS.outboxFileBytes };
    await forEachLine(this.outbox.path(name), limits, ({ line, text, tooLong }) => {
      if (tooLong !== undefined) out.push({ line, text: '', problem: tooLongProblem(tooLong, limits.maxLineBytes, 'an outbox line') });
      else if (text.trim() !== '') out.push({ line, text });
    }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    return out;
  }

  /** Every line of one file, parsed and validated. */
  async read(name: string): Promise<StoredLine[]> {
    return (await this.rawLines(name)).map((l) => parseLine(name, l.line, l.text, l.problem));
  }

  /** Appends whole lines to this writer's current file(s) in as few writes as possible. */
  async appendLines(lines: readonly string[]): Promise<void> {
    let chunk = '';
    let target: string | undefined;
    const flush = async () => {
      if (!chunk || !target) return;
      try {
        await fs.appendFile(this.outbox.path(target), chunk, 'utf8');
      } catch (e) {
        this.outbox.abandonSegment();
        throw e;
      }
      chunk = '';
    };
    for (const line of lines) {
      const text = line + '\n';
      const name = this.outbox.nextSegment(Buffer.byteLength(text));
      if (name !== target) {
        await flush();
        target = name;
      }
      chunk += text;
    }
    await flush();
  }

  /**
   * Keeps only the lines `keep` accepts (cheap check: raw text and id), atomically; deletes the file
   * when nothing is left. Returns how many lines were removed.
   */
  async rewrite(name: string, keep: (l: { line: number; text: string; id: string | undefined }) => boolean): Promise<number> {
    const lines = await this.rawLines(name);
    const kept = lines.filter((l) => keep({ ...l, id: idOf(l.text) }));
    const removed = lines.length - kept.length;
    if (removed === 0) return 0;
    const file = this.outbox.path(name);
    if (kept.length === 0) await fs.rm(file, { force: true });
    else await writeFileAtomic(file, kept.map((l) => l.text + '\n').join(''));
    return removed;
  }

  /** Removes the events with these ids from the named files. */
  async removeIds(files: readonly string[], ids: ReadonlySet<string>): Promise<number> {
    let removed = 0;
    for (const f of files) removed += await this.rewrite(f, (l) => !(l.id !== undefined && ids.has(l.id)));
    return removed;
  }

  /**
   * Moves malformed lines out of the outbox into `quarantine/quarantined.jsonl` (one JSON record per
   * line: when, where from, why, the original text), so they are kept for inspection but never sent.
   */
  async quarantine(lines: readonly StoredLine[]): Promise<number> {
    if (lines.length === 0) return 0;
    const at = new Date(this.outbox.clock.now()).toISOString();
    const records = lines.map((l) => JSON.stringify({ at, file: l.file, line: l.line, problem: l.problem ?? 'malformed', text: l.text }) + '\n');
    await fs.mkdir(this.outbox.path(OUTBOX_PATHS.quarantine), { recursive: true });
    await fs.appendFile(this.outbox.path(OUTBOX_PATHS.quarantine, 'quarantined.jsonl'), records.join(''), 'utf8');
    const byFile = new Map<string, Set<number>>();
    for (const l of lines) {
      const set = byFile.get(l.file) ?? new Set<number>();
      set.add(l.line);
      byFile.set(l.file, set);
    }
    for (const [file, nums] of byFile) await this.rewrite(file, (l) => !nums.has(l.line));
    return lines.length;
  }

  /** How many lines the quarantine file holds. */
  async quarantinedCount(): Promise<number> {
    const text = await fs.readFile(this.outbox.path(OUTBOX_PATHS.quarantine, 'quarantined.jsonl'), 'utf8').catch(() => '');
    return text.split('\n').filter((l) => l.trim() !== '').length;
  }
}

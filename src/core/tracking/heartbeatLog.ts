import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatBytes, LIMITS } from '../limits';
import { forEachLine, tooLongProblem } from '../store/boundedRead';
import { withFileLock } from '../store/fileLock';
import { HeartbeatSchema, type Heartbeat } from './heartbeat';

/** A log line that could not be read, with its 1-based line number. */
export interface LineProblem {
  file: string;
  line: number;
  problem: string;
}

/** What reading one or more logs found. */
export interface LogReadResult {
  heartbeats: Heartbeat[];
  skipped: LineProblem[];
}

const FILE = /^heartbeats-(\d{4})-(\d{2})\.jsonl$/;

/** The month file a heartbeat belongs to (UTC month, so rotation never depends on the machine's zone). */
export function monthFileName(at: string): string {
  return `heartbeats-${new Date(at).toISOString().slice(0, 7)}.jsonl`;
}

/** Parses one log line; returns the heartbeat or a short description of what is wrong with it. */
export function parseHeartbeatLine(line: string): Heartbeat | string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return 'not valid JSON (truncated or corrupt line)';
  }
  const r = HeartbeatSchema.safeParse(json);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  return `field ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}`;
}

/** Reads one JSONL log line by line; malformed lines (a crash's truncated last line included) are skipped and reported. */
export async function readHeartbeatFile(file: string, into: LogReadResult = { heartbeats: [], skipped: [] }): Promise<LogReadResult> {
  const limits = { maxLineBytes: LIMITS.heartbeatLineBytes, maxFileBytes: LIMITS.heartbeatFileBytes };
  let last = 0;
  const { truncated } = await forEachLine(file, limits, ({ line, text, tooLong }) => {
    last = line;
    if (tooLong !== undefined) return void into.skipped.push({ file, line, problem: tooLongProblem(tooLong, limits.maxLineBytes, 'a heartbeat line') });
    if (text.trim() === '') return;
    const hb = parseHeartbeatLine(text);
    if (typeof hb === 'string') into.skipped.push({ file, line, problem: hb });
    else into.heartbeats.push(hb);
  });
  if (truncated) into.skipped.push({ file, line: last + 1, problem: `the file is over the ${formatBytes(limits.maxFileBytes)} limit for a heartbeat log; the rest was not read` });
  return into;
}

/**
 * The local heartbeat log: JSON lines in `dir`, one file per month. Heartbeats are buffered in
 * memory and appended in batches (by the caller's timer, when the buffer grows, and on deactivate),
 * so typing never writes to disk. Appends from several windows are serialised by a cross-process
 * lock and go through O_APPEND in a single write each; a batch after a torn line starts on a new line.
 */
export class HeartbeatLog {
  private buffer: Heartbeat[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  /** Disk appends made so far (one per month file per flush). */
  writes = 0;

  constructor(
    readonly dir: string,
    private readonly opts: { maxBuffered?: number; onOverflow?: () => void } = {},
  ) {}

  /** Heartbeats not yet on disk. */
  get pending(): readonly Heartbeat[] {
    return this.buffer;
  }

  add(hb: Heartbeat): void {
    this.buffer.push(hb);
    if (this.buffer.length >= (this.opts.maxBuffered ?? 500)) this.opts.onOverflow?.();
  }

  /** Appends the buffered heartbeats. Flushes run one after another; a failed batch goes back to the buffer. */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.writeBuffered());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Heartbeats logged between `from` and `to` (epoch ms, inclusive), read from the month files that can hold them. */
  async read(from: number, to: number): Promise<LogReadResult> {
    await this.chain;
    const result: LogReadResult = { heartbeats: [], skipped: [] };
    const first = new Date(from).toISOString().slice(0, 7);
    const last = new Date(to).toISOString().slice(0, 7);
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return result;
      throw e;
    }
    for (const name of names.sort()) {
      const m = FILE.exec(name);
      if (!m) continue;
      const month = `${m[1]}-${m[2]}`;
      if (month < first || month > last) continue;
      await readHeartbeatFile(path.join(this.dir, name), result);
    }
    result.heartbeats = result.heartbeats.filter((hb) => {
      const t = Date.parse(hb.at);
      return t >= from && t <= to;
    });
    return result;
  }

  private async writeBuffered(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const byFile = new Map<string, string[]>();
    for (const hb of batch) {
      const name = monthFileName(hb.at);
      let lines = byFile.get(name);
      if (!lines) byFile.set(name, (lines = []));
      lines.push(JSON.stringify(hb));
    }
    try {
      await fs.mkdir(this.dir, { recursive: true });
      await withFileLock(path.join(this.dir, '.lock'), async () => {
        for (const [name, lines] of byFile) {
          await appendLines(path.join(this.dir, name), lines.join('\n') + '\n');
          this.writes++;
          byFile.delete(name);
        }
      });
    } catch (e) {
      // Keep what was not written, in order, ahead of anything added meanwhile.
      const unwritten = new Set([...byFile.keys()]);
      this.buffer = batch.filter((hb) => unwritten.has(monthFileName(hb.at))).concat(this.buffer);
      throw e;
    }
  }
}

/** One O_APPEND write; if the file ends in a torn line (a crash mid-write), start on a fresh line. */
async function appendLines(file: string, text: string): Promise<void> {
  const h = await fs.open(file, 'a+');
  try {
    const { size } = await h.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await h.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await h.writeFile(prefix + text);
  } finally {
    await h.close();
  }
}

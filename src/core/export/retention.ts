import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { OUTBOX_PATHS, type Outbox, type StoredLine } from './outbox';

/** How much the outbox may keep: events older than `maxAgeDays`, or bytes past `maxBytes`, are dropped. */
export interface RetentionPolicy {
  maxAgeDays: number;
  maxBytes: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxBytes: 50 * 1024 * 1024 };

/** What enforcing the policy did, and what it will do soon unless the events are sent. */
export interface RetentionReport {
  dropped: number;
  droppedByType: Record<string, number>;
  /** Events past the cap that are kept until a warning has been out for the grace period. */
  held: number;
  /** When held events go unless they are sent (ISO), if any are held. */
  dropAfter: string | null;
  /** Events that reach the age limit within the warning window. */
  expiringSoon: number;
  /** When the first of them expires (ISO), if any. */
  firstExpiry: string | null;
  bytes: number;
  /** The outbox is past 80% of `maxBytes`: the oldest events go when it is full. */
  nearSizeLimit: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

/** When a retention warning first went out for what is in the outbox now (shared by every window). */
const RetentionStateSchema = z.object({ schema: z.literal('practicum.outbox-retention/v1'), warnedAt: z.iso.datetime() });

/**
 * Applies the retention cap and reports what is about to go, so the user is warned before anything is
 * dropped: two days before events reach the age cap, at 80% of the size cap, and in any case at least
 * `graceMs` (a day) before the first drop, which covers an editor that was closed while the warning
 * window passed. The first report that calls for a warning records it in `state/retention.json`; the
 * caller shows it. Oldest files go first when the outbox is over its size; events are never dropped
 * silently: the report names counts per type.
 */
export function enforceRetention(outbox: Outbox, policy: RetentionPolicy, opts: { warnAheadMs?: number; graceMs?: number; dryRun?: boolean } = {}): Promise<RetentionReport> {
  const warnAhead = opts.warnAheadMs ?? 2 * DAY;
  const grace = opts.graceMs ?? DAY;
  return outbox.transaction(async (tx) => {
    const now = outbox.clock.now();
    const stateFile = tx.outbox.path(OUTBOX_PATHS.state, 'retention.json');
    const saved = await readJsonValidated(stateFile, RetentionStateSchema);
    const warnedAt = saved.status === 'ok' ? Date.parse(saved.value.warnedAt) : null;
    const mayDrop = warnedAt !== null && now - warnedAt >= grace;
    const cutoff = now - policy.maxAgeDays * DAY;
    const report: RetentionReport = { dropped: 0, droppedByType: {}, held: 0, dropAfter: null, expiringSoon: 0, firstExpiry: null, bytes: 0, nearSizeLimit: false };
    const count = (l: StoredLine) => {
      if (!mayDrop) return void report.held++;
      report.dropped++;
      const t = l.event?.type ?? 'malformed';
      report.droppedByType[t] = (report.droppedByType[t] ?? 0) + 1;
    };
    const files = await tx.files();
    const sizes = new Map<string, number>();
    for (const f of files) {
      const lines = await tx.read(f.name);
      const expired = new Set<number>();
      for (const l of lines) {
        if (!l.event) continue;
        const at = Date.parse(l.event.at);
        if (at < cutoff) {
          expired.add(l.line);
          count(l);
        } else if (at < cutoff + warnAhead) {
          report.expiringSoon++;
          const expiry = new Date(at + policy.maxAgeDays * DAY).toISOString();
          if (report.firstExpiry === null || expiry < report.firstExpiry) report.firstExpiry = expiry;
        }
      }
      let size = f.size;
      if (expired.size && mayDrop) {
        if (!opts.dryRun) await tx.rewrite(f.name, (l) => !expired.has(l.line));
        size = lines.filter((l) => !expired.has(l.line)).reduce((s, l) => s + Buffer.byteLength(l.text) + 1, 0);
      }
      sizes.set(f.name, size);
    }
    let bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
    let over = bytes;
    for (const f of files) {
      if (over <= policy.maxBytes) break;
      const size = sizes.get(f.name) ?? 0;
      if (size === 0) continue;
      for (const l of await tx.read(f.name)) count(l);
      if (mayDrop && !opts.dryRun) await tx.rewrite(f.name, () => false);
      if (mayDrop) bytes -= size;
      over -= size;
    }
    report.bytes = bytes;
    report.nearSizeLimit = bytes > policy.maxBytes * 0.8;
    const warn = report.held > 0 || report.expiringSoon > 0 || report.nearSizeLimit;
    const since = warn ? (warnedAt ?? now) : null;
    if (report.held) report.dropAfter = new Date((since ?? now) + grace).toISOString();
    if (!opts.dryRun) {
      if (since === null) await fs.rm(stateFile, { force: true });
      else if (since !== warnedAt) await writeJsonAtomic(stateFile, { schema: 'practicum.outbox-retention/v1', warnedAt: new Date(since).toISOString() });
    }
    return report;
  });
}

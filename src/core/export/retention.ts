import type { Outbox, StoredLine } from './outbox';

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
  /** Events that reach the age limit within the warning window. */
  expiringSoon: number;
  /** When the first of them expires (ISO), if any. */
  firstExpiry: string | null;
  bytes: number;
  /** The outbox is past 80% of `maxBytes`: the oldest events go when it is full. */
  nearSizeLimit: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Applies the retention cap and reports what is about to go, so the user is warned before anything is
 * dropped (the warning window is two days, and 80% of the size cap). Oldest files go first when the
 * outbox is over its size; events are never dropped silently: the report names counts per type.
 */
export function enforceRetention(outbox: Outbox, policy: RetentionPolicy, opts: { warnAheadMs?: number; dryRun?: boolean } = {}): Promise<RetentionReport> {
  const warnAhead = opts.warnAheadMs ?? 2 * DAY;
  return outbox.transaction(async (tx) => {
    const now = outbox.clock.now();
    const cutoff = new Date(now - policy.maxAgeDays * DAY).toISOString();
    const warnCutoff = new Date(now - policy.maxAgeDays * DAY + warnAhead).toISOString();
    const report: RetentionReport = { dropped: 0, droppedByType: {}, expiringSoon: 0, firstExpiry: null, bytes: 0, nearSizeLimit: false };
    const count = (l: StoredLine) => {
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
        if (l.event.at < cutoff) {
          expired.add(l.line);
          count(l);
        } else if (l.event.at < warnCutoff) {
          report.expiringSoon++;
          const expiry = new Date(Date.parse(l.event.at) + policy.maxAgeDays * DAY).toISOString();
          if (report.firstExpiry === null || expiry < report.firstExpiry) report.firstExpiry = expiry;
        }
      }
      let size = f.size;
      if (expired.size && !opts.dryRun) {
        await tx.rewrite(f.name, (l) => !expired.has(l.line));
        size = lines.filter((l) => !expired.has(l.line)).reduce((s, l) => s + Buffer.byteLength(l.text) + 1, 0);
      }
      sizes.set(f.name, size);
    }
    let bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
    for (const f of files) {
      if (bytes <= policy.maxBytes) break;
      const size = sizes.get(f.name) ?? 0;
      if (size === 0) continue;
      for (const l of await tx.read(f.name)) count(l);
      if (!opts.dryRun) await tx.rewrite(f.name, () => false);
      bytes -= size;
    }
    report.bytes = bytes;
    report.nearSizeLimit = bytes > policy.maxBytes * 0.8;
    return report;
  });
}

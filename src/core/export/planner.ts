import { randomUUID } from 'node:crypto';
import type { Logger } from '../log';
import { BatchBuilder, encodeBatch, type BatchLimits, type ExportFormat } from './batch';
import type { EventEnvelope } from './events';
import { parseLine, type OutboxTx, type StoredLine } from './outbox';
import { clearPending, leasedByOther, readPending, writePending, type PendingBatch } from './sendState';

/** The next batch as chosen from the outbox. */
export interface Selection {
  /** The pinned batch it is, if it is one. */
  pending: PendingBatch | undefined;
  lines: StoredLine[];
  files: string[];
  /** Lines to move to quarantine: malformed, or too large for any batch. */
  bad: StoredLine[];
}

/** The next batch's content and state, independent of where it goes. */
export interface PlannedBatch {
  /** The Idempotency-Key; null while the batch is not pinned (a read-only look). */
  key: string | null;
  events: EventEnvelope[];
  body: string;
  bytes: number;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Chooses the next batch: the pinned one while all its events are still queued, otherwise the oldest
 * events that fit the limits, reading files in name order and lines in file order. This one function
 * decides for the preview, for `outbox show` and for the sender, so they cannot disagree.
 */
export async function selectNext(tx: OutboxTx, format: ExportFormat, limits: BatchLimits, mutate: boolean): Promise<Selection> {
  const pending = await readPending(tx);
  // Another process is sending the pinned batch: look, but never replace it under its feet.
  if (leasedByOther(pending, undefined, tx.outbox.clock.now())) mutate = false;
  if (pending && pending.format === format) {
    const want = new Set(pending.ids);
    const found = new Map<string, StoredLine>();
    for (const f of pending.files) for (const l of await tx.read(f)) if (l.event && want.has(l.event.id) && !found.has(l.event.id)) found.set(l.event.id, l);
    if (found.size === want.size) return { pending, lines: pending.ids.map((id) => found.get(id) as StoredLine), files: pending.files, bad: [] };
  }
  // The pinned batch lost events (retention, a deleted file) or the format changed: its key must not be reused for other content.
  if (pending && mutate) await clearPending(tx);
  const builder = new BatchBuilder(format, limits);
  const lines: StoredLine[] = [];
  const files: string[] = [];
  const bad: StoredLine[] = [];
  const seen = new Set<string>();
  scan: for (const name of await tx.names()) {
    if (builder.full) break; // do not read a file only to find the batch has no room
    let used = false;
    for (const raw of await tx.rawLines(name)) {
      const l = parseLine(name, raw.line, raw.text, raw.problem);
      if (!l.event) {
        bad.push(l);
        continue;
      }
      if (seen.has(l.event.id)) {
        used = true; // a duplicate line goes when its twin is delivered
        continue;
      }
      const added = builder.add(l.event);
      if (added === 'too-large') bad.push({ ...l, event: undefined, problem: `larger than a whole batch (${limits.bytes} bytes)` });
      else if (added === 'full') {
        if (used) files.push(name);
        break scan;
      } else {
        seen.add(l.event.id);
        lines.push(l);
        used = true;
      }
    }
    if (used) files.push(name);
  }
  return { pending: undefined, lines, files, bad };
}

/** Fixes a selection on disk under a new Idempotency-Key, optionally leased to `lease`. */
export async function pinBatch(tx: OutboxTx, sel: Selection, format: ExportFormat, lease: PendingBatch['lease'] = null): Promise<PendingBatch> {
  const p: PendingBatch = {
    schema: 'practicum.outbox-pending/v1',
    key: randomUUID(),
    format,
    createdAt: iso(tx.outbox.clock.now()),
    ids: sel.lines.map((l) => (l.event as EventEnvelope).id),
    files: sel.files,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    lease,
  };
  await writePending(tx, p);
  return p;
}

/** Moves bad lines to the quarantine file and says so in the log. */
export async function quarantineLines(tx: OutboxTx, bad: readonly StoredLine[], log: Logger): Promise<number> {
  if (bad.length === 0) return 0;
  const n = await tx.quarantine(bad);
  const first = bad[0] as StoredLine;
  log.warn(`Moved ${n} malformed outbox line(s) to ${tx.outbox.path('quarantine', 'quarantined.jsonl')}; they will not be sent (first: ${first.file}:${first.line}: ${first.problem}).`);
  return n;
}

/**
 * The next batch. With `pin`, it is fixed on disk (and malformed lines are quarantined) so the next
 * send is this exact batch; without, nothing on disk changes.
 */
export async function planNext(tx: OutboxTx, o: { format: ExportFormat; limits: BatchLimits; pin: boolean; log: Logger }): Promise<PlannedBatch | undefined> {
  const sel = await selectNext(tx, o.format, o.limits, o.pin);
  if (o.pin) await quarantineLines(tx, sel.bad, o.log);
  if (sel.lines.length === 0) return undefined;
  const pending = sel.pending ?? (o.pin ? await pinBatch(tx, sel, o.format) : undefined);
  const events = sel.lines.map((l) => l.event as EventEnvelope);
  const body = encodeBatch(events, o.format, iso(tx.outbox.clock.now()));
  return {
    key: pending?.key ?? null,
    events,
    body,
    bytes: Buffer.byteLength(body),
    attempts: pending?.attempts ?? 0,
    nextAttemptAt: pending?.nextAttemptAt ?? null,
    lastError: pending?.lastError ?? null,
  };
}

import { PracticumError } from '../errors';
import type { AggregateQuery, AggregateRow, EventQuery, NewEvent, StoredEvent } from './store';

/** An events row as both drivers return it. */
export interface EventRow {
  seq: number | string;
  id: string;
  cohort: string;
  type: string;
  at: string;
  learner: string;
  data: string;
  received_at: string;
}

/** Builds `WHERE …` for an event query, with its parameters (shared by both dialects' shape). */
export function eventFilter(q: EventQuery, param: (v: unknown) => string): string {
  const where: string[] = [];
  if (q.cohort !== undefined) where.push(`cohort = ${param(q.cohort)}`);
  if (q.types?.length) where.push(`type IN (${q.types.map((t) => param(t)).join(', ')})`);
  if (q.fromMs !== undefined) where.push(`at_ms >= ${param(q.fromMs)}`);
  if (q.toMs !== undefined) where.push(`at_ms < ${param(q.toMs)}`);
  if (q.receivedSinceMs !== undefined) where.push(`received_ms >= ${param(q.receivedSinceMs)}`);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** Rows read per page when listing events. */
export const PAGE = 5000;

export function rowToEvent(r: EventRow): StoredEvent {
  return { id: r.id, cohort: r.cohort, type: r.type, at: r.at, learner: r.learner, data: JSON.parse(r.data) as Record<string, unknown>, receivedAt: r.received_at };
}

export const DAY_MS = 86_400_000;

/** One row of the per-day rollup (`event_days`). */
export interface DayRow {
  type: string;
  learner: string;
  day: number;
  count: number;
  sum: number;
  minT: number;
}

/** The rollup's day range for a query: whole UTC days only (report ranges are dates). */
export function dayRange(q: AggregateQuery): { fromDay: number; toDay: number } {
  if (q.fromMs % DAY_MS !== 0 || q.bucketMs % DAY_MS !== 0) throw new PracticumError('internal', 'aggregates are per UTC day: fromMs and bucketMs must be whole days');
  return { fromDay: q.fromMs / DAY_MS, toDay: Math.ceil(q.toMs / DAY_MS) };
}

/** Day rows summed into buckets of `bucketMs` from `fromMs`. */
export function bucketDays(rows: readonly DayRow[], q: AggregateQuery): AggregateRow[] {
  const out = new Map<string, AggregateRow>();
  for (const r of rows) {
    const bucket = Math.floor((Number(r.day) * DAY_MS - q.fromMs) / q.bucketMs);
    const key = `${r.type}\u0000${r.learner}\u0000${bucket}`;
    const a = out.get(key);
    if (a) {
      a.count += Number(r.count);
      a.sum += Number(r.sum);
      a.minT = Math.min(a.minT, Number(r.minT));
    } else out.set(key, { type: r.type, learner: r.learner, bucket, count: Number(r.count), sum: Number(r.sum), minT: Number(r.minT) });
  }
  return [...out.values()];
}

/** The rollup increments of newly stored events, one per (cohort, type, learner, day), in key order. */
export function dayIncrements(events: readonly NewEvent[]): Array<DayRow & { cohort: string }> {
  const out = new Map<string, DayRow & { cohort: string }>();
  for (const e of events) {
    const day = Math.floor(e.tMs / DAY_MS);
    const key = `${e.cohort}\u0000${e.type}\u0000${e.learner}\u0000${day}`;
    const a = out.get(key);
    if (a) {
      a.count++;
      a.sum += e.num ?? 0;
      a.minT = Math.min(a.minT, e.tMs);
    } else out.set(key, { cohort: e.cohort, type: e.type, learner: e.learner, day, count: 1, sum: e.num ?? 0, minT: e.tMs });
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

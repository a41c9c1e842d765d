import type { EventQuery, StoredEvent } from './store';

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

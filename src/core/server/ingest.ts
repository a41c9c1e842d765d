import { z } from 'zod';
import { BATCH_SCHEMA } from '../export/batch';
import { EventEnvelopeSchema, type EventEnvelope } from '../export/events';
import { learnerId } from '../export/learnerId';
import type { InsertResult, NewEvent, SavedAnswer, Store } from './store';

/** Most events one request may carry (the extension sends at most 100). */
export const MAX_EVENTS_PER_REQUEST = 1000;

/** The body of `POST /v1/events`: `practicum.batch/v1` as the extension and `practicum outbox flush` send it. */
export const IngestBatchSchema = z.object({
  schema: z.literal(BATCH_SCHEMA),
  sentAt: z.string(),
  events: z.array(z.unknown()).max(MAX_EVENTS_PER_REQUEST),
});

export const EventOutcomeSchema = z.object({
  /** Position in the request. */
  index: z.number().int().nonnegative(),
  id: z.string().nullable(),
  status: z.enum(['stored', 'duplicate', 'refused']),
  reason: z.string().optional(),
});
export type EventOutcome = z.infer<typeof EventOutcomeSchema>;

/** The answer to an ingest request: what happened to each event, and why. */
export const IngestAnswerSchema = z.object({
  schema: z.literal('practicum.ingest/v1'),
  stored: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  events: z.array(EventOutcomeSchema),
});
export type IngestAnswer = z.infer<typeof IngestAnswerSchema>;

/** The server's pseudonym for a learner: the sender's pseudonym keyed again with the server's secret. */
export function rekey(learner: string, secret: string): string {
  return learnerId(learner, `practicum-server:${secret}`);
}

/** The moment an event is about, and its measure, for the report's aggregates. */
function measures(e: EventEnvelope): { tMs: number; num: number | null } {
  if (e.type === 'session') return { tMs: Date.parse(e.data.start), num: e.data.seconds };
  if (e.type === 'ai.commit') return { tMs: Date.parse(e.data.authoredAt), num: null };
  return { tMs: Date.parse(e.at), num: null };
}

/** Names the first problems of an invalid event by field, never by value (values may be private). */
function problems(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`)
    .join('; ');
}

export interface IngestContext {
  store: Store;
  secret: string;
  /** The cohort of the token the request came with: events are stored under it. */
  cohort: string;
  now: Date;
  /** Saves the answer under this (token hash, key) with the events. */
  idempotency?: { token: string; key: string };
  /** Wraps the answer for the wire (OTLP answers in its own shape). */
  encode?: (a: IngestAnswer) => SavedAnswer;
}

/** 200 when anything was stored or already there; 422 when every event was refused (the sender should look). */
export function defaultEncode(a: IngestAnswer): SavedAnswer {
  const status = a.events.length > 0 && a.refused === a.events.length ? 422 : 200;
  return { status, body: JSON.stringify(a) };
}

/**
 * Validates each candidate against the published event schema, refuses what does not fit (one bad
 * event never refuses the rest), re-keys learners and stores the rest in one durable transaction.
 */
export async function ingest(candidates: ReadonlyArray<{ value: unknown } | { problem: string }>, ctx: IngestContext): Promise<SavedAnswer> {
  const outcomes: EventOutcome[] = [];
  const fresh: NewEvent[] = [];
  const seen = new Set<string>();
  const receivedAt = ctx.now.toISOString();
  candidates.forEach((c, index) => {
    if ('problem' in c) return void outcomes.push({ index, id: null, status: 'refused', reason: c.problem });
    const rawId = (c.value as { id?: unknown })?.id;
    const id = typeof rawId === 'string' ? rawId : null;
    const parsed = EventEnvelopeSchema.safeParse(c.value);
    if (!parsed.success) return void outcomes.push({ index, id, status: 'refused', reason: problems(parsed.error) });
    const e = parsed.data;
    if (e.cohort !== null && e.cohort !== ctx.cohort) {
      return void outcomes.push({ index, id, status: 'refused', reason: `cohort "${e.cohort}" does not match this token's cohort "${ctx.cohort}"; set practicum.export.cohort to "${ctx.cohort}" or use that cohort's token` });
    }
    if (seen.has(e.id)) return void outcomes.push({ index, id, status: 'duplicate', reason: 'the same id appears earlier in this request' });
    seen.add(e.id);
    outcomes.push({ index, id, status: 'stored' });
    fresh.push({ id: e.id, cohort: ctx.cohort, type: e.type, at: e.at, learner: rekey(e.learner, ctx.secret), data: e.data as Record<string, unknown>, receivedAt, ...measures(e) });
  });
  const encode = ctx.encode ?? defaultEncode;
  const answer = (r: InsertResult): SavedAnswer => {
    for (const o of outcomes) if (o.status === 'stored' && o.id !== null && !r.stored.has(o.id)) Object.assign(o, { status: 'duplicate', reason: 'already stored' });
    const count = (s: EventOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    return encode({ schema: 'practicum.ingest/v1', stored: count('stored'), duplicates: count('duplicate'), refused: count('refused'), events: outcomes });
  };
  // With a key, the answer is built inside the transaction (and saved with the events); without, after it.
  let saved: SavedAnswer | undefined;
  const result = await ctx.store.insert(fresh, ctx.idempotency ? { ...ctx.idempotency, answer: (r) => (saved = answer(r)) } : undefined);
  return saved ?? answer(result);
}

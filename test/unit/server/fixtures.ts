import { randomUUID } from 'node:crypto';
import { BATCH_SCHEMA, encodeBatch } from '../../../src/core/export/batch';
import { EVENT_SCHEMA, type EventEnvelope } from '../../../src/core/export/events';
import { learnerId } from '../../../src/core/export/learnerId';

/** The pseudonym a learner's extension computes with the repository key. */
export const pseudonym = (email: string) => learnerId(email, 'practicum-repository:0123456789abcdef0123456789abcdef01234567');

export function envelope(type: EventEnvelope['type'], data: Record<string, unknown>, over: Partial<EventEnvelope> = {}): EventEnvelope {
  return { schema: EVENT_SCHEMA, id: randomUUID(), type, at: '2026-03-03T12:00:00.000Z', learner: pseudonym('alice@corp.example'), cohort: 'pilot', data, ...over } as EventEnvelope;
}

export function session(start: string, seconds: number, email = 'alice@corp.example', over: Partial<EventEnvelope> = {}): EventEnvelope {
  const end = new Date(Date.parse(start) + seconds * 1000).toISOString();
  return envelope('session', { start, end, seconds, exercise: null, aiAssistedSeconds: 0 }, { at: end, learner: pseudonym(email), ...over });
}

export function aiCommit(authoredAt: string, email = 'alice@corp.example'): EventEnvelope {
  return envelope('ai.commit', { authoredAt, kinds: ['assisted'], signals: ['co-author:claude'], exercise: null }, { at: authoredAt, learner: pseudonym(email) });
}

/** A batch body exactly as the extension encodes it. */
export function batchBody(events: EventEnvelope[], format: 'json' | 'otlp' = 'json'): string {
  return encodeBatch(events, format, '2026-03-03T12:00:00.000Z');
}

export { BATCH_SCHEMA };

/** POSTs a body; resolves with status, headers and the parsed JSON answer (null when not JSON). */
export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, redirect: 'manual' });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json };
}

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { EVENT_SCHEMA, type EventEnvelope } from '../../../src/core/export/events';
import { learnerId } from '../../../src/core/export/learnerId';
import type { ReceivedRequest, TestServer } from '../helpers/httpServer';

export const LEARNER = learnerId('alice@corp.example', 'test-key');

/** `n` valid session events, one minute apart from `start`. */
export function sessions(n: number, start = Date.parse('2026-03-01T09:00:00Z')): EventEnvelope[] {
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(start + i * 60_000).toISOString();
    return {
      schema: EVENT_SCHEMA,
      id: randomUUID(),
      type: 'session' as const,
      at,
      learner: LEARNER,
      cohort: 'spring-2026',
      data: { start: at, end: at, seconds: 60 + i, exercise: i % 2 ? 'rag-prototype' : null, aiAssistedSeconds: i % 7 },
    };
  });
}

/** The event ids in a JSON batch body. */
export function idsOf(body: string): string[] {
  return (JSON.parse(body) as { events: Array<{ id: string }> }).events.map((e) => e.id);
}

/**
 * What a well-behaved endpoint saw: every request, and the events it acknowledged with a 2xx (the
 * only ones that count as delivered). `respond` scripts the failures; it returns true when it
 * answered 2xx itself.
 */
export class Endpoint {
  readonly acknowledged: string[] = [];
  readonly keys: string[] = [];
  constructor(
    readonly server: TestServer,
    public respond: (req: ReceivedRequest, res: ServerResponse, n: number) => boolean | void = () => undefined,
  ) {
    server.handler = (req, res) => {
      this.keys.push(String(req.headers['idempotency-key']));
      const n = this.keys.length;
      const handled = this.respond(req, res, n);
      if (handled === false) return; // the script took over (error status, hang, dropped socket)
      this.acknowledged.push(...idsOf(req.body));
      if (!handled) {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"accepted":true}');
      }
    };
  }

  /** Ids acknowledged more than once. */
  duplicates(): string[] {
    const seen = new Set<string>();
    return this.acknowledged.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  }
}

export const fastBackoff = { baseMs: 20, capMs: 200, random: () => 0.5 };

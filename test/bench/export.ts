/**
 * Export throughput: 10,000 queued events flushed through the outbox to a loopback endpoint, against
 * two references measured in the same run over the same keep-alive client:
 * - raw: the same bytes POSTed from memory (HTTP alone, nothing durable);
 * - durable floor: the least a crash-safe outbox with stable batch keys must do per batch: an atomic,
 *   fsync'd write pinning the batch before its POST, and another recording its removal after the 2xx.
 * The target is against the durable floor (disk syncs dominate on a loaded machine, and comparing a
 * crash-safe queue with in-memory POSTs would measure the disk, not the code), as the median of
 * per-run ratios, each run measuring both moments apart so load from other processes hits both.
 */
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LIMITS, encodeBatch } from '../../src/core/export/batch';
import { writeFileAtomic } from '../../src/core/store/atomicFile';
import { resolveEndpoint } from '../../src/core/export/endpoint';
import { EVENT_SCHEMA, type EventEnvelope } from '../../src/core/export/events';
import { Exporter } from '../../src/core/export/exporter';
import { NodeHttpClient } from '../../src/core/export/http';
import { learnerId } from '../../src/core/export/learnerId';
import { Outbox } from '../../src/core/export/outbox';
import { OutboxSink } from '../../src/core/export/outboxSink';
import { median, type BenchReport } from './report';

const EVENTS = 10_000;
const RUNS = 5;

function events(n: number): EventEnvelope[] {
  const learner = learnerId('bench@corp.example', 'bench');
  const t0 = Date.parse('2026-03-01T09:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(t0 + i * 60_000).toISOString();
    return { schema: EVENT_SCHEMA, id: randomUUID(), type: 'session' as const, at, learner, cohort: 'bench', data: { start: at, end: at, seconds: 600 + (i % 900), exercise: i % 3 ? 'rag-prototype' : null, aiAssistedSeconds: i % 60 } };
  });
}

/** A loopback endpoint that reads each body and answers 202, counting events by id. */
async function endpoint(): Promise<{ url: string; received: Set<string>; close(): Promise<void> }> {
  const received = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      for (const e of (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: Array<{ id: string }> }).events) received.add(e.id);
      res.writeHead(202);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
  return { url, received, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

export async function run(): Promise<BenchReport> {
  const ep = await endpoint();
  const client = new NodeHttpClient();
  const flushMs: number[] = [];
  const rawMs: number[] = [];
  const floorMs: number[] = [];
  const ratios: number[] = [];
  const enqueueMs: number[] = [];
  let batches = 0;
  try {
    for (let r = 0; r < RUNS; r++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'practicum-bench-export-'));
      try {
        const evs = events(EVENTS);
        // Enqueue as the extension does: emit() per event, drained to disk in the background.
        const outbox = new Outbox({ dir });
        const sink = new OutboxSink({ outbox, identity: async () => ({ learner: evs[0]?.learner as string, cohort: 'bench' }), policy: () => ({ includeCommitDetails: false }) });
        let t = performance.now();
        for (const e of evs) sink.emit('session', e.data);
        await sink.drain();
        enqueueMs.push(performance.now() - t);

        ep.received.clear();
        const exporter = new Exporter({ outbox, endpoint: resolveEndpoint(ep.url, 'json'), format: 'json', http: client });
        t = performance.now();
        const s = await exporter.flush({ maxWaitMs: 60_000 });
        flushMs.push(performance.now() - t);
        if (s.sent !== EVENTS || ep.received.size !== EVENTS) throw new Error(`flush sent ${s.sent}, endpoint received ${ep.received.size} of ${EVENTS}`);

        // Reference: the same number of same-sized batches, POSTed raw, nothing on disk.
        const bodies: string[] = [];
        for (let i = 0; i < evs.length; i += DEFAULT_LIMITS.events) bodies.push(encodeBatch(evs.slice(i, i + DEFAULT_LIMITS.events), 'json', new Date().toISOString()));
        batches = bodies.length;
        const url = new URL(ep.url);
        t = performance.now();
        for (const body of bodies) {
          const res = await client.post({ url, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() }, body, timeoutMs: 30_000 });
          if (res.status !== 202) throw new Error(`raw POST got ${res.status}`);
        }
        rawMs.push(performance.now() - t);
        t = performance.now();
        for (const [i, body] of bodies.entries()) {
          const key = randomUUID();
          await writeFileAtomic(path.join(dir, 'pin.json'), JSON.stringify({ batch: i, key }));
          const res = await client.post({ url, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body, timeoutMs: 30_000 });
          if (res.status !== 202) throw new Error(`durable POST got ${res.status}`);
          await writeFileAtomic(path.join(dir, 'done.json'), JSON.stringify({ batch: i, key }));
        }
        floorMs.push(performance.now() - t);
        ratios.push((flushMs.at(-1) as number) / (floorMs.at(-1) as number));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    client.dispose();
    await ep.close();
  }
  const flush = median(flushMs);
  const raw = median(rawMs);
  const enqueue = median(enqueueMs);
  const floor = median(floorMs);
  const ratio = median(ratios);
  return {
    figures: [
      { name: `flush ${EVENTS} events (${batches} batches, median of ${RUNS})`, value: Math.round(flush), unit: 'ms' },
      { name: 'flush throughput', value: Math.round(EVENTS / (flush / 1000)), unit: 'events/s' },
      { name: 'raw POSTs of the same bytes', value: Math.round(raw), unit: 'ms' },
      { name: 'raw POST throughput', value: Math.round(EVENTS / (raw / 1000)), unit: 'events/s' },
      { name: 'durable floor: same POSTs, each between two fsync\'d writes', value: Math.round(floor), unit: 'ms' },
      { name: 'flush vs raw POSTs', value: `${(flush / raw).toFixed(1)}×` },
      { name: `enqueue ${EVENTS} events (emit + validate + append)`, value: Math.round(enqueue), unit: 'ms' },
      { name: 'enqueue throughput', value: Math.round(EVENTS / (enqueue / 1000)), unit: 'events/s' },
    ],
    targets: [
      // On top of the floor: a cross-process lock, reading and validating the lines, and the lease.
      { name: 'outbox flush time vs the durable floor (median of per-run ratios)', actual: `${ratio.toFixed(1)}×`, target: '≤ 4×', ok: ratio <= 4 },
    ],
  };
}

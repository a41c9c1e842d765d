/**
 * The team server (`practicum serve`, SQLite):
 * - ingest: events POSTed as practicum.batch/v1 batches of 100 over loopback HTTP (validated,
 *   re-keyed, stored durably in WAL mode with synchronous = FULL) against raw batched SQLite inserts
 *   of the same rows into the same schema with the same durability, in the same run. Target ≥ 0.3×.
 * - memory while ingesting: heap after a full GC at each quarter of a longer ingest; flat means the
 *   last quarter ends within 8 MB of the first.
 * - the program report over 1,000,000 stored events (a 500-member cohort over 12 weeks, see fillMillion): < 2 s.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { encodeBatch } from '../../src/core/export/batch';
import { EVENT_SCHEMA, type EventEnvelope } from '../../src/core/export/events';
import { NodeHttpClient } from '../../src/core/export/http';
import { learnerId } from '../../src/core/export/learnerId';
import { startServer } from '../../src/core/server/httpServer';
import { rekey } from '../../src/core/server/ingest';
import { MIGRATIONS } from '../../src/core/server/migrations';
import { computeReport } from '../../src/core/server/report/compute';
import { openStore, type NewEvent } from '../../src/core/server/store';
import { newToken, tokenHash } from '../../src/core/server/tokens';
import { median, type BenchReport } from './report';

const INGEST_EVENTS = 20_000;
const BATCH = 100;
const RUNS = 5;
const MEMORY_EVENTS = 60_000;
const REPORT_EVENTS = 1_000_000;
const silent = { error() {}, warn() {}, info() {}, debug() {} };

function sessions(n: number, learners = 50): EventEnvelope[] {
  const t0 = Date.parse('2026-03-02T09:00:00Z');
  const ids = Array.from({ length: learners }, (_, i) => learnerId(`m${i}@bench.example`, 'bench'));
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(t0 + i * 30_000).toISOString();
    const end = new Date(t0 + i * 30_000 + 600_000).toISOString();
    return { schema: EVENT_SCHEMA, id: randomUUID(), type: 'session' as const, at: end, learner: ids[i % learners]!, cohort: 'bench', data: { start, end, seconds: 600, exercise: null, aiAssistedSeconds: i % 60 } };
  });
}

/** A server on a fresh SQLite file, with an ingest token. */
async function server(dir: string) {
  const store = await openStore(path.join(dir, 'serve.db'));
  const token = newToken();
  await store.addToken({ hash: tokenHash(token), cohort: 'bench', role: 'ingest', label: null, createdAt: new Date().toISOString() });
  const s = await startServer({ store, host: '127.0.0.1', port: 0, fileTokens: [], maxBodyBytes: 1 << 20, ratePerMinute: 1e9, minGroup: 3, perPerson: false, version: 'bench', log: silent });
  return { store, token, url: new URL('/v1/events', s.url), close: async () => (await s.close(), await store.close()) };
}

async function ingestOverHttp(events: EventEnvelope[], dir: string, onQuarter?: (q: number) => void): Promise<number> {
  const srv = await server(dir);
  const client = new NodeHttpClient();
  try {
    const t = performance.now();
    for (let i = 0; i < events.length; i += BATCH) {
      const body = encodeBatch(events.slice(i, i + BATCH), 'json', new Date().toISOString());
      const res = await client.post({ url: srv.url, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), Authorization: `Bearer ${srv.token}` }, body, timeoutMs: 30_000 });
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${res.body.slice(0, 200)}`);
      const done = i + BATCH;
      if (onQuarter && done % (events.length / 4) === 0) onQuarter(done / (events.length / 4));
    }
    return performance.now() - t;
  } finally {
    client.dispose();
    await srv.close();
  }
}

/** The reference: the same rows (already re-keyed) inserted 100 per transaction, same schema, WAL + synchronous FULL. */
function rawInserts(events: EventEnvelope[], dir: string): number {
  const db = new Database(path.join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const m of MIGRATIONS) for (const sql of m.sqlite) db.exec(sql);
  const stmt = db.prepare(`INSERT INTO events (id, cohort, type, at, at_ms, t_ms, num, learner, data, received_at, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  const secret = 'f'.repeat(64);
  const rows = events.map((e) => [e.id, 'bench', e.type, e.at, Date.parse(e.at), Date.parse((e.data as { start: string }).start), 600, rekey(e.learner, secret), JSON.stringify(e.data)] as const);
  const t = performance.now();
  const insert = db.transaction((batch: typeof rows) => {
    const now = new Date();
    for (const r of batch) stmt.run(...r, now.toISOString(), now.getTime());
  });
  for (let i = 0; i < rows.length; i += BATCH) insert(rows.slice(i, i + BATCH));
  const ms = performance.now() - t;
  db.close();
  return ms;
}

/**
 * 1,000,000 stored events of a 500-member cohort over 12 weeks, in the mix a program produces: per
 * member two assessments, ten module surveys and four reviews; the rest 72 % sessions, 20 % check
 * runs, 8 % AI commits.
 */
export async function fillMillion(file: string): Promise<void> {
  const store = await openStore(file);
  const from = Date.parse('2026-01-05T00:00:00Z');
  const span = 84 * 86_400_000;
  const learners = Array.from({ length: 500 }, (_, i) => rekey(learnerId(`m${i}@bench.example`, 'bench'), 'x'));
  const rubric = { id: 'practicum-default', version: 1 };
  let chunk: NewEvent[] = [];
  let n = 0;
  const add = async (learner: string, t: number, e: Pick<NewEvent, 'type' | 'data' | 'num'>) => {
    const at = new Date(t).toISOString();
    chunk.push({ id: randomUUID(), cohort: 'bench', at, learner, receivedAt: at, tMs: t, ...e });
    n++;
    if (chunk.length === 20_000) {
      await store.insert(chunk);
      chunk = [];
    }
  };
  for (const [k, learner] of learners.entries()) {
    for (const phase of ['before', 'after'] as const) {
      await add(learner, phase === 'before' ? from + 3_600_000 : from + span - 86_400_000, { type: 'assessment.completed', data: { phase, track: phase === 'after' ? 'foundations' : null, role: null, rubric, levels: { fundamentals: 'aware', 'llm-prompting': phase === 'after' && k % 2 ? 'practicing' : 'aware' }, path: phase === 'before' ? { tracks: ['foundations'], testOut: [], suggestedTestOut: [] } : null }, num: null });
    }
    for (let m = 0; m < 10; m++) {
      await add(learner, from + (m + 1) * 7 * 86_400_000, { type: 'survey.completed', data: { module: `module-${m}`, track: 'foundations', nps: (k + m) % 11, minutesTaken: 60, helped: k % 5 ? null : 'Real code', didNotHelp: null, trackCompleted: m === 9, reminded: false }, num: null });
    }
    for (let r = 0; r < 4; r++) {
      await add(learner, from + (r + 2) * 14 * 86_400_000, { type: 'review.completed', data: { exercise: `exercise-${r}`, verdict: (k + r) % 3 ? 'approve' : 'changes', round: 1, turnaroundHours: 4 + ((k * 7 + r * 13) % 60), firstReview: true, comments: 2 }, num: null });
    }
  }
  for (let i = 0; n < REPORT_EVENTS; i++) {
    const learner = learners[i % learners.length]!;
    const t = from + Math.floor((i / REPORT_EVENTS) * span);
    const at = new Date(t).toISOString();
    const k = i % 100;
    if (k < 72) await add(learner, t, { type: 'session', data: { start: at, end: at, seconds: 1800, exercise: null, aiAssistedSeconds: 0 }, num: 1800 });
    else if (k < 92) await add(learner, t, { type: 'exercise.checked', data: { exercise: 'rag-prototype', track: null, module: null, passed: 3, total: 4, byKind: {} }, num: null });
    else await add(learner, t, { type: 'ai.commit', data: { authoredAt: at, kinds: ['assisted'], signals: ['co-author:claude'], exercise: null }, num: null });
  }
  if (chunk.length) await store.insert(chunk);
  await store.close();
}

export async function run(): Promise<BenchReport> {
  const dir = mkdtempSync(path.join(tmpdir(), 'practicum-bench-serve-'));
  try {
    const ratios: number[] = [];
    const httpMs: number[] = [];
    const rawMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const runDir = mkdtempSync(path.join(dir, 'run-'));
      const evs = sessions(INGEST_EVENTS);
      const raw = rawInserts(evs, runDir);
      const viaHttp = await ingestOverHttp(evs, runDir);
      rawMs.push(raw);
      httpMs.push(viaHttp);
      ratios.push(raw / viaHttp);
    }

    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const heap: number[] = [];
    const rss: number[] = [];
    const memDir = mkdtempSync(path.join(dir, 'mem-'));
    await ingestOverHttp(sessions(MEMORY_EVENTS), memDir, () => {
      gc();
      heap.push(process.memoryUsage().heapUsed / 2 ** 20);
      rss.push(process.memoryUsage().rss / 2 ** 20);
    });
    const growth = (heap[heap.length - 1] ?? 0) - (heap[0] ?? 0);

    const big = path.join(dir, 'million.db');
    let t = performance.now();
    await fillMillion(big);
    const fillMs = performance.now() - t;
    const store = await openStore(big);
    const reportMs: number[] = [];
    let members = 0;
    try {
      for (let i = 0; i < 3; i++) {
        t = performance.now();
        const rep = await computeReport(store, { cohort: 'bench', fromMs: Date.parse('2026-01-05T00:00:00Z'), toMs: Date.parse('2026-03-30T00:00:00Z'), now: new Date('2026-04-01T00:00:00Z'), minGroup: 3, perPerson: false });
        reportMs.push(performance.now() - t);
        members = rep.members;
      }
    } finally {
      await store.close();
    }
    const ratio = median(ratios);
    const rep = median(reportMs);
    return {
      figures: [
        { name: `ingest over HTTP (${INGEST_EVENTS} events, batches of ${BATCH}), median`, value: Math.round(median(httpMs)), unit: 'ms' },
        { name: 'raw batched SQLite inserts of the same rows, median', value: Math.round(median(rawMs)), unit: 'ms' },
        { name: 'ingest rate over HTTP', value: Math.round(INGEST_EVENTS / (median(httpMs) / 1000)), unit: 'events/s' },
        { name: 'per-run ratios (raw time / HTTP time)', value: ratios.map((x) => x.toFixed(2)).join(', ') },
        { name: `heap after GC at each quarter of ${MEMORY_EVENTS} events`, value: heap.map((x) => x.toFixed(1)).join(' → '), unit: 'MB' },
        { name: 'rss at each quarter', value: rss.map((x) => x.toFixed(0)).join(' → '), unit: 'MB' },
        { name: `filling ${REPORT_EVENTS.toLocaleString('en')} events (setup)`, value: Math.round(fillMs), unit: 'ms' },
        { name: `report over ${REPORT_EVENTS.toLocaleString('en')} events (${members} members), runs`, value: reportMs.map((x) => Math.round(x)).join(', '), unit: 'ms' },
      ],
      targets: [
        { name: 'ingest over HTTP vs raw batched inserts (rate ratio, median)', actual: `${ratio.toFixed(2)}×`, target: '≥ 0.30×', ok: ratio >= 0.3 },
        { name: 'heap growth while ingesting (first to last quarter)', actual: `${growth.toFixed(1)} MB`, target: '< 8 MB', ok: growth < 8 },
        { name: `report over ${REPORT_EVENTS.toLocaleString('en')} stored events (median of 3)`, actual: `${Math.round(rep)} ms`, target: '< 2000 ms', ok: rep < 2000 },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

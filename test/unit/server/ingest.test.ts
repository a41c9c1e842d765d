import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Outbox } from '../../../src/core/export/outbox';
import { parseRetryAfter } from '../../../src/core/export/retryPolicy';
import { startServer, type RunningServer } from '../../../src/core/server/httpServer';
import { rekey } from '../../../src/core/server/ingest';
import { openStore, type Store, type StoredEvent } from '../../../src/core/server/store';
import { newToken, tokenHash } from '../../../src/core/server/tokens';
import { runCliAsync } from '../helpers/cli';
import { tempDir } from '../helpers/gitRepo';
import { aiCommit, batchBody, envelope, post, pseudonym, session } from './fixtures';

const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

async function all(store: Store): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.events({})) out.push(e);
  return out;
}

describe('practicum serve: ingest over HTTP', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let server: RunningServer;
  let ingestToken: string;
  let leadToken: string;
  const start = async (over: { ratePerMinute?: number; maxBodyBytes?: number; fileTokens?: Array<{ hash: string; cohort: string; role: 'ingest' | 'lead'; label: null; createdAt: string }> } = {}) => {
    server = await startServer({ store, host: '127.0.0.1', port: 0, fileTokens: over.fileTokens ?? [], maxBodyBytes: over.maxBodyBytes ?? 1024 * 1024, ratePerMinute: over.ratePerMinute ?? 1000, minGroup: 3, perPerson: false, version: 'test', log: silent });
  };
  const auth = (t = ingestToken) => ({ authorization: `Bearer ${t}` });

  beforeEach(async () => {
    tmp = tempDir('practicum-serve-');
    store = await openStore(path.join(tmp.dir, 'db.sqlite'));
    ingestToken = newToken();
    leadToken = newToken();
    await store.addToken({ hash: tokenHash(ingestToken), cohort: 'pilot', role: 'ingest', label: null, createdAt: new Date().toISOString() });
    await store.addToken({ hash: tokenHash(leadToken), cohort: 'pilot', role: 'lead', label: null, createdAt: new Date().toISOString() });
  });
  afterEach(async () => {
    await server?.close();
    await store.close();
    tmp.dispose();
  });

  it('stores a valid batch as the extension encodes it, re-keying every learner with its own secret', async () => {
    await start();
    const events = [session('2026-03-02T09:00:00.000Z', 1800), aiCommit('2026-03-02T10:00:00.000Z', 'bob@corp.example'), session('2026-03-02T11:00:00.000Z', 60, 'alice@corp.example', { cohort: null })];
    const r = await post(`${server.url}/v1/events`, batchBody(events), auth());
    assert.equal(r.status, 200);
    assert.equal(r.json.stored, 3);
    assert.deepEqual(r.json.events.map((e: { status: string }) => e.status), ['stored', 'stored', 'stored']);
    const stored = await all(store);
    const secret = await store.secret();
    assert.deepEqual(stored.map((e) => e.learner), [rekey(pseudonym('alice@corp.example'), secret), rekey(pseudonym('bob@corp.example'), secret), rekey(pseudonym('alice@corp.example'), secret)]);
    for (const e of stored) assert.ok(![pseudonym('alice@corp.example'), pseudonym('bob@corp.example')].includes(e.learner), 'the id anyone with the repository can compute is never stored');
    assert.deepEqual(stored.map((e) => e.cohort), ['pilot', 'pilot', 'pilot'], 'an event without a cohort takes its token’s');
    assert.deepEqual(stored[1]!.data, events[1]!.data);
  });

  it('stores OTLP/HTTP JSON logs at /v1/logs with the same data as the JSON batch', async () => {
    await start();
    const events = [session('2026-03-02T09:00:00.000Z', 1800), envelope('review.completed', { exercise: 'rag-prototype', verdict: 'approve', round: 1, turnaroundHours: 12.5, firstReview: true, comments: 3 })];
    const r = await post(`${server.url}/v1/logs`, batchBody(events, 'otlp'), auth());
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.partialSuccess, undefined);
    const stored = await all(store);
    assert.deepEqual(stored.map((e) => [e.id, e.type, e.at, e.data]), events.map((e) => [e.id, e.type, e.at, e.data]));
    const bad = await post(`${server.url}/v1/logs`, JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: [] }] }] }] }), auth());
    assert.equal(bad.status, 400);
    assert.equal(bad.json.partialSuccess.rejectedLogRecords, '1');
  });

  it('accepts what `practicum outbox flush` sends, and a re-flush stores nothing twice', async () => {
    await start();
    const dir = path.join(tmp.dir, 'outbox');
    const recent = Date.now() - 86_400_000; // the outbox drops events past its retention
    const events = Array.from({ length: 150 }, (_, i) => session(new Date(recent + i * 60_000).toISOString(), 60));
    await new Outbox({ dir }).append(events);
    const r = await runCliAsync(['outbox', 'flush', '--dir', dir, '--endpoint', `${server.url}/v1/events`, '--token-env', 'PRACTICUM_TOKEN', '--json'], { env: { PRACTICUM_TOKEN: ingestToken } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json().sent, 150, r.stdout + r.stderr);
    assert.equal((await all(store)).length, 150);
    await new Outbox({ dir }).append(events.slice(0, 10));
    await runCliAsync(['outbox', 'flush', '--dir', dir, '--endpoint', `${server.url}/v1/events`, '--token-env', 'PRACTICUM_TOKEN', '--json'], { env: { PRACTICUM_TOKEN: ingestToken } });
    assert.equal((await all(store)).length, 150);
  });

  it('refuses invalid events one by one, naming the field, and stores the rest', async () => {
    await start();
    const good = session('2026-03-02T09:00:00.000Z', 60);
    const pathInSignal = aiCommit('2026-03-02T10:00:00.000Z');
    (pathInSignal.data as { signals: string[] }).signals = ['sdk:openai/src/secret.py'];
    const otherCohort = session('2026-03-02T09:30:00.000Z', 60, 'alice@corp.example', { cohort: 'someone-else' });
    const noLearner = { ...session('2026-03-02T09:40:00.000Z', 60), learner: 'alice@corp.example' };
    const r = await post(`${server.url}/v1/events`, JSON.stringify({ schema: 'practicum.batch/v1', sentAt: 'x', events: [good, pathInSignal, otherCohort, noLearner, 'text'] }), auth());
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.events.map((e: { status: string }) => e.status), ['stored', 'refused', 'refused', 'refused', 'refused']);
    assert.match(r.json.events[1].reason, /data\.signals\.0: must be a signal name without paths/);
    assert.match(r.json.events[2].reason, /cohort "someone-else" does not match this token's cohort "pilot"/);
    assert.match(r.json.events[3].reason, /learner: must be a 64-character hex pseudonym/);
    assert.ok(!JSON.stringify(r.json).includes('alice@corp.example'), 'reasons name fields, never values');
    assert.equal((await all(store)).length, 1);

    const allBad = await post(`${server.url}/v1/events`, JSON.stringify({ schema: 'practicum.batch/v1', sentAt: 'x', events: [otherCohort] }), auth());
    assert.equal(allBad.status, 422, 'nothing storable: the sender should look');
    const notJson = await post(`${server.url}/v1/events`, '{"schema":', auth());
    assert.equal(notJson.status, 400);
    assert.match(notJson.json.error, /not JSON/);
    const notBatch = await post(`${server.url}/v1/events`, JSON.stringify([good]), auth());
    assert.equal(notBatch.status, 400);
    assert.match(notBatch.json.error, /practicum\.batch\/v1/);
    const wrongType = await post(`${server.url}/v1/events`, batchBody([good]), { ...auth(), 'content-type': 'text/plain' });
    assert.equal(wrongType.status, 415);
  });

  it('answers a re-sent batch with duplicates, and a re-sent Idempotency-Key with the first answer', async () => {
    await start();
    const body = batchBody([session('2026-03-02T09:00:00.000Z', 60), session('2026-03-02T10:00:00.000Z', 60)]);
    const first = await post(`${server.url}/v1/events`, body, { ...auth(), 'idempotency-key': 'batch-1' });
    assert.equal(first.json.stored, 2);
    const replay = await post(`${server.url}/v1/events`, body, { ...auth(), 'idempotency-key': 'batch-1' });
    assert.deepEqual(replay.json, first.json, 'the same answer as the first time');
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    const again = await post(`${server.url}/v1/events`, body, auth());
    assert.equal(again.status, 200);
    assert.deepEqual([again.json.stored, again.json.duplicates], [0, 2]);
    const twiceInOne = await post(`${server.url}/v1/events`, batchBody([session('2026-03-05T09:00:00.000Z', 60)].flatMap((e) => [e, e])), auth());
    assert.deepEqual(twiceInOne.json.events.map((e: { status: string }) => e.status), ['stored', 'duplicate']);
    assert.equal((await all(store)).length, 3);
    const badKey = await post(`${server.url}/v1/events`, body, { ...auth(), 'idempotency-key': 'x'.repeat(201) });
    assert.equal(badKey.status, 400);
  });

  it('refuses a body over the cap with 413 and stores nothing', async () => {
    await start({ maxBodyBytes: 4096 });
    const events = Array.from({ length: 30 }, (_, i) => session(new Date(Date.parse('2026-03-02T09:00:00Z') + i * 60_000).toISOString(), 60));
    const r = await post(`${server.url}/v1/events`, batchBody(events), auth());
    assert.equal(r.status, 413);
    assert.match(r.json.error, /over the 4096-byte limit/);
    assert.equal((await all(store)).length, 0);
    const ok = await post(`${server.url}/v1/events`, batchBody(events.slice(0, 3)), auth());
    assert.equal(ok.status, 200, 'the server still answers after refusing');
  });

  it('refuses missing, unknown and wrong-role tokens', async () => {
    await start();
    const body = batchBody([session('2026-03-02T09:00:00.000Z', 60)]);
    const none = await post(`${server.url}/v1/events`, body);
    assert.equal(none.status, 401);
    assert.match(String(none.headers.get('www-authenticate')), /^Bearer/);
    assert.equal((await post(`${server.url}/v1/events`, body, auth(newToken()))).status, 401);
    assert.equal((await post(`${server.url}/v1/events`, body, auth(tokenHash(ingestToken)))).status, 401, 'the stored hash is not a token');
    assert.equal((await post(`${server.url}/v1/events`, body, auth(leadToken))).status, 403);
    const report = await fetch(`${server.url}/v1/report?cohort=pilot`, { headers: auth() });
    assert.equal(report.status, 403, 'an ingest token cannot read the report');
    assert.equal((await fetch(`${server.url}/v1/report?cohort=pilot`)).status, 401);
    assert.equal((await all(store)).length, 0);
  });

  it('accepts tokens from a --tokens file', async () => {
    const fileToken = newToken();
    await start({ fileTokens: [{ hash: tokenHash(fileToken), cohort: 'pilot', role: 'ingest', label: null, createdAt: '2026-01-01T00:00:00Z' }] });
    assert.equal((await post(`${server.url}/v1/events`, batchBody([session('2026-03-02T09:00:00.000Z', 60)]), auth(fileToken))).status, 200);
  });

  it('rate-limits per token with 429 and a Retry-After the extension reads', async () => {
    await start({ ratePerMinute: 3 });
    const body = () => batchBody([session('2026-03-02T09:00:00.000Z', 60)]);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await post(`${server.url}/v1/events`, body(), auth());
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const wait = parseRetryAfter(last!.headers.get('retry-after') ?? undefined, Date.now());
    assert.ok(wait !== undefined && wait >= 1000 && wait <= 20_000, `Retry-After ${last!.headers.get('retry-after')}`);
    const otherToken = newToken();
    await store.addToken({ hash: tokenHash(otherToken), cohort: 'pilot', role: 'ingest', label: null, createdAt: new Date().toISOString() });
    assert.equal((await post(`${server.url}/v1/events`, body(), auth(otherToken))).status, 200, 'another token has its own budget');
  });

  it('never redirects; unknown paths are 404, wrong methods 405; /healthz says what it is', async () => {
    await start();
    const paths = ['/v1/events/', '/login', '/../etc/passwd', '/V1/EVENTS'];
    for (const p of paths) {
      const r = await fetch(`${server.url}${p}`, { redirect: 'manual' });
      assert.equal(r.status, 404, p);
    }
    assert.equal((await fetch(`${server.url}/v1/events`, { redirect: 'manual' })).status, 405);
    const h = await fetch(`${server.url}/healthz`);
    assert.deepEqual(await h.json(), { service: 'practicum-server', status: 'ok', version: 'test', store: 'sqlite', schemaVersion: 2 });
    assert.equal(h.headers.get('cache-control'), 'no-store');
  });

  it('serves the report page only to a signed-in lead, with a strict CSP and no script', async () => {
    await start();
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 401);
    const signIn = await page.text();
    assert.match(signIn, /name="token"/);
    const bad = await fetch(`${server.url}/session`, { method: 'POST', body: new URLSearchParams({ token: ingestToken }), redirect: 'manual' });
    assert.equal(bad.status, 401);
    const good = await fetch(`${server.url}/session`, { method: 'POST', body: new URLSearchParams({ token: leadToken }), redirect: 'manual' });
    assert.equal(good.status, 200);
    const cookie = String(good.headers.get('set-cookie'));
    assert.match(cookie, /HttpOnly; SameSite=Strict; Path=\//);
    const html = await (await fetch(`${server.url}/?from=2026-03-01&to=2026-03-28`, { headers: { cookie: cookie.split(';')[0]! } })).text();
    assert.match(html, /Program report: pilot/);
    const csp = String(good.headers.get('content-security-policy'));
    assert.match(csp, /default-src 'none'; style-src 'nonce-[^']+'/);
    assert.ok(!/<script/i.test(html) && !/https?:\/\/(?!localhost)/.test(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')), 'no script and no external asset');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const styleNonces = [...(await (await fetch(`${server.url}/`, { headers: { cookie: cookie.split(';')[0]! } })).text()).matchAll(/<style nonce="([^"]+)"/g)];
    assert.equal(styleNonces.length, 1);
    assert.notEqual(styleNonces[0]![1], nonce, 'a fresh nonce per page');
    assert.equal((await fetch(`${server.url}/?from=2026-13-01`, { headers: { cookie: cookie.split(';')[0]! } })).status, 400);
  });
});

describe('practicum serve token add / serve export (CLI)', function () {
  this.timeout(30_000);
  it('prints a token once, keeps only its hash, and exports what was stored as NDJSON', async () => {
    const tmp = tempDir('practicum-serve-cli-');
    try {
      const db = path.join(tmp.dir, 'p.db');
      const add = await runCliAsync(['serve', 'token', 'add', '--db', db, '--cohort', 'pilot', '--label', 'laptop']);
      assert.equal(add.code, 0, add.stderr);
      const token = add.stdout.trim();
      assert.match(token, /^pcm_[A-Za-z0-9_-]{43}$/);
      const store = await openStore(db);
      try {
        assert.equal((await store.token(tokenHash(token)))?.cohort, 'pilot');
        assert.ok(!readFileSync(db).includes(Buffer.from(token)), 'the token itself is not in the database file');
        await store.insert([
          { id: '00000000-0000-4000-8000-000000000001', cohort: 'pilot', type: 'session', at: '2026-03-01T10:00:00.000Z', learner: 'a'.repeat(64), data: { seconds: 5 }, receivedAt: '2026-03-01T10:00:00.000Z', tMs: 0, num: 5 },
          { id: '00000000-0000-4000-8000-000000000002', cohort: 'pilot', type: 'session', at: '2026-03-04T10:00:00.000Z', learner: 'a'.repeat(64), data: { seconds: 6 }, receivedAt: '2026-03-04T10:00:00.000Z', tMs: 0, num: 6 },
        ]);
      } finally {
        await store.close();
      }
      const out = await runCliAsync(['serve', 'export', '--db', db, '--since', '2026-03-02']);
      assert.equal(out.code, 0, out.stderr);
      const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines, [{ schema: 'practicum.event/v1', id: '00000000-0000-4000-8000-000000000002', type: 'session', at: '2026-03-04T10:00:00.000Z', learner: 'a'.repeat(64), cohort: 'pilot', data: { seconds: 6 } }]);
      const bad = await runCliAsync(['serve', 'export', '--db', db, '--since', 'yesterday']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--since must be a date/);
      const file = path.join(tmp.dir, 'tokens.json');
      const viaFile = await runCliAsync(['serve', 'token', 'add', '--tokens', file, '--cohort', '*', '--lead']);
      assert.equal(viaFile.code, 0, viaFile.stderr);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(doc.tokens[0].hash, tokenHash(viaFile.stdout.trim()));
      const noCohort = await runCliAsync(['serve', 'token', 'add', '--db', db]);
      assert.equal(noCohort.code, 2);
    } finally {
      tmp.dispose();
    }
  });
});

import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveEndpoint } from '../../../src/core/export/endpoint';
import { Exporter, type ExporterOptions } from '../../../src/core/export/exporter';
import { NodeHttpClient } from '../../../src/core/export/http';
import { Outbox } from '../../../src/core/export/outbox';
import { listRejected, retryRejected } from '../../../src/core/export/rejected';
import { ManualClock } from '../../../src/core/clock';
import { tempDir } from '../helpers/gitRepo';
import { TestServer, closedPort } from '../helpers/httpServer';
import { Endpoint, fastBackoff, idsOf, sessions } from './fixtures';

describe('export: sending the outbox to a failing endpoint', () => {
  let tmp: { dir: string; dispose(): void };
  let server: TestServer;
  let http: NodeHttpClient;
  const open: TestServer[] = [];

  beforeEach(async () => {
    tmp = tempDir('practicum-outbox-');
    server = await TestServer.start();
    open.push(server);
    http = new NodeHttpClient();
  });
  afterEach(async () => {
    http.dispose();
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
    tmp.dispose();
  });

  function exporter(url: string, extra: Partial<ExporterOptions> = {}): Exporter {
    return new Exporter({ outbox: new Outbox({ dir: tmp.dir }), endpoint: resolveEndpoint(url, 'json'), format: 'json', http, backoff: fastBackoff, timeoutMs: 2000, ...extra });
  }

  async function queue(n: number) {
    const events = sessions(n);
    await new Outbox({ dir: tmp.dir }).append(events);
    return events.map((e) => e.id);
  }

  it('sends batches of at most 100 events with the contract headers, and empties the outbox', async () => {
    const ids = await queue(250);
    const ep = new Endpoint(server);
    const s = await exporter(server.url + '/ingest', { token: 's3cret' }).flush({ maxWaitMs: 5000 });
    assert.deepEqual(s, { sent: 250, remaining: 0, rejected: 0, quarantined: 0, stopped: 'empty', nextAttemptAt: null, lastError: null });
    assert.deepEqual(server.requests.map((r) => idsOf(r.body).length), [100, 100, 50]);
    assert.deepEqual(ep.acknowledged, ids, 'oldest first, each once');
    for (const r of server.requests) {
      assert.equal(r.url, '/ingest');
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.headers.authorization, 'Bearer s3cret');
      assert.match(String(r.headers['idempotency-key']), /^[0-9a-f-]{36}$/);
      const body = JSON.parse(r.body);
      assert.equal(body.schema, 'practicum.batch/v1');
      assert.match(body.sentAt, /^\d{4}-\d\d-\d\dT.*Z$/);
    }
    assert.equal(new Set(ep.keys).size, 3, 'a key per batch');
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.endsWith('.jsonl')), []);
  });

  it('retries 500s with the same Idempotency-Key and delivers once', async () => {
    const ids = await queue(3);
    const ep = new Endpoint(server, (_req, res, n) => {
      if (n > 2) return;
      res.writeHead(500);
      res.end('boom');
      return false;
    });
    const s = await exporter(server.url).flush({ maxWaitMs: 5000 });
    assert.equal(s.sent, 3);
    assert.equal(server.requests.length, 3);
    assert.equal(new Set(ep.keys).size, 1, 'one batch, one key across retries');
    assert.deepEqual(ep.acknowledged, ids);
  });

  it('honours Retry-After on 429', async () => {
    await queue(1);
    const times: number[] = [];
    new Endpoint(server, (_req, res, n) => {
      times.push(Date.now());
      if (n > 1) return;
      res.writeHead(429, { 'retry-after': '1' });
      res.end();
      return false;
    });
    const s = await exporter(server.url, { backoff: { ...fastBackoff, capMs: 60_000 } }).flush({ maxWaitMs: 5000 });
    assert.equal(s.sent, 1);
    assert.ok((times[1] as number) - (times[0] as number) >= 950, `waited ${(times[1] as number) - (times[0] as number)} ms, Retry-After said 1 s`);
  });

  for (const retryAfter of ['0', '1.5', '-1']) {
    it(`keeps backing off when every 503 says "Retry-After: ${retryAfter}" (no burst of immediate retries)`, async () => {
      const ids = await queue(1);
      const ep = new Endpoint(server, (_req, res, n) => {
        if (n > 4) return;
        res.writeHead(503, { 'retry-after': retryAfter });
        res.end();
        return false;
      });
      // Steps of 100, 200, 400, 800 ms (jitter pinned): the fifth request comes after 1.5 s, not at once.
      const started = Date.now();
      const s = await exporter(server.url, { backoff: { baseMs: 100, capMs: 60_000, random: () => 1 } }).flush({ maxWaitMs: 5000 });
      assert.equal(s.sent, 1);
      assert.equal(server.requests.length, 5);
      assert.ok(Date.now() - started >= 1400, `five attempts took only ${Date.now() - started} ms`);
      assert.deepEqual(ep.acknowledged, ids);
    });
  }

  it('gives up on a hang after the timeout, keeps the batch, and resends it with the same key', async () => {
    const ids = await queue(2);
    const ep = new Endpoint(server, (_req, _res, n) => (n === 1 ? false : undefined)); // first request: never answered
    const started = Date.now();
    const s = await exporter(server.url, { timeoutMs: 150 }).flush({ maxWaitMs: 5000 });
    assert.ok(Date.now() - started < 3000);
    assert.equal(s.sent, 2);
    assert.equal(ep.keys[0], ep.keys[1]);
    assert.deepEqual(ep.acknowledged, ids);
  });

  it('retries refused connections, and a restarted process delivers the same pinned batch', async () => {
    const ids = await queue(5);
    const down = await closedPort();
    const first = await exporter(`http://127.0.0.1:${down}/`).flush({ maxWaitMs: 0 });
    assert.equal(first.sent, 0);
    assert.equal(first.remaining, 5);
    assert.equal(first.stopped, 'deadline');
    assert.match(first.lastError ?? '', /ECONNREFUSED/);
    const pinned = JSON.parse(readFileSync(path.join(tmp.dir, 'state', 'pending.json'), 'utf8'));
    assert.equal(pinned.attempts, 1);
    // A new process: new objects on the same folder.
    const ep = new Endpoint(server);
    const again = await exporter(server.url).flush({ maxWaitMs: 5000, force: true });
    assert.equal(again.sent, 5);
    assert.deepEqual(ep.keys, [pinned.key]);
    assert.deepEqual(ep.acknowledged, ids);
  });

  it('moves a batch refused with 400 to rejected/ with the response, keeps going, and can retry it after a fix', async () => {
    const ids = await queue(150);
    const ep = new Endpoint(server, (_req, res, n) => {
      if (n !== 1) return;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"cohort unknown"}');
      return false;
    });
    const s = await exporter(server.url).flush({ maxWaitMs: 5000 });
    assert.deepEqual([s.sent, s.rejected, s.remaining], [50, 100, 0]);
    const rejected = await listRejected(new Outbox({ dir: tmp.dir }));
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0]?.events, 100);
    assert.equal(rejected[0]?.response?.status, 400);
    assert.equal(rejected[0]?.response?.body, '{"error":"cohort unknown"}');
    assert.equal(await retryRejected(new Outbox({ dir: tmp.dir })), 100);
    assert.deepEqual(await listRejected(new Outbox({ dir: tmp.dir })), []);
    const after = await exporter(server.url).flush({ maxWaitMs: 5000 });
    assert.equal(after.sent, 100);
    assert.deepEqual([...ep.acknowledged].sort(), [...ids].sort());
    assert.deepEqual(ep.duplicates(), []);
  });

  it('does not follow a redirect (the token stays on its origin): the batch is rejected with where it pointed', async () => {
    await queue(3);
    let elsewhere = 0;
    new Endpoint(server, (req, res) => {
      if (req.url === '/moved') elsewhere++;
      res.writeHead(308, { location: `${server.url}moved` });
      res.end();
      return false;
    });
    const s = await exporter(server.url).flush({ maxWaitMs: 5000 });
    assert.deepEqual([s.sent, s.rejected, elsewhere], [0, 3, 0]);
    const [rejected] = await listRejected(new Outbox({ dir: tmp.dir }));
    assert.equal(rejected?.response?.location, `${server.url}moved`);
  });

  it('treats a 2xx with a garbage body as delivered (no resend)', async () => {
    const ids = await queue(4);
    const ep = new Endpoint(server, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<<<not json');
      return true;
    });
    const s = await exporter(server.url).flush({ maxWaitMs: 5000 });
    assert.equal(s.sent, 4);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(ep.acknowledged, ids);
  });

  it('survives a server that dies mid-batch: nothing lost, nothing acknowledged twice', async () => {
    const ids = await queue(300);
    const ep = new Endpoint(server, (_req, res, n) => {
      if (n !== 2) return;
      res.socket?.destroy(); // dies while handling the second batch
      void server.close();
      return false;
    });
    const first = await exporter(server.url).flush({ maxWaitMs: 0 });
    assert.equal(first.sent, 100);
    assert.equal(first.remaining, 200);
    const diedKey = ep.keys[1];
    const revived = await TestServer.start();
    open.push(revived);
    const ep2 = new Endpoint(revived);
    const second = await exporter(revived.url).flush({ maxWaitMs: 5000, force: true });
    assert.equal(second.sent, 200);
    assert.equal(ep2.keys[0], diedKey, 'the batch in flight is resent under its key');
    const all = [...ep.acknowledged, ...ep2.acknowledged];
    assert.deepEqual(all, ids);
  });

  it('quarantines malformed lines and reports them, sending the rest', async () => {
    const ids = await queue(3);
    const file = readdirSync(tmp.dir).find((f) => f.endsWith('.jsonl')) as string;
    writeFileSync(path.join(tmp.dir, 'zz-hand-edited.jsonl'), '{"schema":"practicum.event/v1","id":"x"}\nnot json at all\n{"torn":');
    const ep = new Endpoint(server);
    const s = await exporter(server.url).flush({ maxWaitMs: 5000 });
    assert.deepEqual([s.sent, s.quarantined, s.remaining], [3, 3, 0]);
    assert.deepEqual(ep.acknowledged, ids);
    const q = readFileSync(path.join(tmp.dir, 'quarantine', 'quarantined.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(q.map((r) => [r.file, r.line]), [['zz-hand-edited.jsonl', 1], ['zz-hand-edited.jsonl', 2], ['zz-hand-edited.jsonl', 3]]);
    assert.equal(q[2].text, '{"torn":');
    assert.ok(!existsSync(path.join(tmp.dir, file)));
  });

  it('two flushers on one outbox never send an event twice', async () => {
    const ids = await queue(1000);
    const ep = new Endpoint(server, (_req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end();
      }, 5);
      return true;
    });
    const [a, b] = await Promise.all([
      exporter(server.url).flush({ maxWaitMs: 20_000, waitForOthers: true }),
      exporter(server.url).flush({ maxWaitMs: 20_000, waitForOthers: true }),
    ]);
    assert.equal(a.sent + b.sent, 1000);
    assert.deepEqual(ep.duplicates(), []);
    assert.deepEqual([...ep.acknowledged].sort(), [...ids].sort());
    assert.equal(new Set(ep.keys).size, ep.keys.length, 'no batch sent twice');
  });

  it('a sender that dies holding the lease blocks others only until the lease expires; the batch keeps its key', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
    await new Outbox({ dir: tmp.dir, clock }).append(sessions(3));
    const ep = new Endpoint(server);
    // A process that claims the batch and then never comes back (its permit check never returns).
    const stuck = new Exporter({ outbox: new Outbox({ dir: tmp.dir, clock }), endpoint: resolveEndpoint(server.url, 'json'), format: 'json', http, timeoutMs: 1000, permit: () => new Promise<boolean>(() => undefined) });
    void stuck.attempt();
    const pendingFile = path.join(tmp.dir, 'state', 'pending.json');
    for (let i = 0; i < 200 && !existsSync(pendingFile); i++) await new Promise((r) => setTimeout(r, 10));
    const pinned = JSON.parse(readFileSync(pendingFile, 'utf8'));
    assert.match(pinned.lease?.owner ?? '', /^\d+-/, 'the stuck sender holds the lease');
    const other = new Exporter({ outbox: new Outbox({ dir: tmp.dir, clock }), endpoint: resolveEndpoint(server.url, 'json'), format: 'json', http, timeoutMs: 1000 });
    let r = await other.attempt();
    assert.equal(r.kind, 'busy');
    clock.advance(1000 + 30_000 + 1);
    r = await other.attempt();
    assert.equal(r.kind, 'sent');
    assert.deepEqual(ep.keys, [pinned.key]);
    assert.equal(server.requests.length, 1);
  });

  it('sends nothing while not permitted', async () => {
    await queue(2);
    const s = await exporter(server.url, { permit: () => false }).flush({ maxWaitMs: 1000 });
    assert.deepEqual([s.sent, s.remaining, s.stopped], [0, 2, 'blocked']);
    assert.equal(server.requests.length, 0);
  });

  it('sends exactly the previewed batch: same key, same bytes', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
    const outbox = new Outbox({ dir: tmp.dir, clock });
    await outbox.append(sessions(120));
    const ex = new Exporter({ outbox, endpoint: resolveEndpoint(server.url, 'json'), format: 'json', http, token: 'tok' });
    const preview = await ex.preview({ pin: true });
    assert.ok(preview?.key);
    assert.equal(preview.headers.Authorization, 'Bearer ••••••••', 'the token is never shown');
    assert.equal(preview.events.length, 100);
    await outbox.append(sessions(5)); // arrives after the preview: not part of the next batch
    new Endpoint(server);
    const r = await ex.attempt();
    assert.equal(r.kind, 'sent');
    assert.equal(server.requests[0]?.headers['idempotency-key'], preview.key);
    assert.equal(server.requests[0]?.body, preview.body);
  });

  it('sends OTLP/HTTP JSON logs to /v1/logs', async () => {
    const ids = await queue(3);
    const ex = new Exporter({ outbox: new Outbox({ dir: tmp.dir }), endpoint: resolveEndpoint(server.url, 'otlp'), format: 'otlp', http });
    const s = await ex.flush({ maxWaitMs: 1000 });
    assert.equal(s.sent, 3);
    const req = server.requests[0];
    assert.equal(req?.url, '/v1/logs');
    const body = JSON.parse(req?.body ?? '');
    const records = body.resourceLogs[0].scopeLogs[0].logRecords;
    assert.deepEqual(records.map((r: { attributes: Array<{ key: string; value: { stringValue: string } }> }) => r.attributes.find((a) => a.key === 'log.record.uid')?.value.stringValue), ids);
    assert.equal(records[0].timeUnixNano, String(Date.parse('2026-03-01T09:00:00Z') * 1e6));
  });
});

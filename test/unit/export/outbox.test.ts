import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { resolveEndpoint } from '../../../src/core/export/endpoint';
import { Exporter } from '../../../src/core/export/exporter';
import { NodeHttpClient } from '../../../src/core/export/http';
import { Outbox } from '../../../src/core/export/outbox';
import { OutboxSink } from '../../../src/core/export/outboxSink';
import { enforceRetention } from '../../../src/core/export/retention';
import { tempDir } from '../helpers/gitRepo';
import { TestServer } from '../helpers/httpServer';
import { Endpoint, LEARNER, sessions } from './fixtures';

const DAY = 86_400_000;

/** Appends `batches` × `per` events from a separate Node process, in many small appends. */
function childAppender(dir: string, batches: number, per: number): Promise<string[]> {
  const outbox = path.resolve(__dirname, '../../../src/core/export/outbox.js');
  const fixtures = path.resolve(__dirname, 'fixtures.js');
  const script = `
    const { Outbox } = require(${JSON.stringify(outbox)});
    const { sessions } = require(${JSON.stringify(fixtures)});
    (async () => {
      const o = new Outbox({ dir: ${JSON.stringify(dir)}, segmentBytes: 4096 });
      const ids = [];
      for (let i = 0; i < ${batches}; i++) { const ev = sessions(${per}); ids.push(...ev.map((e) => e.id)); await o.append(ev); }
      process.stdout.write(JSON.stringify(ids));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`appender exited ${code}: ${err}`))));
  });
}

describe('export: the outbox folder', () => {
  let tmp: { dir: string; dispose(): void };
  beforeEach(() => (tmp = tempDir('practicum-outbox-')));
  afterEach(() => tmp.dispose());

  it('stores one envelope per line in *.jsonl files directly in the folder, and counts them', async () => {
    const o = new Outbox({ dir: tmp.dir });
    const events = sessions(3);
    await o.append(events);
    const files = readdirSync(tmp.dir).filter((f) => f.endsWith('.jsonl'));
    assert.equal(files.length, 1);
    const lines = readFileSync(path.join(tmp.dir, files[0] as string), 'utf8').split('\n');
    assert.deepEqual(lines, [...events.map((e) => JSON.stringify(e)), '']);
    // Any *.jsonl dropped in the folder belongs to the outbox.
    writeFileSync(path.join(tmp.dir, 'imported.jsonl'), JSON.stringify(sessions(1, Date.parse('2026-01-01T00:00:00Z'))[0]) + '\n');
    const s = await o.stats();
    assert.deepEqual({ events: s.events, byType: s.byType, oldest: s.oldest, newest: s.newest, malformed: s.malformed }, { events: 4, byType: { session: 4 }, oldest: '2026-01-01T00:00:00.000Z', newest: '2026-03-01T09:02:00.000Z', malformed: 0 });
  });

  it('two processes appending while a third sends: no torn line, every event delivered once', async function () {
    this.timeout(30_000);
    const server = await TestServer.start();
    const http = new NodeHttpClient();
    try {
      const ep = new Endpoint(server);
      const ex = new Exporter({ outbox: new Outbox({ dir: tmp.dir }), endpoint: resolveEndpoint(server.url, 'json'), format: 'json', http });
      const appenders = Promise.all([childAppender(tmp.dir, 40, 5), childAppender(tmp.dir, 40, 5)]);
      let done = false;
      void appenders.finally(() => (done = true));
      while (!done) {
        await ex.flush({ maxWaitMs: 1000 });
        await new Promise((r) => setTimeout(r, 10));
      }
      const ids = (await appenders).flat();
      const last = await ex.flush({ maxWaitMs: 1000 });
      assert.equal(last.remaining, 0);
      assert.equal(ids.length, 400);
      assert.deepEqual(ep.duplicates(), []);
      assert.deepEqual([...ep.acknowledged].sort(), [...ids].sort());
      assert.equal(readdirSync(tmp.dir).includes('quarantine'), false, 'no line was torn');
    } finally {
      http.dispose();
      await server.close();
    }
  });

  it('the sink validates on emit, writes in the background, and survives a restart', async () => {
    const logs: string[] = [];
    const logger = { error: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), info() {}, debug() {} };
    const sink = new OutboxSink({ outbox: new Outbox({ dir: tmp.dir }), identity: async () => ({ learner: LEARNER, cohort: null }), policy: () => ({ includeCommitDetails: false }), logger });
    const seen: number[] = [];
    sink.onDidAppend((e) => seen.push(e.length));
    sink.emit('exercise.started', { exercise: 'rag-prototype' });
    sink.emit('exercise.submitted', { exercise: 'rag-prototype', round: 1, where: 'git', checksTotal: 0, checksPassed: 0, selfAttested: 0, byKind: {}, branch: 'feature/secret' });
    sink.emit('exercise.submitted', { exercise: 'Not An Id', round: 1 });
    await sink.drain();
    assert.deepEqual(seen, [2], 'one append for the burst');
    assert.equal(logs.length, 2);
    assert.match(logs[0] as string, /removed field\(s\) not in the event schema before queuing: branch/);
    assert.match(logs[1] as string, /Dropped an event.*exercise.submitted: exercise/);
    // A new process reads what the old one wrote.
    const s = await new Outbox({ dir: tmp.dir }).stats();
    assert.deepEqual(s.byType, { 'exercise.started': 1, 'exercise.submitted': 1 });
    const text = readdirSync(tmp.dir).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(path.join(tmp.dir, f), 'utf8')).join('');
    assert.doesNotMatch(text, /feature\/secret/);
  });

  it('keeps events in memory and retries when the outbox cannot be written', async () => {
    const blocked = path.join(tmp.dir, 'not-a-dir');
    writeFileSync(blocked, 'a file where the folder should be');
    const sink = new OutboxSink({ outbox: new Outbox({ dir: blocked, lockWaitMs: 100 }), identity: async () => ({ learner: LEARNER, cohort: null }), policy: () => ({ includeCommitDetails: false }), retryMs: 60_000 });
    sink.emit('exercise.started', { exercise: 'rag-prototype' });
    await sink.drain();
    assert.equal(sink.backlog, 1);
    sink.dispose();
  });

  it('retention drops events past the age cap, warning two days ahead', async () => {
    const now = Date.parse('2026-04-01T00:00:00Z');
    const clock = new ManualClock(now - 2.5 * DAY);
    const o = new Outbox({ dir: tmp.dir, clock });
    const policy = { maxAgeDays: 30, maxBytes: 50 << 20 };
    const old = sessions(2, now - 31 * DAY);
    const soon = sessions(3, now - 29 * DAY);
    const fresh = sessions(4, now - DAY);
    await o.append([...old, ...soon, ...fresh]);
    const early = await enforceRetention(o, policy);
    assert.deepEqual([early.dropped, early.held, early.expiringSoon], [0, 0, 2], 'days earlier: the two oldest are within two days of the cap, and the warning goes out');
    clock.set(now);
    const dry = await enforceRetention(o, policy, { dryRun: true });
    assert.equal(dry.dropped, 2);
    assert.equal((await o.stats()).events, 9, 'a dry run changes nothing');
    const r = await enforceRetention(o, policy);
    assert.deepEqual([r.dropped, r.droppedByType.session, r.held, r.expiringSoon, r.nearSizeLimit], [2, 2, 0, 3, false]);
    assert.equal(r.firstExpiry, new Date(now + DAY).toISOString());
    assert.equal((await o.stats()).events, 7);
  });

  it('retention never drops without a warning first: an editor closed through the warning window gets a day', async () => {
    const now = Date.parse('2026-04-01T00:00:00Z');
    const clock = new ManualClock(now);
    const o = new Outbox({ dir: tmp.dir, clock });
    const policy = { maxAgeDays: 30, maxBytes: 50 << 20 };
    await o.append([...sessions(2, now - 40 * DAY), ...sessions(1, now - DAY)]);
    const first = await enforceRetention(o, policy);
    assert.deepEqual([first.dropped, first.held, first.dropAfter], [0, 2, new Date(now + DAY).toISOString()], 'past the cap, but nobody was warned yet');
    assert.equal((await o.stats()).events, 3);
    clock.advance(DAY - 1000);
    assert.deepEqual([(await enforceRetention(o, policy)).held, (await o.stats()).events], [2, 3], 'the warning stands a full day');
    clock.advance(1000);
    const later = await enforceRetention(o, policy);
    assert.deepEqual([later.dropped, later.held, (await o.stats()).events], [2, 0, 1]);
    // Once nothing is at risk the warning is spent: the next expiry is warned about afresh.
    clock.advance(40 * DAY);
    assert.deepEqual([(await enforceRetention(o, policy)).held, (await o.stats()).events], [1, 1]);
  });

  it('retention drops the oldest files when over the size cap, and warns at 80%', async () => {
    const clock = new ManualClock(Date.now());
    const o = new Outbox({ dir: tmp.dir, segmentBytes: 1024, clock });
    const events = sessions(40);
    await o.append(events);
    const total = (await o.stats()).bytes;
    const near = await enforceRetention(o, { maxAgeDays: 3650, maxBytes: Math.ceil(total / 0.9) });
    assert.deepEqual([near.dropped, near.nearSizeLimit], [0, true]);
    clock.advance(DAY);
    const cut = await enforceRetention(o, { maxAgeDays: 3650, maxBytes: Math.floor(total / 2) });
    assert.ok(cut.dropped > 0 && cut.bytes <= total / 2);
    const left = await o.stats();
    assert.equal(left.events, 40 - cut.dropped);
    assert.equal(left.oldest, events[cut.dropped]?.at, 'the oldest went first');
  });

  it('retention over the size cap with no warning yet holds the events for a day', async () => {
    const clock = new ManualClock(Date.now());
    const o = new Outbox({ dir: tmp.dir, segmentBytes: 1024, clock });
    await o.append(sessions(40));
    const total = (await o.stats()).bytes;
    const policy = { maxAgeDays: 3650, maxBytes: Math.floor(total / 2) };
    const held = await enforceRetention(o, policy);
    assert.ok(held.dropped === 0 && held.held > 0 && held.nearSizeLimit, JSON.stringify(held));
    assert.equal((await o.stats()).events, 40);
    clock.advance(DAY);
    const cut = await enforceRetention(o, policy);
    assert.deepEqual([cut.dropped, (await o.stats()).events], [held.held, 40 - held.held]);
  });

  it('appends after a torn line start a new file instead of gluing to it', async () => {
    const o = new Outbox({ dir: tmp.dir });
    await o.append(sessions(1));
    const file = path.join(tmp.dir, readdirSync(tmp.dir).find((f) => f.endsWith('.jsonl')) as string);
    appendFileSync(file, '{"schema":"practicum.ev'); // a crash mid-write, by a previous process
    await new Outbox({ dir: tmp.dir }).append(sessions(1));
    const s = await o.stats();
    assert.deepEqual([s.events, s.malformed], [2, 1]);
  });
});

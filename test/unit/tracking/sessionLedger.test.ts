import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mergeSpans, SessionLedger, unclaimedParts } from '../../../src/core/tracking/sessionLedger';
import type { SessionRecord } from '../../../src/core/tracking/sessions';

const session = (start: number, end: number, more: Partial<SessionRecord> = {}): SessionRecord => ({
  start,
  end,
  seconds: end - start,
  aiAssistedSeconds: 0,
  exercise: null,
  ...more,
});
const total = (ss: SessionRecord[]) => ss.reduce((n, s) => n + s.seconds, 0);

describe('tracking/sessionLedger', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'practicum-ledger-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the parts of a span no claimed span covers', () => {
    assert.deepEqual(unclaimedParts([0, 100], []), [[0, 100]]);
    assert.deepEqual(unclaimedParts([0, 100], [[20, 30], [50, 60]]), [[0, 20], [30, 50], [60, 100]]);
    assert.deepEqual(unclaimedParts([25, 55], [[20, 30], [50, 60]]), [[30, 50]]);
    assert.deepEqual(unclaimedParts([0, 100], [[-10, 200]]), []);
    assert.deepEqual(unclaimedParts([0, 10], [[10, 20]]), [[0, 10]], 'touching spans do not overlap');
    assert.deepEqual(mergeSpans([[0, 10], [30, 40]], [[10, 20], [35, 50], [60, 70]]), [[0, 20], [30, 50], [60, 70]]);
  });

  it('reports what two windows spent in turn once: overlapping and nested sessions give the union', async () => {
    const a = new SessionLedger(path.join(dir, 'ledger.json'));
    const b = new SessionLedger(path.join(dir, 'ledger.json'));
    // Window B's session (10:10–10:20) sits inside window A's (10:00–10:30) and closes first.
    const fromB = await b.claim(session(600, 1200, { exercise: 'rag-prototype' }));
    assert.deepEqual(fromB.sessions, [session(600, 1200, { exercise: 'rag-prototype' })]);
    const fromA = await a.claim(session(0, 1800, { aiAssistedSeconds: 180 }));
    assert.deepEqual(
      fromA.sessions.map((s) => [s.start, s.end, s.seconds, s.aiAssistedSeconds]),
      [
        [0, 600, 600, 60],
        [1200, 1800, 600, 60],
      ],
      'the parts B did not report, with AI-assisted time shared in proportion',
    );
    // A third window's session overlapping the end, and one already reported in full.
    const late = await a.claim(session(1500, 2400));
    assert.deepEqual(late.sessions.map((s) => [s.start, s.end]), [[1800, 2400]]);
    assert.deepEqual((await b.claim(session(100, 500))).sessions, []);
    assert.equal(total([...fromB.sessions, ...fromA.sessions, ...late.sessions]), 2400, 'the union of the spans, not their sum (3300)');
  });

  it('forgets spans older than it needs to remember', async () => {
    const ledger = new SessionLedger(path.join(dir, 'ledger.json'), 1000);
    await ledger.claim(session(0, 100));
    await ledger.claim(session(5000, 5100));
    assert.deepEqual((await ledger.claim(session(0, 100))).sessions, [session(0, 100)], 'the old span was dropped');
  });

  it('reports the session whole when the ledger is corrupt, and keeps the bad file beside it', async () => {
    const file = path.join(dir, 'ledger.json');
    writeFileSync(file, '{"schema":"practicum.session-ledger/v1","claimed":[[0,');
    const r = await new SessionLedger(file).claim(session(0, 60));
    assert.deepEqual(r.sessions, [session(0, 60)]);
    assert.match(r.problem ?? '', /not readable .*moved to .*corrupt/);
    assert.equal(readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 1);
    assert.deepEqual((await new SessionLedger(file).claim(session(0, 60))).sessions, [], 'a fresh ledger was written');
  });

  it('never reports a second twice when two processes claim overlapping sessions at once', async function () {
    this.timeout(30_000);
    const modulePath = path.resolve(__dirname, '../../../src/core/tracking/sessionLedger.js');
    const script = path.join(dir, 'window.js');
    // Each "window" closes 60 sessions of 100 s, shifted by 50 s against the other's.
    writeFileSync(
      script,
      `const { SessionLedger } = require(${JSON.stringify(modulePath)});
       (async () => {
         const ledger = new SessionLedger(process.argv[2]);
         const shift = Number(process.argv[3]);
         let seconds = 0;
         for (let i = 0; i < 60; i++) {
           const start = i * 200 + shift;
           const r = await ledger.claim({ start, end: start + 100, seconds: 100, aiAssistedSeconds: 0, exercise: null });
           seconds += r.sessions.reduce((n, s) => n + s.seconds, 0);
         }
         process.send(seconds);
       })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    const file = path.join(dir, 'shared', 'ledger.json');
    mkdirSync(path.dirname(file));
    const run = (shift: number) =>
      new Promise<number>((resolve, reject) => {
        let sent = -1;
        fork(script, [file, String(shift)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
          .on('message', (m) => (sent = m as number))
          .on('exit', (code) => (code === 0 ? resolve(sent) : reject(new Error(`exit ${code}`))));
      });
    const [x, y] = await Promise.all([run(0), run(50)]);
    // Union: 60 spans of 150 s (100 s each, overlapping by 50 s).
    assert.equal(x + y, 60 * 150);
    assert.ok(existsSync(file));
  });
});

import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Heartbeat } from '../../../src/core/tracking/heartbeat';
import { HeartbeatLog, monthFileName, parseHeartbeatLine, readHeartbeatFile } from '../../../src/core/tracking/heartbeatLog';

const hb = (at: string, more: Partial<Heartbeat> = {}): Heartbeat => ({ at, kind: 'edit', exercise: null, language: 'typescript', ai: false, ...more });

describe('tracking/heartbeatLog', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'practicum-hb-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('buffers heartbeats and appends them in one write per month file', async () => {
    const log = new HeartbeatLog(dir);
    log.add(hb('2026-01-31T23:59:00.000Z'));
    log.add(hb('2026-02-01T00:01:00.000Z', { exercise: 'rag-prototype' }));
    log.add(hb('2026-02-01T00:02:00.000Z', { ai: true }));
    assert.deepEqual(readdirSync(dir), [], 'nothing on disk before a flush');
    await log.flush();
    assert.equal(log.writes, 2);
    assert.deepEqual(readdirSync(dir).sort(), ['heartbeats-2026-01.jsonl', 'heartbeats-2026-02.jsonl']);
    const feb = readFileSync(path.join(dir, 'heartbeats-2026-02.jsonl'), 'utf8');
    assert.equal(feb.split('\n').length, 3, 'two lines, newline-terminated');
    assert.deepEqual(JSON.parse(feb.split('\n')[0] as string), { at: '2026-02-01T00:01:00.000Z', kind: 'edit', exercise: 'rag-prototype', language: 'typescript', ai: false });
    const back = await log.read(Date.parse('2026-01-31T00:00:00Z'), Date.parse('2026-02-01T00:01:30Z'));
    assert.deepEqual(back.heartbeats.map((h) => h.at), ['2026-01-31T23:59:00.000Z', '2026-02-01T00:01:00.000Z']);
  });

  it('skips a truncated last line on read, and starts the next batch on a fresh line', async () => {
    const file = path.join(dir, monthFileName('2026-01-12T09:00:00Z'));
    writeFileSync(file, JSON.stringify(hb('2026-01-12T09:00:00.000Z')) + '\n{"at":"2026-01-12T09:0');
    const log = new HeartbeatLog(dir);
    log.add(hb('2026-01-12T09:05:00.000Z'));
    await log.flush();
    const r = await readHeartbeatFile(file);
    assert.deepEqual(r.heartbeats.map((h) => h.at), ['2026-01-12T09:00:00.000Z', '2026-01-12T09:05:00.000Z']);
    assert.deepEqual(r.skipped.map((s) => s.line), [2]);
    assert.match(r.skipped[0]?.problem ?? '', /truncated/);
  });

  it('rejects lines that carry more than the contract allows, such as a file path', () => {
    assert.equal(typeof parseHeartbeatLine(JSON.stringify(hb('2026-01-12T09:00:00.000Z'))), 'object');
    assert.match(parseHeartbeatLine(JSON.stringify({ ...hb('2026-01-12T09:00:00Z'), file: '/home/a/secret.ts' })) as string, /file|Unrecognized/i);
    assert.match(parseHeartbeatLine(JSON.stringify(hb('yesterday'))) as string, /field at/);
    assert.match(parseHeartbeatLine(JSON.stringify(hb('2026-01-12T09:00:00Z', { kind: 'typing' as never }))) as string, /field kind/);
  });

  it('puts a batch back when the write fails, so nothing is lost', async () => {
    const blocked = path.join(dir, 'not-a-dir');
    writeFileSync(blocked, 'x');
    const log = new HeartbeatLog(blocked);
    log.add(hb('2026-01-12T09:00:00.000Z'));
    await assert.rejects(log.flush());
    assert.equal(log.pending.length, 1);
  });

  it('keeps every line whole when two processes append at once', async function () {
    this.timeout(20_000);
    const script = path.join(dir, 'writer.js');
    const modulePath = path.resolve(__dirname, '../../../src/core/tracking/heartbeatLog.js');
    writeFileSync(
      script,
      `const { HeartbeatLog } = require(${JSON.stringify(modulePath)});
       (async () => {
         const log = new HeartbeatLog(process.argv[2]);
         for (let b = 0; b < 40; b++) {
           for (let i = 0; i < 25; i++) log.add({ at: new Date(Date.UTC(2026, 0, 12, 9, 0, 0, b * 25 + i)).toISOString(), kind: 'edit', exercise: process.argv[3], language: 'typescript', ai: false });
           await log.flush();
         }
       })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    const logDir = path.join(dir, 'log');
    const run = (who: string) =>
      new Promise<number>((resolve) => fork(script, [logDir, who], { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? -1)));
    assert.deepEqual(await Promise.all([run('window-a'), run('window-b')]), [0, 0]);
    const r = await readHeartbeatFile(path.join(logDir, 'heartbeats-2026-01.jsonl'));
    assert.equal(r.skipped.length, 0);
    assert.equal(r.heartbeats.filter((h) => h.exercise === 'window-a').length, 1000);
    assert.equal(r.heartbeats.filter((h) => h.exercise === 'window-b').length, 1000);
  });

  it('reads nothing from a folder that does not exist yet', async () => {
    const r = await new HeartbeatLog(path.join(dir, 'missing')).read(0, Date.now());
    assert.deepEqual(r, { heartbeats: [], skipped: [] });
    appendFileSync(path.join(dir, 'unrelated.txt'), 'x');
    assert.deepEqual((await new HeartbeatLog(dir).read(0, Date.now())).heartbeats, []);
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TimeReportSchema } from '../../../src/core/tracking/report';
import { runCli } from '../helpers/cli';

const line = (at: string, exercise: string | null = null, ai = false, kind = 'edit') => JSON.stringify({ at, kind, exercise, language: 'python', ai });

describe('practicum time', () => {
  let dir: string;
  let a: string;
  let b: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'practicum-time-cli-'));
    a = path.join(dir, 'heartbeats-2026-01.jsonl');
    b = path.join(dir, 'other-window.jsonl');
    // Berlin is UTC+1 in January: 22:50Z is 23:50 local.
    writeFileSync(
      a,
      [
        line('2026-01-14T23:05:00.000Z', 'rag-prototype', true), // out of order on purpose
        line('2026-01-14T22:50:00.000Z', 'rag-prototype'),
        'this is not json',
        line('2026-01-14T23:20:00.000Z', 'eval-harness'), // exactly 15 min after 23:05: counted
        JSON.stringify({ at: '2026-01-14T23:21:00Z', kind: 'edit', exercise: null, language: null, ai: false, path: '/secret' }),
        line('2026-01-14T23:35:01.000Z', 'eval-harness'), // 15 min 1 s later: a new session
        '{"at":"2026-01-14T23:40:00.000Z","kind":"ed',
      ].join('\n'),
    );
    writeFileSync(b, [line('2026-01-14T23:40:00.000Z', 'eval-harness', false, 'save'), ''].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('replays several logs in any order into the practicum.time/v1 object', () => {
    const r = runCli(['time', '--log', a, b, '--tz', 'Europe/Berlin', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = TimeReportSchema.parse(r.json());
    assert.deepEqual(report, {
      schema: 'practicum.time/v1',
      idleMinutes: 15,
      totalSeconds: 1800 + 299,
      sessions: [
        { start: '2026-01-14T22:50:00.000Z', end: '2026-01-14T23:20:00.000Z', seconds: 1800 },
        { start: '2026-01-14T23:35:01.000Z', end: '2026-01-14T23:40:00.000Z', seconds: 299 },
      ],
      byExercise: { 'eval-harness': 299, 'rag-prototype': 1800 },
      byDay: { '2026-01-14': 600, '2026-01-15': 1200 + 299 },
      aiAssistedSeconds: 900,
      skippedLines: 3,
    });
  });

  it('reports each malformed line on stderr with its file and line number, and still exits 0', () => {
    const r = runCli(['time', '--log', a, '--log', b, '--tz', 'UTC', '--json']);
    assert.equal(r.code, 0);
    const warnings = r.stderr.trim().split('\n');
    assert.equal(warnings.length, 3);
    assert.match(warnings[0] ?? '', new RegExp(`${path.basename(a)}:3: not valid JSON`));
    assert.match(warnings[1] ?? '', /:5: .*(path|Unrecognized)/);
    assert.match(warnings[2] ?? '', /:7: not valid JSON \(truncated/);
    assert.deepEqual(r.json().byDay, { '2026-01-14': 1800 + 299 });
  });

  it('uses the idle timeout it is given', () => {
    const r = runCli(['time', '--log', a, b, '--idle-minutes', '30', '--tz', 'UTC', '--json']);
    assert.equal(r.json().totalSeconds, 3000);
    assert.equal(r.json().idleMinutes, 30);
    assert.equal(r.json().sessions.length, 1);
  });

  it('prints a readable summary without --json', () => {
    const r = runCli(['time', '--log', a, b, '--tz', 'Europe/Berlin']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Hands-on time: 34m in 2 sessions \(AI-assisted 43%/);
    assert.match(r.stdout, /2026-01-15  24m/);
  });

  it('exits 2 with a message naming the fix on bad usage', () => {
    for (const [args, msg] of [
      [['time', '--json'], /missing --log/],
      [['time', '--log', a, '--idle-minutes', '4'], /5 to 240/],
      [['time', '--log', a, '--idle-minutes', 'ten'], /whole number/],
      [['time', '--log', a, '--tz', 'Mars/Base'], /unknown time zone/],
      [['time', '--log', path.join(dir, 'nope.jsonl')], /file not found. Check the path/],
      [['time', '--log', a, '--frobnicate'], /--help/],
    ] as const) {
      const r = runCli([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, msg);
    }
  });
});

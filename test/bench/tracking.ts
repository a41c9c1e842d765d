/**
 * Time tracking under load: one million editor events (keystrokes with their cursor moves, file
 * switches, saves, AI bursts) through the AI detector, the tracker, the session accumulator and the
 * JSONL log on a real temp folder. Reports the time against two references over the same events (a
 * plain loop, and serialising each event once, i.e. the cheapest per-keystroke log write), the disk
 * writes per keystroke, and the AI rule's false-positive rate on replayed traces against the older rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AiEditDetector, type RawEdit } from '../../src/core/tracking/aiDetector';
import { LocalCalendar } from '../../src/core/tracking/calendar';
import type { ActivityEvent, Heartbeat, HeartbeatKind } from '../../src/core/tracking/heartbeat';
import { HeartbeatLog } from '../../src/core/tracking/heartbeatLog';
import { SessionAccumulator, toPoint } from '../../src/core/tracking/sessions';
import { Tracker } from '../../src/core/tracking/tracker';
import { AI_CLASSES, formatComparison, HUMAN_CLASSES, makeTrace, measureRule, ReferenceAiRule, type ClassResult, type TraceClass } from '../unit/tracking/traces';
import { median, type BenchReport } from './report';

const EVENTS = 1_000_000;
/** Distinct events generated; the million replays them with a time offset, so the working set stays small, as in an editor. */
const BASE = 60_000;

interface Step {
  ev: ActivityEvent;
  raw: RawEdit | undefined;
  /** Time within the base traces; the replay adds an offset per round. */
  t: number;
}

/** Base events: every edit followed by its cursor move, a save every ~150 edits, a file per trace, breaks between traces. */
function buildBase(): { steps: Step[]; span: number } {
  const steps: Step[] = [];
  const classes: TraceClass[] = ['typing', 'completion', 'pasting', 'agent', 'typing', 'streaming'];
  const start = Date.parse('2026-01-05T08:00:00Z');
  let t = start;
  let edits = 0;
  for (let seed = 1; steps.length < BASE; seed++) {
    const trace = makeTrace(classes[seed % classes.length] as TraceClass, seed, t);
    const source = `file-${seed % 7}.ts`;
    for (const { edit } of trace.edits) {
      if (steps.length >= BASE) break;
      const exercise = seed % 3 ? 'rag-prototype' : null;
      const ev = (at: number, kind: HeartbeatKind): ActivityEvent => ({ at, kind, source, language: 'typescript', exercise, ai: false });
      const raw: RawEdit = { ...edit };
      steps.push({ ev: ev(edit.at, 'edit'), raw, t: edit.at });
      steps.push({ ev: ev(edit.at, 'select'), raw: undefined, t: edit.at });
      if (++edits % 150 === 0) steps.push({ ev: ev(edit.at + 5, 'save'), raw: undefined, t: edit.at + 5 });
    }
    t = (trace.edits.at(-1)?.edit.at ?? t) + (seed % 4 === 0 ? 30 * 60_000 : 90_000); // some breaks pass the idle timeout
  }
  return { steps, span: t - start + 30 * 60_000 };
}

/** Calls `fn` for each of the million events in order, moving the base events forward in time each round. */
function replay(base: { steps: Step[]; span: number }, fn: (s: Step) => void): void {
  for (let n = 0, round = 0; n < EVENTS; round++) {
    const offset = round * base.span;
    for (const s of base.steps) {
      if (n++ >= EVENTS) return;
      s.ev.at = s.t + offset;
      if (s.raw) s.raw.at = s.ev.at;
      fn(s);
    }
  }
}

/** The editor's path for every event, with the log's buffer drained every 30 s instead of written (see `diskRun`). */
function pipeline(base: { steps: Step[]; span: number }): { ms: number; heartbeats: number; batches: number; sessions: number } {
  const buffered: unknown[] = [];
  let batches = 0;
  const acc = new SessionAccumulator(15 * 60, new LocalCalendar('Europe/Berlin'), () => {});
  const tracker = new Tracker((hb) => {
    buffered.push(hb);
    acc.push(toPoint(hb));
  });
  const detector = new AiEditDetector();
  let nextTick = 0;
  let nextFlush = 0;
  const started = performance.now();
  replay(base, ({ ev, raw }) => {
    ev.ai = raw ? detector.observe(raw) : false;
    tracker.observe(ev);
    if (ev.at >= nextTick) {
      tracker.tick(ev.at); // the editor's one-second timer
      acc.tick(Math.floor(ev.at / 1000));
      nextTick = ev.at + 1_000;
    }
    if (ev.at >= nextFlush) {
      if (buffered.length) batches++;
      buffered.length = 0;
      nextFlush = ev.at + 30_000;
    }
  });
  tracker.flush();
  acc.close();
  return { ms: performance.now() - started, heartbeats: tracker.emitted, batches, sessions: acc.totals.sessions.length };
}

/** The same million events once more with the real JSONL log on a temp folder: counts disk writes and checks every heartbeat landed. */
async function diskRun(base: { steps: Step[]; span: number }): Promise<{ writes: number; flushMs: number; heartbeats: number; readBack: number; keystrokes: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'practicum-bench-time-'));
  try {
    // The replay is synchronous, as editor events are; cut the heartbeats into the batches the 30-second timer would flush.
    const batches: Heartbeat[][] = [[]];
    const tracker = new Tracker((hb) => (batches.at(-1) as Heartbeat[]).push(hb));
    const detector = new AiEditDetector();
    let keystrokes = 0;
    let nextTick = 0;
    let nextFlush = 0;
    replay(base, ({ ev, raw }) => {
      if (raw) keystrokes++;
      ev.ai = raw ? detector.observe(raw) : false;
      tracker.observe(ev);
      if (ev.at >= nextTick) {
        tracker.tick(ev.at);
        nextTick = ev.at + 1_000;
      }
      if (ev.at >= nextFlush) {
        batches.push([]);
        nextFlush = ev.at + 30_000;
      }
    });
    tracker.flush();
    const log = new HeartbeatLog(dir);
    const started = performance.now();
    for (const batch of batches) {
      for (const hb of batch) log.add(hb);
      await log.flush();
    }
    const flushMs = performance.now() - started;
    const back = await log.read(0, Date.parse('2100-01-01T00:00:00Z'));
    return { writes: log.writes, flushMs, heartbeats: tracker.emitted, readBack: back.heartbeats.length, keystrokes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function plainLoop(base: { steps: Step[]; span: number }): number {
  let edits = 0;
  let last = 0;
  const started = performance.now();
  replay(base, ({ ev }) => {
    if (ev.kind === 'edit') edits++;
    if (ev.at > last) last = ev.at;
  });
  const ms = performance.now() - started;
  if (edits < 0 || last < 0) throw new Error('unreachable');
  return ms;
}

function serialiseEach(base: { steps: Step[]; span: number }): number {
  let bytes = 0;
  const started = performance.now();
  replay(base, ({ ev }) => {
    bytes += JSON.stringify(ev).length;
  });
  const ms = performance.now() - started;
  if (bytes < 0) throw new Error('unreachable');
  return ms;
}

const rate = (rs: ClassResult[], classes: readonly TraceClass[]) => {
  const sel = rs.filter((r) => classes.includes(r.cls));
  return sel.reduce((s, r) => s + r.flagged, 0) / Math.max(1, sel.reduce((s, r) => s + r.edits, 0));
};

export async function run(): Promise<BenchReport> {
  const base = buildBase();
  const runs: Array<ReturnType<typeof pipeline>> = [];
  const plain: number[] = [];
  const serial: number[] = [];
  for (let i = 0; i < 5; i++) {
    runs.push(pipeline(base));
    plain.push(plainLoop(base));
    serial.push(serialiseEach(base));
  }
  const ms = median(runs.map((r) => r.ms));
  const plainMs = median(plain);
  const serialMs = median(serial);
  const last = runs.at(-1) as ReturnType<typeof pipeline>;
  const disk = await diskRun(base);
  const writesPerKeystroke = disk.writes / disk.keystrokes;

  const ours = measureRule(() => new AiEditDetector(), 200, 7);
  const reference = measureRule(() => new ReferenceAiRule(), 200, 7);
  const humanEdits = ours.filter((r) => HUMAN_CLASSES.includes(r.cls)).reduce((s, r) => s + r.edits, 0);
  const ourFp = rate(ours, HUMAN_CLASSES);

  return {
    figures: [
      { name: 'events (edit + cursor move per keystroke, saves, file switches, AI bursts)', value: EVENTS },
      { name: 'keystroke edits among them', value: disk.keystrokes },
      { name: 'detector + tracker + sessions, median of 5', value: ms.toFixed(1), unit: 'ms' },
      { name: 'reference: plain loop over the same events', value: plainMs.toFixed(1), unit: 'ms' },
      { name: 'reference: JSON.stringify of each event', value: serialMs.toFixed(1), unit: 'ms' },
      { name: 'tracking / plain loop', value: (ms / plainMs).toFixed(1), unit: 'x' },
      { name: 'tracking / stringify each event', value: (ms / serialMs).toFixed(2), unit: 'x' },
      { name: 'heartbeats', value: last.heartbeats },
      { name: 'sessions', value: last.sessions },
      { name: 'disk writes (one per 30 s batch that has heartbeats)', value: disk.writes },
      { name: 'disk write time, all batches (off the keystroke path)', value: disk.flushMs.toFixed(0), unit: 'ms' },
      { name: 'heartbeats read back from the log', value: `${disk.readBack} of ${disk.heartbeats}` },
      { name: 'disk writes per keystroke', value: writesPerKeystroke.toFixed(5) },
      ...formatComparison(ours, reference).map((line) => ({ name: `AI rule, ${line.split(':')[0]}`, value: line.slice(line.indexOf(':') + 2) })),
      { name: 'AI rule false positives over all human edits (ours)', value: `${ours.filter((r) => HUMAN_CLASSES.includes(r.cls)).reduce((s, r) => s + r.flagged, 0)} of ${humanEdits} (${(100 * ourFp).toFixed(3)}%)` },
      { name: 'AI rule false positives over all human edits (reference)', value: `${(100 * rate(reference, HUMAN_CLASSES)).toFixed(2)}%` },
      { name: 'AI edits caught, agent + streaming (ours / reference)', value: `${(100 * rate(ours, ['agent', 'streaming'])).toFixed(1)}% / ${(100 * rate(reference, ['agent', 'streaming'])).toFixed(1)}%` },
      { name: 'inline suggestion accepts caught (ours / reference)', value: `${(100 * rate(ours, ['inline'])).toFixed(1)}% / ${(100 * rate(reference, ['inline'])).toFixed(1)}%` },
    ],
    targets: [
      { name: '1M events through the tracker', actual: `${ms.toFixed(0)} ms`, target: '< 1000 ms', ok: ms < 1000 },
      { name: 'cheaper than serialising each event once', actual: `${(ms / serialMs).toFixed(2)}x`, target: '< 1x', ok: ms < serialMs },
      { name: 'no disk write per keystroke', actual: `${writesPerKeystroke.toFixed(5)} writes/keystroke, ${disk.readBack}/${disk.heartbeats} heartbeats on disk`, target: '< 0.01 (one write per 100+ keystrokes), none lost', ok: writesPerKeystroke < 0.01 && disk.readBack === disk.heartbeats },
      { name: 'AI rule false positives on human traces', actual: `${(100 * ourFp).toFixed(3)}%`, target: `< 0.1% and below the reference rule`, ok: ourFp < 0.001 && ourFp < rate(reference, HUMAN_CLASSES) },
      { name: 'AI bursts caught', actual: `${AI_CLASSES.filter((c) => c !== 'inline').map((c) => `${c} ${ours.find((r) => r.cls === c)?.tracesFlagged}/200 traces`).join(', ')}`, target: 'every agent and streaming trace', ok: ours.filter((r) => r.cls === 'agent' || r.cls === 'streaming').every((r) => r.tracesFlagged === r.traces) },
    ],
  };
}

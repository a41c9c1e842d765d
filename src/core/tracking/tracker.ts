import type { ActivityEvent, Heartbeat, HeartbeatKind } from './heartbeat';

/** Tuning of the heartbeat model; the defaults follow the best-known editor time tracker. */
export interface TrackerOptions {
  /** Events closer than this form one burst, settled by its last event. */
  debounceMs?: number;
  /** A burst never grows longer than this, so a key held down still settles. */
  maxBurstMs?: number;
  /** At most one heartbeat per source in this interval, unless it changes, is saved, or attribution flips. */
  throttleMs?: number;
  /**
   * Activity swallowed by the throttle after the last heartbeat is written as one trailing heartbeat
   * once the user has been quiet this long (or on blur, pause and flush), so the end of every burst
   * of work is counted instead of being lost up to `throttleMs`.
   */
  tailQuietMs?: number;
}

/** The burst in progress or the trailing activity; reused objects keep the per-keystroke path allocation-free. */
interface Slot extends ActivityEvent {
  set: boolean;
  start: number;
  write: boolean;
}

const emptySlot = (): Slot => ({ set: false, start: 0, at: 0, kind: 'select', source: '', language: null, exercise: null, ai: false, write: false });

/** Which kind names a burst that mixes several: what the user did, not what followed from it. */
const rank: Record<HeartbeatKind, number> = { save: 7, edit: 6, terminal: 5, debug: 4, task: 3, open: 2, focus: 1, select: 0 };

/**
 * Turns editor events into heartbeats: bursts are debounced, each source gets at most one heartbeat
 * per `throttleMs` unless the source changes, the file is saved, or the exercise or AI state flips;
 * nothing is recorded while the window is unfocused or tracking is paused. Pure and synchronous:
 * the clock arrives with each event and with `tick`, so traces replay exactly.
 */
export class Tracker {
  private readonly debounceMs: number;
  private readonly maxBurstMs: number;
  private readonly throttleMs: number;
  private readonly tailQuietMs: number;
  private burst = emptySlot();
  private tail = emptySlot();
  private spare = emptySlot();
  private last: { at: number; source: string; exercise: string | null; ai: boolean } | undefined;
  private focused = true;
  private paused = false;
  /** Heartbeats emitted so far (for diagnostics and benchmarks). */
  emitted = 0;

  constructor(
    private readonly onHeartbeat: (hb: Heartbeat) => void,
    opts: TrackerOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 50;
    this.maxBurstMs = opts.maxBurstMs ?? 2_000;
    this.throttleMs = opts.throttleMs ?? 120_000;
    this.tailQuietMs = opts.tailQuietMs ?? 60_000;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isFocused(): boolean {
    return this.focused;
  }

  /** Feeds one editor event. O(1), no allocation unless a heartbeat is emitted. */
  observe(e: ActivityEvent): void {
    if (this.paused || !this.focused) return;
    const b = this.burst;
    if (b.set && e.at - b.at <= this.debounceMs && e.at - b.start <= this.maxBurstMs) {
      b.at = e.at;
      if (rank[e.kind] >= rank[b.kind]) b.kind = e.kind;
      b.source = e.source;
      b.language = e.language;
      b.exercise = e.exercise;
      b.ai = b.ai || e.ai;
      b.write = b.write || e.kind === 'save';
      return;
    }
    if (b.set) this.settle();
    const n = this.burst; // settling may have rotated the slots
    n.set = true;
    n.start = n.at = e.at;
    n.kind = e.kind;
    n.source = e.source;
    n.language = e.language;
    n.exercise = e.exercise;
    n.ai = e.ai;
    n.write = e.kind === 'save';
  }

  /** Lets time pass: settles a finished burst and writes the trailing heartbeat after a quiet spell. */
  tick(now: number): void {
    if (this.burst.set && now - this.burst.at > this.debounceMs) this.settle();
    if (this.tail.set && now - this.tail.at >= this.tailQuietMs) this.emitTail();
  }

  /** Window focus changed. Losing focus closes the current burst and its tail; gaining it is up to the caller to report as a `focus` event. */
  setFocused(focused: boolean): void {
    if (!focused) this.flush();
    this.focused = focused;
  }

  setPaused(paused: boolean): void {
    if (paused) this.flush();
    this.paused = paused;
  }

  /** Emits whatever is pending (burst, tail): on blur, pause and deactivate. */
  flush(): void {
    if (this.burst.set) this.settle();
    if (this.tail.set) this.emitTail();
  }

  private settle(): void {
    const b = this.burst;
    b.set = false;
    const l = this.last;
    const due = !l || b.write || b.source !== l.source || b.exercise !== l.exercise || b.ai !== l.ai || b.at - l.at >= this.throttleMs;
    if (due) {
      this.tail.set = false;
      this.emit(b);
      return;
    }
    // The latest swallowed burst becomes the tail: rotate slots instead of copying.
    const superseded = this.tail;
    superseded.set = false;
    this.tail = b;
    b.set = true;
    this.burst = this.spare;
    this.spare = superseded;
  }

  private emitTail(): void {
    const t = this.tail;
    t.set = false;
    if (this.last && t.at <= this.last.at) return;
    this.emit(t);
  }

  private emit(s: Slot): void {
    this.last = { at: s.at, source: s.source, exercise: s.exercise, ai: s.ai };
    this.emitted++;
    this.onHeartbeat({ at: new Date(s.at).toISOString(), kind: s.write ? 'save' : s.kind, exercise: s.exercise, language: s.language, ai: s.ai });
  }
}

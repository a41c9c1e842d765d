import type { LocalCalendar } from './calendar';
import type { Heartbeat } from './heartbeat';

/** A heartbeat reduced to what time accounting needs; `t` is whole seconds since the epoch. */
export interface TimePoint {
  t: number;
  exercise: string | null;
  ai: boolean;
}

/** Whole seconds, so every total is an exact sum of its parts. */
export function toPoint(hb: Heartbeat): TimePoint {
  return { t: Math.floor(Date.parse(hb.at) / 1000), exercise: hb.exercise, ai: hb.ai };
}

/** Key used for time credited to no exercise. */
export const NO_EXERCISE = 'none';

/** One session: consecutive heartbeats no further apart than the idle timeout. Times in epoch seconds. */
export interface SessionRecord {
  start: number;
  end: number;
  seconds: number;
  aiAssistedSeconds: number;
  /** The exercise credited with most of the session's time, or null. */
  exercise: string | null;
}

/** Totals of a replay. Seconds are whole; byDay keys are local `YYYY-MM-DD` dates. */
export interface TimeSummary {
  totalSeconds: number;
  aiAssistedSeconds: number;
  byExercise: Record<string, number>;
  byDay: Record<string, number>;
  /** Sessions with counted time, in start order (single-heartbeat sessions count nothing and are left out). */
  sessions: SessionRecord[];
}

export function emptySummary(): TimeSummary {
  return { totalSeconds: 0, aiAssistedSeconds: 0, byExercise: {}, byDay: {}, sessions: [] };
}

interface OpenSession {
  start: number;
  end: number;
  seconds: number;
  ai: number;
  byExercise: Map<string | null, number>;
}

/**
 * The session rule, fed one heartbeat at a time in time order: a gap no longer than the idle timeout
 * is counted in full and credited to the earlier heartbeat's exercise (and to AI-assisted time when
 * that heartbeat was in an AI burst); a longer gap counts nothing and starts a new session. Day totals
 * are split at local midnight. An optional window clips what is credited (e.g. to this week).
 */
export class SessionAccumulator {
  private prev: TimePoint | undefined;
  private cur: OpenSession | undefined;

  constructor(
    private readonly idleSeconds: number,
    private readonly calendar: LocalCalendar,
    private readonly onClose: (s: SessionRecord) => void,
    readonly totals: TimeSummary = emptySummary(),
    private readonly window: { from: number; to: number } = { from: -Infinity, to: Infinity },
  ) {}

  /** Seconds since the epoch of the last heartbeat pushed, if a session is open. */
  get lastT(): number | undefined {
    return this.prev?.t;
  }

  push(p: TimePoint): void {
    const prev = this.prev;
    if (prev && p.t >= prev.t && p.t - prev.t <= this.idleSeconds && this.cur) {
      this.credit(prev, prev.t, p.t, this.cur);
      this.cur.end = p.t;
    } else {
      this.close();
      this.cur = { start: p.t, end: p.t, seconds: 0, ai: 0, byExercise: new Map() };
    }
    this.prev = p;
  }

  /** Closes the open session if the idle timeout has passed by `nowSeconds`. */
  tick(nowSeconds: number): void {
    if (this.prev && nowSeconds - this.prev.t > this.idleSeconds) this.close();
  }

  close(): void {
    const c = this.cur;
    this.cur = undefined;
    this.prev = undefined;
    if (!c || c.seconds === 0) return;
    let exercise: string | null = null;
    let most = -1;
    for (const [id, s] of c.byExercise) {
      if (s > most) {
        most = s;
        exercise = id;
      }
    }
    const record = { start: c.start, end: c.end, seconds: c.seconds, aiAssistedSeconds: c.ai, exercise };
    this.totals.sessions.push(record);
    this.onClose(record);
  }

  private credit(p: TimePoint, from: number, to: number, s: OpenSession): void {
    let a = Math.max(from, this.window.from);
    const b = Math.min(to, this.window.to);
    if (b <= a) return;
    const n = b - a;
    const t = this.totals;
    t.totalSeconds += n;
    s.seconds += n;
    const key = p.exercise ?? NO_EXERCISE;
    t.byExercise[key] = (t.byExercise[key] ?? 0) + n;
    s.byExercise.set(p.exercise, (s.byExercise.get(p.exercise) ?? 0) + n);
    if (p.ai) {
      t.aiAssistedSeconds += n;
      s.ai += n;
    }
    while (a < b) {
      const day = this.calendar.day(a * 1000);
      const e = Math.min(b, Math.ceil(day.end / 1000));
      t.byDay[day.key] = (t.byDay[day.key] ?? 0) + (e - a);
      a = e;
    }
  }
}

/**
 * Replays heartbeats in any order into sessions and totals. `window` (epoch seconds) limits what is
 * credited, so "this week" counts a session that started on Sunday night only from Monday 00:00.
 */
export function summarize(
  points: readonly TimePoint[],
  opts: { idleMinutes: number; calendar: LocalCalendar; window?: { from: number; to: number } },
): TimeSummary {
  const sorted = isSorted(points) ? points : [...points].sort((x, y) => x.t - y.t);
  const acc = new SessionAccumulator(opts.idleMinutes * 60, opts.calendar, () => {}, emptySummary(), opts.window);
  for (const p of sorted) acc.push(p);
  acc.close();
  return acc.totals;
}

function isSorted(points: readonly TimePoint[]): boolean {
  for (let i = 1; i < points.length; i++) if ((points[i] as TimePoint).t < (points[i - 1] as TimePoint).t) return false;
  return true;
}

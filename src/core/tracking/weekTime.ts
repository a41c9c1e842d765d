import type { LocalCalendar } from './calendar';
import type { Heartbeat } from './heartbeat';
import { summarize, toPoint, type TimePoint, type TimeSummary } from './sessions';

/** The longest idle timeout allowed; heartbeats this far before Monday can still credit Monday. */
const MAX_IDLE_MS = 240 * 60_000;

/** This week's hands-on time, for the status bar and the My Time view. */
export interface WeekSummary {
  /** Monday 00:00 local, epoch ms. */
  weekStart: number;
  /** Local dates of the week, Monday first. */
  days: string[];
  /** Today's local date. */
  today: string;
  totals: TimeSummary;
}

/**
 * Heartbeats of the current week in memory: loaded from the log (all windows), extended with this
 * window's new heartbeats as they happen, summarised on demand. A week holds a few thousand
 * heartbeats at most, so a full replay per refresh costs well under a millisecond.
 */
export class WeekTime {
  private points: TimePoint[] = [];

  constructor(private readonly calendar: LocalCalendar) {}

  /** Where to start reading the log for the week containing `now`. */
  readFrom(now: number): number {
    return this.calendar.weekStart(now) - MAX_IDLE_MS;
  }

  /** Replaces what is known with `heartbeats` (the log plus this window's unflushed ones). */
  load(heartbeats: readonly Heartbeat[]): void {
    this.points = heartbeats.map(toPoint);
  }

  add(hb: Heartbeat): void {
    this.points.push(toPoint(hb));
  }

  get size(): number {
    return this.points.length;
  }

  summary(now: number, idleMinutes: number): WeekSummary {
    const weekStart = this.calendar.weekStart(now);
    const days = this.calendar.weekKeys(now);
    const weekEnd = this.calendar.startOf(days[6] as string) + 36 * 3_600_000; // inside next Monday…
    const to = this.calendar.day(weekEnd).start; // …whose start ends the week
    const from = weekStart - MAX_IDLE_MS;
    this.points = this.points.filter((p) => p.t * 1000 >= from);
    const totals = summarize(this.points, { idleMinutes, calendar: this.calendar, window: { from: weekStart / 1000, to: to / 1000 } });
    return { weekStart, days, today: this.calendar.dayKey(now), totals };
  }
}

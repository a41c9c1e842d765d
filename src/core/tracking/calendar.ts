/** True when `tz` is an IANA time zone this runtime knows (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The time zone of this machine. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** One local calendar day: `YYYY-MM-DD` and its span `[start, end)` in epoch milliseconds. */
export interface LocalDay {
  key: string;
  start: number;
  end: number;
}

const HOUR = 3_600_000;
/** Longer than any local day (DST days are 23–25 h), so a probe this far away is in another day. */
const SEARCH = 26 * HOUR;

/** Adds `n` days to a `YYYY-MM-DD` key (calendar arithmetic, no time zone involved). */
export function addDays(key: string, n: number): string {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * Calendar days and weeks in one time zone, DST-safe: day boundaries are found by search rather
 * than assumed to be 24 h apart. The day last asked for is cached, because callers walk time forward
 * and cross a boundary rarely.
 */
export class LocalCalendar {
  private formatter: Intl.DateTimeFormat | undefined;
  private cached: LocalDay = { key: '', start: 0, end: 0 };

  /** `zone` defaults to this machine's. Nothing is resolved until first use: loading zone data costs tens of milliseconds. */
  constructor(private zone?: string) {}

  get timeZone(): string {
    return (this.zone ??= systemTimeZone());
  }

  private get fmt(): Intl.DateTimeFormat {
    return (this.formatter ??= new Intl.DateTimeFormat('en-US', { timeZone: this.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  }

  /** `YYYY-MM-DD` of the local date at `ms`. */
  dayKey(ms: number): string {
    const c = this.cached;
    if (ms >= c.start && ms < c.end) return c.key;
    let y = '';
    let m = '';
    let d = '';
    for (const p of this.fmt.formatToParts(ms)) {
      if (p.type === 'year') y = p.value;
      else if (p.type === 'month') m = p.value;
      else if (p.type === 'day') d = p.value;
    }
    return `${y.padStart(4, '0')}-${m}-${d}`;
  }

  /** The local day containing `ms`. */
  day(ms: number): LocalDay {
    const c = this.cached;
    if (ms >= c.start && ms < c.end) return c;
    const key = this.dayKey(ms);
    const start = this.firstInstant(ms - SEARCH, ms, (t) => this.dayKey(t) === key);
    const end = this.firstInstant(ms, ms + SEARCH, (t) => this.dayKey(t) !== key);
    this.cached = { key, start, end };
    return this.cached;
  }

  /** Start of the local day `key` (`YYYY-MM-DD`). */
  startOf(key: string): number {
    const [y, m, d] = key.split('-').map(Number) as [number, number, number];
    // Noon UTC of that date is within 14 h of local noon, so inside the local day for every zone.
    const probe = Date.UTC(y, m - 1, d, 12);
    const day = this.day(probe);
    return day.key === key ? day.start : this.day(probe + (day.key < key ? 12 : -12) * HOUR).start;
  }

  /** Monday 00:00 local time of the ISO week containing `ms`. */
  weekStart(ms: number): number {
    return this.startOf(this.weekKeys(ms)[0] as string);
  }

  /** The seven day keys, Monday first, of the ISO week containing `ms`. */
  weekKeys(ms: number): string[] {
    const key = this.dayKey(ms);
    const [y, m, d] = key.split('-').map(Number) as [number, number, number];
    const sinceMonday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    const monday = addDays(key, -sinceMonday);
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  }

  /** Smallest t in (lo, hi] (to the second) with `ok(t)`, given `ok(hi)` and not `ok(lo)`. */
  private firstInstant(lo: number, hi: number, ok: (t: number) => boolean): number {
    let a = Math.floor(lo / 1000);
    let b = Math.ceil(hi / 1000);
    if (!ok(b * 1000)) return hi; // cannot happen for sane zones; keep the span non-empty
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (ok(mid * 1000)) b = mid;
      else a = mid;
    }
    return b * 1000;
  }
}

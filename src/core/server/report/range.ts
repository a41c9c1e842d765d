import { PracticumError } from '../../errors';
import { parseCohortDate } from '../../metrics/cohort';

const DAY_MS = 86_400_000;
/** Without `from`: the 12 weeks ending on `to`. */
export const DEFAULT_RANGE_DAYS = 84;

export interface ReportRange {
  fromMs: number;
  /** Exclusive: the day after `toDate`. */
  toMs: number;
  fromDate: string;
  /** The last day, inclusive. */
  toDate: string;
}

function day(value: string, name: string): number {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseCohortDate(value) : null;
  if (!d) throw new PracticumError('usage', `${name} must be a date (YYYY-MM-DD), e.g. 2026-01-05; got "${value}"`);
  return d.getTime();
}

/** The report's date range from `from`/`to` dates (both inclusive days, UTC); `to` defaults to today. */
export function reportRange(from: string | null | undefined, to: string | null | undefined, now: Date): ReportRange {
  const toDay = to ? day(to, 'to') : Date.parse(now.toISOString().slice(0, 10));
  const fromMs = from ? day(from, 'from') : toDay - (DEFAULT_RANGE_DAYS - 1) * DAY_MS;
  if (fromMs > toDay) throw new PracticumError('usage', `from (${from}) is after to (${new Date(toDay).toISOString().slice(0, 10)}); swap them`);
  return { fromMs, toMs: toDay + DAY_MS, fromDate: new Date(fromMs).toISOString().slice(0, 10), toDate: new Date(toDay).toISOString().slice(0, 10) };
}

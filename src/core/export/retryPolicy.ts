import { redirectRefusal, type HttpResponse } from './http';

/** What to do with a batch after one attempt. */
export type Verdict =
  | { kind: 'sent'; status: number }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'rejected'; status: number; reason: string };

/**
 * Any 2xx is delivered (whatever the body says: a garbage body must not cause a resend). 408, 429 and
 * 5xx are worth retrying; every other status is a rejection a person has to look at.
 */
export function classifyResponse(res: HttpResponse, now: number): Verdict {
  const s = res.status;
  if (s >= 200 && s < 300) return { kind: 'sent', status: s };
  const short = res.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  const reason = `HTTP ${s}${short ? `: ${short}` : ''}`;
  if (s === 408 || s === 429 || (s >= 500 && s < 600)) {
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now);
    return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };
  }
  // Redirects are not followed: the token must not travel to another origin. Say where it points.
  const redirect = redirectRefusal(res, 'set practicum.export.endpoint to that URL if you trust it');
  if (redirect) return { kind: 'rejected', status: s, reason: redirect };
  return { kind: 'rejected', status: s, reason };
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** The three HTTP-date forms (RFC 9110 §5.6.7): IMF-fixdate, obsolete RFC 850, and asctime (which is GMT without saying so). */
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`, 'i');
const RFC850_DATE = new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`, 'i');
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`, 'i');

/**
 * `Retry-After` as delay-seconds or an HTTP date, in milliseconds from `now`; undefined when absent or
 * unreadable. Only those forms count: `Date.parse` alone reads "1.5" or "-1" as dates in 2001 (an
 * immediate retry) and an asctime date in the machine's time zone.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  // Clamped: 400 digits would be Infinity (the backoff cap applies later anyway).
  if (/^\d+$/.test(v)) return Math.min(Number(v), 1e9) * 1000;
  let t = Number.NaN;
  if (IMF_FIXDATE.test(v) || RFC850_DATE.test(v)) t = Date.parse(v);
  else if (ASCTIME_DATE.test(v)) t = Date.parse(`${v} GMT`);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Backoff settings; tests shrink `baseMs` and pin `random`. */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 60 * 60 * 1000, random: Math.random };

/**
 * Delay before retry number `attempt` (1 after the first failure): exponential, capped, with "equal
 * jitter" (half fixed, half random) so windows that failed together do not retry together.
 * A server's `Retry-After` is the earliest retry, still within the cap; the backoff still applies
 * when it is shorter, so a server answering `Retry-After: 0` again and again is not hammered.
 */
export function retryDelay(attempt: number, opts: BackoffOptions, retryAfterMs?: number): number {
  const exp = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(attempt - 1, 30));
  const backoff = Math.round(exp / 2 + (opts.random() * exp) / 2);
  return retryAfterMs === undefined ? backoff : Math.min(opts.capMs, Math.max(retryAfterMs, backoff));
}

/**
 * The one strict parser for dates that come from people and files (CLI flags such as `--as-of` and
 * `--since`, cohort files): `YYYY-MM-DD` (00:00 UTC) or a full ISO 8601 time with a zone
 * (`2026-01-05T09:00Z`, `2026-01-05T09:00:00.5+02:00`). Anything else is null: `Date.parse`
 * alone would read "99999" as the year 99999, "1" as 2001 and "2026-02-30" as March 2nd.
 */
export function parseStrictDate(s: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : d;
  }
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))$/.exec(s);
  if (!m) return null;
  const [, day, hh, mm, ss, zh, zm] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59 || Number(zh ?? 0) > 23 || Number(zm ?? 0) > 59) return null;
  if (parseStrictDate(day as string) === null) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The usage message for a date flag that `parseStrictDate` refused. */
export function dateFlagProblem(flag: string, value: string): string {
  return `${flag} "${value}" is not a date; use an ISO 8601 date such as 2026-01-31, or a time with its zone such as 2026-01-31T09:00:00Z.`;
}

import type { StatsResult } from './statsSchema';

const COLUMNS = ['email', 'name', 'anchorAt', 'firstAiCommitAt', 'days', 'censoredDays', 'aiCommits', 'aiCommitsPerWeek', 'signals'] as const;

/** Quotes a CSV field when needed (RFC 4180), and defuses spreadsheet formulas in text fields. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = Array.isArray(v) ? v.join(' ') : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `practicum stats --csv`: one row per member with the same fields as the JSON (signals space-separated). */
export function statsToCsv(stats: StatsResult): string {
  const rows = [COLUMNS.join(',')];
  for (const m of stats.members) rows.push(COLUMNS.map((c) => field(m[c])).join(','));
  return rows.join('\r\n') + '\r\n';
}

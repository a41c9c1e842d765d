import { z } from 'zod';
import type { TimeSummary } from './sessions';

/** `practicum time --json` (binding CLI contract `practicum.time/v1`). Seconds are whole. */
export const TimeReportSchema = z.object({
  schema: z.literal('practicum.time/v1'),
  idleMinutes: z.number().int().min(5).max(240),
  totalSeconds: z.number().int().nonnegative(),
  sessions: z.array(z.object({ start: z.string(), end: z.string(), seconds: z.number().int().nonnegative() })),
  /** Seconds per exercise id; time on no exercise is under `none`. */
  byExercise: z.record(z.string(), z.number().int().nonnegative()),
  /** Seconds per local date `YYYY-MM-DD` in the chosen time zone. */
  byDay: z.record(z.string(), z.number().int().nonnegative()),
  aiAssistedSeconds: z.number().int().nonnegative(),
  /** Log lines that were malformed or truncated and left out. */
  skippedLines: z.number().int().nonnegative(),
});
export type TimeReport = z.infer<typeof TimeReportSchema>;

const sortedRecord = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The contract view of a replay. */
export function toTimeReport(s: TimeSummary, idleMinutes: number, skippedLines: number): TimeReport {
  return {
    schema: 'practicum.time/v1',
    idleMinutes,
    totalSeconds: s.totalSeconds,
    sessions: s.sessions.map((x) => ({ start: new Date(x.start * 1000).toISOString(), end: new Date(x.end * 1000).toISOString(), seconds: x.seconds })),
    byExercise: sortedRecord(s.byExercise),
    byDay: sortedRecord(s.byDay),
    aiAssistedSeconds: s.aiAssistedSeconds,
    skippedLines,
  };
}

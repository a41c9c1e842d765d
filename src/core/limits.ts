/**
 * The limits on what Practicum reads from outside (records, git output, logs, the outbox, team files).
 * Each is far above what Practicum itself writes; anything over one is skipped or refused with its
 * name and the fix, so one hostile or broken input never crashes a command or exhausts memory.
 * The README's security notes list them.
 */

const KB = 1024;
const MB = 1024 * KB;

export const LIMITS = {
  /** A review or submission record (the whole tag object). */
  recordBytes: 1 * MB,
  /** What one bounded git command may print (callers that expect more, or less, pass their own). */
  gitOutputBytes: 64 * MB,
  /** One heartbeat log line (a heartbeat is a few hundred bytes). */
  heartbeatLineBytes: 64 * KB,
  /** One heartbeat log file (a month of heartbeats is a few MB). */
  heartbeatFileBytes: 256 * MB,
  /** One outbox line (one event). */
  outboxLineBytes: 1 * MB,
  /** One outbox file (Practicum writes 256 KB segments). */
  outboxFileBytes: 64 * MB,
  /** A cohort file. */
  cohortFileBytes: 4 * MB,
  /** A team rules file (.practicum/ai-rules.json). */
  rulesFileBytes: 1 * MB,
} as const;

/** A size for messages: "52.4 MB", "12 KB", "900 bytes". */
export function formatBytes(n: number): string {
  if (n >= MB) return `${Math.round((n / MB) * 10) / 10} MB`;
  if (n >= KB) return `${Math.round(n / KB)} KB`;
  return `${n} bytes`;
}

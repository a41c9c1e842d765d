import { isPracticumError, PracticumError } from '../core/errors';
import { isValidTimeZone, LocalCalendar, systemTimeZone } from '../core/tracking/calendar';
import { formatDuration, formatShare } from '../core/tracking/format';
import { readHeartbeatFile, type LogReadResult } from '../core/tracking/heartbeatLog';
import { toTimeReport, type TimeReport } from '../core/tracking/report';
import { summarize, toPoint } from '../core/tracking/sessions';
import { parseFlags, toJson } from './args';
import { ExitCode, type CliCommand } from './types';

const usage = `Usage: practicum time --log FILE... [--idle-minutes N] [--tz ZONE] [--json]

Replays heartbeat logs (JSON lines, as the editor writes them to its global storage, one file per
month) into hands-on time: sessions, seconds by exercise and by local day, and the AI-assisted part.

Options:
  --log FILE...       one or more logs (repeat --log or list files after it); lines may be in any order
  --idle-minutes N    a gap longer than N minutes ends a session (5-240, default 15)
  --tz ZONE           IANA time zone for splitting days at midnight (default: this machine's)
  --json              print the practicum.time/v1 object

Malformed lines are reported on stderr with their line numbers, counted in skippedLines and skipped.
A gap up to the idle timeout counts in full for the exercise of the earlier heartbeat; sessions of a
single heartbeat count nothing and are not listed.

Exit codes: 0 ok (malformed lines included); 2 bad usage or a log that cannot be read.
`;

/** `practicum time`: replays heartbeat logs into sessions and totals. */
export const timeCommand: CliCommand = {
  name: 'time',
  summary: 'hands-on time from heartbeat logs: sessions, by exercise, by day, AI-assisted share',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { log: { type: 'string', multiple: true }, 'idle-minutes': { type: 'string' }, tz: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    if (!values.log?.length) throw new PracticumError('usage', 'missing --log FILE. Pass one or more heartbeat logs, e.g. --log heartbeats-2026-01.jsonl.');
    const files = [...values.log, ...positionals];
    const idleText = values['idle-minutes'] ?? '15';
    const idleMinutes = Number(idleText);
    if (!/^\d+$/.test(idleText) || idleMinutes < 5 || idleMinutes > 240) {
      throw new PracticumError('usage', `--idle-minutes must be a whole number from 5 to 240 (got "${idleText}").`);
    }
    const tz = values.tz ?? systemTimeZone();
    if (!isValidTimeZone(tz)) throw new PracticumError('usage', `unknown time zone "${tz}". Use an IANA name such as Europe/Berlin or UTC.`);

    const read: LogReadResult = { heartbeats: [], skipped: [] };
    for (const file of files) {
      try {
        await readHeartbeatFile(file, read);
      } catch (e) {
        if (isPracticumError(e)) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        throw new PracticumError('usage', `${file}: ${code === 'ENOENT' ? 'file not found' : (e as Error).message}. Check the path.`);
      }
    }
    for (const s of read.skipped) io.err(`practicum time: warning: ${s.file}:${s.line}: ${s.problem} (skipped)\n`);

    const summary = summarize(read.heartbeats.map(toPoint), { idleMinutes, calendar: new LocalCalendar(tz) });
    const report = toTimeReport(summary, idleMinutes, read.skipped.length);
    io.out(values.json ? toJson(report) : text(report, tz));
    return ExitCode.ok;
  },
};

function text(r: TimeReport, tz: string): string {
  const lines = [
    `Hands-on time: ${formatDuration(r.totalSeconds)} in ${r.sessions.length} session${r.sessions.length === 1 ? '' : 's'} (AI-assisted ${formatShare(r.aiAssistedSeconds, r.totalSeconds)}, idle timeout ${r.idleMinutes} min)`,
  ];
  const ex = Object.entries(r.byExercise).sort((a, b) => b[1] - a[1]);
  if (ex.length) lines.push('', 'By exercise:', ...ex.map(([k, v]) => `  ${k.padEnd(24)} ${formatDuration(v)}`));
  const days = Object.entries(r.byDay);
  if (days.length) lines.push('', `By day (${tz}):`, ...days.map(([k, v]) => `  ${k}  ${formatDuration(v)}`));
  if (r.skippedLines) lines.push('', `${r.skippedLines} malformed line${r.skippedLines === 1 ? '' : 's'} skipped.`);
  return lines.join('\n') + '\n';
}

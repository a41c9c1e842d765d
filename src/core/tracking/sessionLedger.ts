import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import type { SessionRecord } from './sessions';

/** A span of epoch seconds, `[start, end)`. */
type Span = [number, number];

export const SessionLedgerSchema = z.object({
  schema: z.literal('practicum.session-ledger/v1'),
  /** Spans already reported as `session` events by some window, sorted and disjoint. */
  claimed: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type SessionLedgerFile = z.infer<typeof SessionLedgerSchema>;

/** The parts of `span` that no claimed span covers, in order. `claimed` must be sorted and disjoint. */
export function unclaimedParts(span: Span, claimed: readonly Span[]): Span[] {
  const out: Span[] = [];
  let from = span[0];
  for (const [a, b] of claimed) {
    if (b <= from) continue;
    if (a >= span[1]) break;
    if (a > from) out.push([from, a]);
    from = Math.max(from, b);
    if (from >= span[1]) break;
  }
  if (from < span[1]) out.push([from, span[1]]);
  return out;
}

/** `claimed` with `spans` added, merged into sorted disjoint spans. */
export function mergeSpans(claimed: readonly Span[], spans: readonly Span[]): Span[] {
  const all = [...claimed, ...spans].sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const [a, b] of all) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * A session cut to the given parts of its span. Its counted and AI-assisted seconds are shared out in
 * proportion to each part's length (a live session counts its whole span, so the shares are exact).
 */
export function sessionParts(s: SessionRecord, parts: readonly Span[]): SessionRecord[] {
  const span = s.end - s.start;
  if (parts.length === 1 && parts[0]![0] === s.start && parts[0]![1] === s.end) return [s];
  return parts
    .map(([start, end]) => {
      const seconds = Math.round((s.seconds * (end - start)) / span);
      return { start, end, seconds, aiAssistedSeconds: Math.min(seconds, Math.round((s.aiAssistedSeconds * (end - start)) / span)), exercise: s.exercise };
    })
    .filter((p) => p.seconds > 0);
}

/**
 * Which stretches of time have been reported as `session` events, shared by every window on the
 * machine. Each window builds sessions from its own activity, so two windows used in turn within the
 * idle timeout see overlapping sessions; reporting only the unclaimed parts keeps the team's totals
 * equal to the time actually spent (the local log, read by all windows, already merges them).
 */
export class SessionLedger {
  /**
   * @param file the ledger document (next to the heartbeat log)
   * @param keepSeconds claimed spans older than this are forgotten (sessions close within the idle timeout)
   */
  constructor(
    readonly file: string,
    private readonly keepSeconds = 7 * 86_400,
  ) {}

  /**
   * Claims what no window has reported of `s` and returns it as sessions to report (none when another
   * window already reported all of it). A corrupt ledger is moved aside and started afresh; `problem`
   * says so, and the session is reported whole.
   */
  async claim(s: SessionRecord): Promise<{ sessions: SessionRecord[]; problem?: string }> {
    if (s.end <= s.start) return { sessions: [s] };
    return withFileLock(`${this.file}.lock`, async () => {
      const read = await readJsonValidated(this.file, SessionLedgerSchema);
      const claimed: Span[] = read.status === 'ok' ? read.value.claimed : [];
      const parts = unclaimedParts([s.start, s.end], claimed);
      const horizon = s.end - this.keepSeconds;
      const next = mergeSpans(claimed, parts).filter(([, b]) => b > horizon);
      const doc: SessionLedgerFile = { schema: 'practicum.session-ledger/v1', claimed: next };
      await writeJsonAtomic(this.file, doc);
      const problem = read.status === 'corrupt' ? `${this.file} was not readable (${read.problem}); moved to ${read.movedTo} and started afresh` : undefined;
      return { sessions: sessionParts(s, parts), ...(problem ? { problem } : {}) };
    });
  }
}

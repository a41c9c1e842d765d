import type { ScanCache } from './scanCache';
import type { AiCommit, ScanAuthor, ScanResult } from './scanSchema';

/** Which commits a result covers. */
export interface ResultFilter {
  /** Only commits authored at or after this time. */
  since?: Date;
  /** Only commits by these emails (lower case, after mailmap). */
  authors?: ReadonlySet<string>;
}

/** A result plus what it left out on purpose. */
export interface BuiltResult {
  result: ScanResult;
  /** Signals found on commits that are not AI-related for any other reason, by signal (e.g. `committer:aider`). */
  uncounted: Record<string, number>;
}

/** Author time as ISO 8601 in UTC, without milliseconds. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** A signal without what matched (`sdk:openai(+src/a.py)` → `sdk:openai`): safe to count and to export. */
export function signalName(signal: string): string {
  const i = signal.indexOf('(');
  return i < 0 ? signal : signal.slice(0, i);
}

/**
 * Builds the `practicum.scan/v1` result from classified history. A commit is assisted when a
 * counting assisted signal or a git-ai note says so, building when an added line or added file does.
 */
export function buildResult(h: Pick<ScanCache, 'people' | 'commits' | 'signals' | 'notes'>, meta: { repo: string; head: string | null; rulesVersion: string }, filter: ResultFilter = {}): BuiltResult {
  const since = filter.since ? filter.since.getTime() / 1000 : -Infinity;
  const aiCommits: AiCommit[] = [];
  const uncounted: Record<string, number> = {};
  const byEmail = new Map<string, ScanAuthor & { latest: number; firstAi: number }>();
  const emails = h.people.map(([, e]) => e.toLowerCase());
  const { hash, person, time } = h.commits;
  const hasNotes = Object.keys(h.notes).length > 0;
  let total = 0;
  for (let i = 0; i < hash.length; i++) {
    const t = time[i] as number;
    if (t < since) continue;
    const p = person[i] as number;
    const email = emails[p] as string;
    if (filter.authors && !filter.authors.has(email)) continue;
    total++;
    let a = byEmail.get(email);
    if (!a) byEmail.set(email, (a = { email, name: '', commits: 0, aiCommits: 0, firstAiCommitAt: null, latest: -Infinity, firstAi: Infinity }));
    a.commits++;
    if (t >= a.latest) {
      a.latest = t;
      a.name = (h.people[p] as [string, string])[0];
    }
    const h1 = hash[i] as string;
    const s = h.signals[h1];
    const notes = hasNotes ? (h.notes[h1]?.signals ?? []) : [];
    if (!s && notes.length === 0) continue;
    const assisted = (s?.a?.length ?? 0) > 0 || notes.length > 0;
    const building = (s?.b?.length ?? 0) > 0;
    if (!assisted && !building) {
      for (const x of s?.i ?? []) uncounted[signalName(x)] = (uncounted[signalName(x)] ?? 0) + 1;
      continue;
    }
    a.aiCommits++;
    if (t < a.firstAi) {
      a.firstAi = t;
      a.firstAiCommitAt = isoTime(t);
    }
    const [name, rawEmail] = h.people[p] as [string, string];
    aiCommits.push({ hash: h1, authorName: name, authorEmail: rawEmail, authoredAt: isoTime(t), assisted, building, signals: [...(s?.a ?? []), ...notes, ...(s?.b ?? []), ...(s?.i ?? [])] });
  }
  aiCommits.sort((x, y) => (x.authoredAt < y.authoredAt ? 1 : x.authoredAt > y.authoredAt ? -1 : x.hash < y.hash ? -1 : 1));
  const authors = [...byEmail.values()]
    .sort((x, y) => y.commits - x.commits || (x.email < y.email ? -1 : 1))
    .map(({ email, name, commits, aiCommits: ai, firstAiCommitAt }) => ({ email, name, commits, aiCommits: ai, firstAiCommitAt }));
  return { result: { schema: 'practicum.scan/v1', ...meta, totalCommits: total, aiCommits, authors }, uncounted };
}

/** How many AI commits carry each signal (by name, without what matched), most frequent first. */
export function signalCounts(aiCommits: readonly AiCommit[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const c of aiCommits) for (const s of new Set(c.signals.map(signalName))) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

import type { AiCommit, ScanResult } from '../git/scanSchema';
import type { Cohort } from './cohort';
import { kaplanMeier, medianTime, shareReachedBy, type Observation } from './kaplanMeier';
import type { MemberStats, StatsResult } from './statsSchema';

const DAY_MS = 86_400_000;

/** Which moment a member is measured from. */
export type Anchor = 'completion' | 'start';

export interface StatsOptions {
  from: Anchor;
  asOf: Date;
}

/** Rounds to 4 decimals so output is stable and readable (days to ~9 s). */
const round = (x: number) => Math.round(x * 10_000) / 10_000;
const roundOrNull = (x: number | null) => (x === null ? null : round(x));

/** All AI commits across scans, each once (the same commit may appear in two clones). */
function mergeCommits(scans: readonly ScanResult[]): AiCommit[] {
  const byHash = new Map<string, AiCommit>();
  for (const s of scans) for (const c of s.aiCommits) if (!byHash.has(c.hash)) byHash.set(c.hash, c);
  return [...byHash.values()];
}

/**
 * Time to first AI commit for every member, and the cohort summary (Kaplan–Meier, since members who
 * have not committed AI work yet are censored, not failures).
 */
export function computeStats(cohort: Cohort, scans: readonly ScanResult[], opts: StatsOptions): StatsResult {
  const warnings: string[] = [];
  const asOfMs = opts.asOf.getTime();
  const commitsByEmail = new Map<string, AiCommit[]>();
  for (const c of mergeCommits(scans)) {
    const key = c.authorEmail.toLowerCase();
    const list = commitsByEmail.get(key) ?? [];
    list.push(c);
    commitsByEmail.set(key, list);
  }
  const seenEmails = new Set<string>();
  for (const s of scans) for (const a of s.authors) seenEmails.add(a.email.toLowerCase());

  const observations: Observation[] = [];
  const members: MemberStats[] = cohort.members.map((m) => {
    const anchor = opts.from === 'start' ? cohort.start : m.completedAtDate;
    const anchorMs = anchor.getTime();
    const emails = [m.email, ...m.aliases].map((e) => e.toLowerCase());
    if (scans.length > 0 && !emails.some((e) => seenEmails.has(e))) warnings.push(`${m.email}: no commits by this member (or aliases) in the scanned history; check the email or add an alias`);
    const own = emails
      .flatMap((e) => commitsByEmail.get(e) ?? [])
      .map((c) => ({ c, at: Date.parse(c.authoredAt) }))
      .filter(({ at }) => at >= anchorMs && at <= asOfMs)
      .sort((a, b) => a.at - b.at);
    const first = own[0];
    const followedDays = (asOfMs - anchorMs) / DAY_MS;
    const weeks = followedDays / 7;
    const obs = firstAiCommitObservation(anchorMs, first ? first.at : null, asOfMs);
    const days = obs?.event ? obs.time : null;
    const censoredDays = obs && !obs.event ? obs.time : null;
    if (obs) observations.push(obs);
    else warnings.push(`${m.email}: anchor ${anchor.toISOString()} is after as-of; not followed yet, left out of the summary`);
    return {
      email: m.email,
      name: m.name ?? m.email,
      anchorAt: anchor.toISOString(),
      firstAiCommitAt: first ? new Date(first.at).toISOString() : null,
      days,
      censoredDays,
      aiCommits: own.length,
      aiCommitsPerWeek: weeks >= 1 / 7 ? round(own.length / weeks) : null,
      signals: [...new Set(own.flatMap(({ c }) => c.signals))].sort(),
    };
  });

  const km = survivalSummary(observations);
  const rates = members.map((m) => m.aiCommitsPerWeek).filter((r): r is number => r !== null);
  return {
    schema: 'practicum.stats/v1',
    cohort: cohort.name,
    from: opts.from,
    asOf: opts.asOf.toISOString(),
    members,
    summary: {
      members: members.length,
      reached: members.filter((m) => m.days !== null).length,
      medianDays: km.medianDays,
      within: km.within,
      aiCommitsPerMemberWeek: rates.length ? round(rates.reduce((a, b) => a + b, 0) / rates.length) : null,
    },
    curve: km.curve,
    warnings,
  };
}

/** Days from an anchor to a member's first AI commit (an event), or followed that long without one (censored). */
export function firstAiCommitObservation(anchorMs: number, firstMs: number | null, asOfMs: number): Observation | null {
  const followedDays = (asOfMs - anchorMs) / DAY_MS;
  if (firstMs !== null) return { time: round((firstMs - anchorMs) / DAY_MS), event: true, followedUntil: round(followedDays) };
  return followedDays >= 0 ? { time: round(followedDays), event: false } : null;
}

/**
 * The Kaplan–Meier summary of time to first AI commit: median, shares by day 30/60/90 and the curve.
 * `practicum stats` and the server's program report both use this, so their figures agree.
 */
export function survivalSummary(observations: readonly Observation[]): Pick<StatsResult['summary'], 'medianDays' | 'within'> & Pick<StatsResult, 'curve'> {
  const km = kaplanMeier(observations);
  return {
    medianDays: medianTime(km),
    within: { '30': roundOrNull(shareReachedBy(km, 30)), '60': roundOrNull(shareReachedBy(km, 60)), '90': roundOrNull(shareReachedBy(km, 90)) },
    curve: km.steps.map((s) => ({ days: s.time, reached: round(1 - s.survival), atRisk: s.atRisk, events: s.events, censored: s.censored })),
  };
}

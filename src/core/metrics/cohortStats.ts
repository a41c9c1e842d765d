import { isPracticumError, PracticumError } from '../errors';
import { LIMITS } from '../limits';
import { readTextBounded } from '../store/boundedRead';
import type { ScanResult } from '../git/scanSchema';
import { programOutcomes } from '../profile/outcomes';
import { listSubmissions } from '../review/list';
import { summarize } from '../review/metrics';
import type { SubmissionView } from '../review/model';
import { readOutcomeFiles } from '../profile/outcomeRecords';
import { validateCohort, type CohortIssue } from './cohort';
import type { StatsResult } from './statsSchema';
import { computeStats, type Anchor } from './timeToFirstAiCommit';

/** Scans one repository (injected: the CLI and the editor pass the real scanner). */
export type ScanFn = (repo: string) => Promise<ScanResult>;

export interface CohortStatsInput {
  cohortFile: string;
  repos: string[];
  from: Anchor;
  asOf: Date;
  scan: ScanFn;
  /** Read review records (`refs/practicum/*`) from the repositories for turnaround and first-pass approval (default true). */
  reviews?: boolean;
  /** Exported assessment/survey events, outbox files or profile exports (adds `outcomes`). */
  outcomeFiles?: string[];
}

/** Formats a cohort issue as one line naming the file, member and field. */
export function formatIssue(file: string, i: CohortIssue): string {
  return `${file}: ${i.severity}: ${i.path}: ${i.message}`;
}

/**
 * Reads and validates a cohort file, scans every repository, and computes the stats. A broken file
 * (missing, not JSON, invalid top-level fields) throws an error naming the file and field; problems
 * with single members become warnings in the result and never hide the other members.
 */
export async function cohortStats(input: CohortStatsInput): Promise<{ stats: StatsResult; issues: CohortIssue[] }> {
  let text: string;
  try {
    text = await readTextBounded(input.cohortFile, LIMITS.cohortFileBytes, 'a cohort file');
  } catch (e) {
    if (isPracticumError(e)) throw e;
    throw new PracticumError('usage', `${input.cohortFile}: cannot read the cohort file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PracticumError('invalid-data', `${input.cohortFile}: not valid JSON (${(e as Error).message}). Fix the syntax; the expected shape is in the README.`);
  }
  const { cohort, issues } = validateCohort(json, input.asOf);
  if (!cohort) {
    throw new PracticumError('invalid-data', issues.map((i) => formatIssue(input.cohortFile, i)).join('\n'));
  }
  if (cohort.members.length === 0) {
    throw new PracticumError('invalid-data', `${input.cohortFile}: no valid members.\n${issues.map((i) => formatIssue(input.cohortFile, i)).join('\n')}`);
  }
  const scans: ScanResult[] = [];
  for (const repo of input.repos) scans.push(await input.scan(repo));
  const stats = computeStats(cohort, scans, { from: input.from, asOf: input.asOf });
  stats.warnings.unshift(...issues.map((i) => `${i.path}: ${i.message}`));
  if (input.reviews !== false) {
    const emails = new Set(cohort.members.flatMap((m) => [m.email, ...m.aliases].map((e) => e.toLowerCase())));
    const views: SubmissionView[] = [];
    for (const repo of input.repos) {
      const listing = await listSubmissions({ repo, clock: { now: () => input.asOf.getTime() } });
      views.push(...listing.submissions.filter((v) => emails.has(v.record.learner.email.toLowerCase()) && Date.parse(v.record.submittedAt) <= input.asOf.getTime()));
    }
    if (views.length > 0) stats.summary.reviews = summarize(views);
  }
  if (input.outcomeFiles?.length) {
    const { records, warnings } = await readOutcomeFiles(input.outcomeFiles);
    stats.outcomes = programOutcomes(records, warnings);
  }
  return { stats, issues };
}

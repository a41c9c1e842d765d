import { systemClock, type Clock } from '../clock';
import { repoRoot, runGit } from './gitExec';
import { buildViews, DEFAULT_WINDOW_HOURS, type SubmissionView } from './model';
import type { RecordProblem } from './schema';
import { readRecords } from './store';

/** Every submission in a repository with its reviews, plus the records that were skipped. */
export interface Listing {
  /** The repository's top-level folder. */
  repo: string;
  submissions: SubmissionView[];
  problems: RecordProblem[];
}

/** Reads the local records (no network; sync first for the team's latest). */
export async function listSubmissions(opts: { repo: string; clock?: Clock; windowHours?: number; requireSigned?: boolean }): Promise<Listing> {
  const repo = await repoRoot(opts.repo);
  const set = await readRecords(repo, { requireSigned: opts.requireSigned ?? requiresSignedReviews(repo) });
  const built = buildViews(set, { nowMs: (opts.clock ?? systemClock).now(), windowHours: opts.windowHours ?? DEFAULT_WINDOW_HOURS });
  return { repo, ...built };
}

/** Git config key a team (or one machine) sets to require signed verdicts for every tool that reads reviews. */
export const REQUIRE_SIGNED_CONFIG = 'practicum.requireSignedReviews';

/** Whether the repository's git config requires signed verdicts (`git config practicum.requireSignedReviews true`). */
export async function requiresSignedReviews(repo: string): Promise<boolean> {
  // Never rejects: it may be looked up while the records are read, and a failure there is reported by that read.
  const r = await runGit(repo, ['config', '--type=bool', '--get', REQUIRE_SIGNED_CONFIG], { allowFailure: true }).catch(() => undefined);
  return r?.code === 0 && r.stdout.trim() === 'true';
}

import { systemClock, type Clock } from '../clock';
import { repoRoot } from './gitExec';
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
export async function listSubmissions(opts: { repo: string; clock?: Clock; windowHours?: number }): Promise<Listing> {
  const repo = await repoRoot(opts.repo);
  const set = await readRecords(repo);
  const built = buildViews(set, { nowMs: (opts.clock ?? systemClock).now(), windowHours: opts.windowHours ?? DEFAULT_WINDOW_HOURS });
  return { repo, ...built };
}

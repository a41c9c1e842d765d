import { gitTry, type GitOptions } from './gitProcess';
import { canonicalEmail } from './scan';
import type { AiCommit, ScanResult } from './scanSchema';

/** What the editor shows a learner about their own AI commits in the current repository. */
export interface LearnerSummary {
  /** The learner's email (lower case, after mailmap), or undefined when git has none configured. */
  email: string | undefined;
  /** The learner's AI commits authored since Monday 00:00 local time. */
  thisWeek: number;
  /** All of the learner's AI commits, and all their commits. */
  total: number;
  commits: number;
  /** Author time of the learner's first AI commit. */
  firstAt: string | null;
  /** The learner's most recent AI commits, newest first. */
  recent: AiCommit[];
  /** The whole repository, for context. */
  repoCommits: number;
  repoAiCommits: number;
}

/** Monday 00:00 in the local time zone of `now`: the start of "this week". */
export function startOfWeek(now: Date): Date {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

/** Narrows a full scan result to one learner. */
export function learnerSummary(result: ScanResult, email: string | undefined, now: Date, limit = 50): LearnerSummary {
  const me = email?.toLowerCase();
  const mine = me ? result.aiCommits.filter((c) => c.authorEmail.toLowerCase() === me) : [];
  const author = me ? result.authors.find((a) => a.email === me) : undefined;
  const week = startOfWeek(now).getTime();
  return {
    email: me,
    thisWeek: mine.filter((c) => Date.parse(c.authoredAt) >= week).length,
    total: mine.length,
    commits: author?.commits ?? 0,
    firstAt: author?.firstAiCommitAt ?? null,
    recent: mine.slice(0, limit),
    repoCommits: result.totalCommits,
    repoAiCommits: result.aiCommits.length,
  };
}

/** The learner's email as the repository's git config says, after mailmap; undefined when unset. */
export async function learnerEmail(opts: GitOptions): Promise<string | undefined> {
  const email = await gitTry(opts, ['config', 'user.email']);
  return email ? canonicalEmail(opts, email) : undefined;
}

import { chainOf, type SubmissionView } from './model';

/** Review metrics for one learner's attempts at one exercise (round 1 and its resubmissions). */
export interface ChainMetrics {
  exercise: string;
  learner: string;
  /** Submission ids, round 1 first. */
  submissions: string[];
  /** Hours from the round-1 submission to its first review; null while unreviewed. */
  turnaroundHours: number | null;
  /** Whether round 1 was approved; null until round 1 has a verdict. */
  firstPassApproved: boolean | null;
  /** The round that was approved; null until one is. */
  roundsToApproval: number | null;
}

/** Cohort-level review figures, for stats and the export. */
export interface ReviewSummary {
  submissions: number;
  reviewed: number;
  overdue: number;
  medianTurnaroundHours: number | null;
  /** Share of decided first rounds that were approved (0..1). */
  firstPassApprovalRate: number | null;
  meanRoundsToApproval: number | null;
}

/** One entry per chain (grouped by round-1 submission), oldest first. */
export function chainMetrics(views: SubmissionView[]): ChainMetrics[] {
  const roots = views.filter((v) => v.record.round === 1 || !views.some((p) => p.record.id === v.record.previous));
  return roots.map((root) => {
    const chain = chainOf(views, root.record.id);
    const approved = chain.find((v) => v.status === 'approved');
    return {
      exercise: root.record.exercise,
      learner: root.record.learner.email,
      submissions: chain.map((v) => v.record.id),
      turnaroundHours: root.turnaroundHours,
      firstPassApproved: root.status === 'pending' ? null : root.status === 'approved',
      roundsToApproval: approved ? approved.record.round - root.record.round + 1 : null,
    };
  });
}

export function summarize(views: SubmissionView[]): ReviewSummary {
  const chains = chainMetrics(views);
  const turnarounds = views.map((v) => v.turnaroundHours).filter((h): h is number => h !== null);
  const decided = chains.filter((c) => c.firstPassApproved !== null);
  const rounds = chains.map((c) => c.roundsToApproval).filter((r): r is number => r !== null);
  return {
    submissions: views.length,
    reviewed: views.filter((v) => v.firstReviewAt !== null).length,
    overdue: views.filter((v) => v.overdue).length,
    medianTurnaroundHours: median(turnarounds),
    firstPassApprovalRate: decided.length ? decided.filter((c) => c.firstPassApproved).length / decided.length : null,
    meanRoundsToApproval: rounds.length ? rounds.reduce((a, b) => a + b, 0) / rounds.length : null,
  };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

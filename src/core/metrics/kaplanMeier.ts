/** One member's follow-up: `time` in days since the anchor; `event` true when the first AI commit happened then. */
export interface Observation {
  time: number;
  event: boolean;
  /** How long the member has been followed (days), when longer than `time`: a member who reached is still followed until as-of. */
  followedUntil?: number;
}

/** A step of the survival curve: from `time` on, the estimated share still without an AI commit is `survival`. */
export interface KmStep {
  time: number;
  survival: number;
  atRisk: number;
  events: number;
  /** Members censored at exactly this time (drawn as marks on the curve). */
  censored: number;
}

/** The Kaplan–Meier estimate of "still no AI commit" over time, with what the summary needs. */
export interface KmEstimate {
  /** Steps at every distinct event or censoring time, ascending; survival is 1 before the first. */
  steps: KmStep[];
  /** Longest time any member has been followed. */
  maxFollowUp: number;
}

/**
 * Kaplan–Meier estimator. At each distinct event time t: S(t) = S(t-) × (1 − d/n), with n the members
 * still at risk (followed at least until t; members censored at t count as at risk, the usual
 * convention) and d the first AI commits at t.
 */
export function kaplanMeier(observations: readonly Observation[]): KmEstimate {
  const obs = observations.filter((o) => Number.isFinite(o.time) && o.time >= 0).sort((a, b) => a.time - b.time);
  const steps: KmStep[] = [];
  let atRisk = obs.length;
  let survival = 1;
  for (let i = 0; i < obs.length; ) {
    const t = (obs[i] as Observation).time;
    let events = 0;
    let censored = 0;
    for (; i < obs.length && (obs[i] as Observation).time === t; i++) {
      if ((obs[i] as Observation).event) events++;
      else censored++;
    }
    if (events > 0) survival *= 1 - events / atRisk;
    steps.push({ time: t, survival, atRisk, events, censored });
    atRisk -= events + censored;
  }
  return { steps, maxFollowUp: obs.reduce((m, o) => Math.max(m, o.time, o.followedUntil ?? 0), 0) };
}

/** S(t): the estimated share still without an AI commit at `t` (carried forward from the last step at or before t). */
export function survivalAt(km: KmEstimate, t: number): number {
  let s = 1;
  for (const step of km.steps) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

/** Smallest observed event time at which S falls to 0.5 or below; null if it never does. */
export function medianTime(km: KmEstimate): number | null {
  const step = km.steps.find((s) => s.events > 0 && s.survival <= 0.5 + 1e-12);
  return step ? step.time : null;
}

/** 1 − S(t): the estimated share with a first AI commit by day t; null when nobody was followed that long. */
export function shareReachedBy(km: KmEstimate, t: number): number | null {
  if (km.steps.length === 0 || km.maxFollowUp < t) return null;
  return 1 - survivalAt(km, t);
}

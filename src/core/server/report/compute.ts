import { EVENT_SCHEMA } from '../../export/events';
import { firstAiCommitObservation, survivalSummary } from '../../metrics/timeToFirstAiCommit';
import type { Observation } from '../../metrics/kaplanMeier';
import { collectRecords } from '../../profile/outcomeRecords';
import { programOutcomes } from '../../profile/outcomes';
import type { Store, StoredEvent } from '../store';
import { HANDS_ON_GOAL_HOURS, REPORT_SCHEMA, REVIEW_WINDOW_HOURS, type ProgramReport } from './schema';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export interface ReportOptions {
  cohort: string;
  /** The range: from inclusive, to exclusive (epoch ms). */
  fromMs: number;
  toMs: number;
  now: Date;
  /** Smallest group whose figures are shown. */
  minGroup: number;
  /** The operator's choice: list members (by pseudonym prefix). Off by default. */
  perPerson: boolean;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (n: number, d: number) => (d > 0 ? round(n / d, 3) : null);

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function collect(it: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const envelope = (e: StoredEvent) => ({ schema: EVENT_SCHEMA, id: e.id, type: e.type, at: e.at, learner: e.learner, cohort: e.cohort, data: e.data });

/**
 * The program report from the stored events: satisfaction, learning, behaviour and program health.
 * Groups smaller than `minGroup` are withheld (with a note), never shown: it measures the program,
 * not a person. Hands-on hours and AI commits come from aggregates the database computes, so a report
 * over a million events reads a few thousand rows.
 */
export async function computeReport(store: Store, o: ReportOptions): Promise<ProgramReport> {
  const notes: string[] = [];
  const asOfMs = Math.max(o.fromMs, Math.min(o.toMs, o.now.getTime()));
  const weeks = Math.max(1, Math.ceil((o.toMs - o.fromMs) / WEEK_MS));
  const weeksElapsed = Math.min(weeks, Math.ceil((asOfMs - o.fromMs) / WEEK_MS));
  const beforeFromMs = o.fromMs - weeks * WEEK_MS;

  const rows = await store.aggregate({ cohort: o.cohort, types: ['session', 'ai.commit'], fromMs: beforeFromMs, toMs: asOfMs, bucketMs: WEEK_MS });
  const memberSet = new Set(await store.members(o.cohort, o.toMs));
  const hours = new Map<string, number[]>();
  const firstAi = new Map<string, number>();
  const aiDuring = new Map<string, number>();
  let aiBefore = 0;
  for (const r of rows) {
    memberSet.add(r.learner);
    const bucket = Number(r.bucket);
    const during = bucket >= weeks;
    if (r.type === 'session' && during) {
      const list = hours.get(r.learner) ?? hours.set(r.learner, new Array<number>(weeks).fill(0)).get(r.learner)!;
      list[bucket - weeks]! += Number(r.sum) / 3600;
    } else if (r.type === 'ai.commit') {
      if (!during) aiBefore += Number(r.count);
      else {
        aiDuring.set(r.learner, (aiDuring.get(r.learner) ?? 0) + Number(r.count));
        firstAi.set(r.learner, Math.min(firstAi.get(r.learner) ?? Infinity, Number(r.minT)));
      }
    }
  }
  const members = [...memberSet].sort();
  const n = members.length;
  const suppressed = n < o.minGroup;
  if (suppressed) notes.push(`This cohort has ${n} member(s) with data, fewer than the minimum group size of ${o.minGroup}: figures are withheld to protect individuals.`);

  // Behaviour: hands-on hours per member-week, over the weeks begun by as-of.
  const byWeek = Array.from({ length: weeksElapsed }, (_, w) => {
    const perMember = members.map((m) => hours.get(m)?.[w] ?? 0);
    return {
      week: w + 1,
      start: new Date(o.fromMs + w * WEEK_MS).toISOString().slice(0, 10),
      meanHours: round(perMember.reduce((a, b) => a + b, 0) / Math.max(1, n), 2),
      shareMeetingGoal: round(perMember.filter((h) => h >= HANDS_ON_GOAL_HOURS).length / Math.max(1, n), 3),
    };
  });
  const memberWeeks = n * weeksElapsed;
  const allHours = members.flatMap((m) => (hours.get(m) ?? new Array<number>(weeks).fill(0)).slice(0, weeksElapsed));
  const totalHours = allHours.reduce((a, b) => a + b, 0);

  // Time to first AI commit since `from`: the Kaplan–Meier summary `practicum stats` uses.
  const observations: Observation[] = [];
  for (const m of members) {
    const obs = firstAiCommitObservation(o.fromMs, firstAi.get(m) ?? null, asOfMs);
    if (obs) observations.push(obs);
  }
  const km = survivalSummary(observations);
  const aiDuringTotal = [...aiDuring.values()].reduce((a, b) => a + b, 0);
  const duringWeeks = (asOfMs - o.fromMs) / WEEK_MS;

  // Satisfaction, learning, completion: the program outcomes of `practicum stats --outcomes`.
  const profileEvents = await collect(store.events({ cohort: o.cohort, types: ['assessment.completed', 'survey.completed'], toMs: o.toMs }));
  const inRange = profileEvents.filter((e) => e.type === 'assessment.completed' || Date.parse(e.at) >= o.fromMs);
  const { records, warnings } = collectRecords([{ source: 'store', value: inRange.map(envelope) }]);
  const outcomes = programOutcomes(records, warnings);
  notes.push(...outcomes.warnings);
  // A group with nobody in it has nothing to withhold: its figures are simply empty.
  const small = (k: number) => suppressed || (k > 0 && k < o.minGroup);
  const modules = outcomes.modules.map((m) =>
    small(m.npsResponses) ? { ...m, nps: null, promoters: 0, passives: 0, detractors: 0, medianMinutesTaken: null, suppressed: true } : { ...m, suppressed: false },
  );
  const latestSurvey = new Map<string, StoredEvent>();
  for (const e of inRange) {
    if (e.type !== 'survey.completed') continue;
    const key = `${String(e.data.module)}\u0000${e.learner}`;
    const prev = latestSurvey.get(key);
    if (!prev || e.at > prev.at) latestSurvey.set(key, e);
  }
  const comments = modules
    .filter((m) => !m.suppressed)
    .map((m) => {
      const ss = [...latestSurvey.values()].filter((e) => e.data.module === m.module);
      const texts = (k: 'helped' | 'didNotHelp') => ss.map((e) => e.data[k]).filter((t): t is string => typeof t === 'string' && t.trim() !== '').sort();
      return { module: m.module, helped: texts('helped'), didNotHelp: texts('didNotHelp') };
    })
    .filter((c) => c.helped.length + c.didNotHelp.length > 0);
  const hiddenModules = modules.filter((m) => m.suppressed && !suppressed).length;
  if (hiddenModules) notes.push(`${hiddenModules} module(s) with fewer than ${o.minGroup} answers: scores and comments withheld.`);
  const dimensions = outcomes.dimensions.map((d) =>
    small(d.learners) ? { ...d, averageBefore: null, averageAfter: null, averageAdvancement: null, advancedShare: null, suppressed: true } : { ...d, suppressed: false },
  );
  const learningSmall = small(outcomes.advancement.learners);
  const tracks = outcomes.tracks.map((t) => (small(t.enrolled) ? { ...t, completed: 0, completionRate: null, meetsTarget: null, suppressed: true } : { ...t, suppressed: false }));

  // Program health: mentor review turnaround and first-pass approval from review.completed.
  const reviews = (await collect(store.events({ cohort: o.cohort, types: ['review.completed'], fromMs: o.fromMs, toMs: o.toMs }))).sort((a, b) => a.at.localeCompare(b.at));
  const firstByRound = new Map<string, StoredEvent>();
  const firstDecided = new Map<string, StoredEvent>();
  for (const e of reviews) {
    const key = `${e.learner}\u0000${String(e.data.exercise)}`;
    const roundKey = `${key}\u0000${String(e.data.round)}`;
    if (!firstByRound.has(roundKey)) firstByRound.set(roundKey, e);
    if (e.data.round === 1 && e.data.verdict !== 'comment' && !firstDecided.has(key)) firstDecided.set(key, e);
  }
  const turnarounds = [...firstByRound.values()].map((e) => e.data.turnaroundHours).filter((h): h is number => typeof h === 'number');
  const reviewLearners = new Set(reviews.map((e) => e.learner)).size;
  const reviewsSmall = small(reviewLearners);
  const decided = [...firstDecided.values()];

  const report: ProgramReport = {
    schema: REPORT_SCHEMA,
    cohort: o.cohort,
    from: new Date(o.fromMs).toISOString(),
    to: new Date(o.toMs).toISOString(),
    asOf: new Date(asOfMs).toISOString(),
    minGroupSize: o.minGroup,
    members: n,
    suppressed,
    notes,
    satisfaction: { modules: suppressed ? [] : modules, comments: suppressed ? [] : comments },
    learning: {
      learners: outcomes.advancement.learners,
      advancedAtLeastOneLevel: learningSmall ? null : outcomes.advancement.advancedAtLeastOneLevel,
      share: learningSmall ? null : outcomes.advancement.share,
      suppressed: learningSmall,
      dimensions: suppressed ? [] : dimensions,
    },
    behaviour: {
      goalHours: HANDS_ON_GOAL_HOURS,
      weeks: weeksElapsed,
      handsOn: {
        memberWeeks,
        meanHoursPerMemberWeek: suppressed || memberWeeks === 0 ? null : round(totalHours / memberWeeks, 2),
        shareMeetingGoal: suppressed ? null : ratio(allHours.filter((h) => h >= HANDS_ON_GOAL_HOURS).length, memberWeeks),
        byWeek: suppressed ? [] : byWeek,
      },
      firstAiCommit: suppressed
        ? { members: n, reached: 0, medianDays: null, within: { '30': null, '60': null, '90': null }, curve: [] }
        : { members: observations.length, reached: observations.filter((x) => x.event).length, ...km },
      aiCommits: {
        before: { from: new Date(beforeFromMs).toISOString(), count: suppressed ? 0 : aiBefore, perMemberWeek: suppressed || n === 0 ? null : round(aiBefore / (n * weeks), 3) },
        during: { count: suppressed ? 0 : aiDuringTotal, perMemberWeek: suppressed || n === 0 || duringWeeks <= 0 ? null : round(aiDuringTotal / (n * duringWeeks), 3) },
      },
    },
    health: {
      completionTarget: outcomes.completionTarget,
      tracks: suppressed ? [] : tracks,
      reviews: {
        windowHours: REVIEW_WINDOW_HOURS,
        learners: reviewLearners,
        firstReviews: reviewsSmall ? 0 : turnarounds.length,
        medianTurnaroundHours: reviewsSmall ? null : median(turnarounds),
        withinWindowShare: reviewsSmall ? null : ratio(turnarounds.filter((h) => h <= REVIEW_WINDOW_HOURS).length, turnarounds.length),
        firstPassDecided: reviewsSmall ? 0 : decided.length,
        firstPassApprovalRate: reviewsSmall ? null : ratio(decided.filter((e) => e.data.verdict === 'approve').length, decided.length),
        suppressed: reviewsSmall,
      },
    },
  };
  if (o.perPerson && !suppressed) {
    report.perPerson = members.map((m) => ({
      learner: m.slice(0, 12),
      handsOnHours: round((hours.get(m) ?? []).slice(0, weeksElapsed).reduce((a, b) => a + b, 0), 2),
      aiCommits: aiDuring.get(m) ?? 0,
      firstAiCommitDays: firstAi.has(m) ? round((firstAi.get(m)! - o.fromMs) / DAY_MS, 4) : null,
    }));
  }
  return report;
}

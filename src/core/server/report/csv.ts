import type { ProgramReport } from './schema';

/** Quotes a CSV field when needed (RFC 4180) and defuses spreadsheet formulas in text. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * `practicum report --csv`: one row per figure (section, item, metric, value, n), the same figures as
 * the JSON. Withheld figures are empty with metric `suppressed`.
 */
export function reportToCsv(r: ProgramReport): string {
  const rows: unknown[][] = [['section', 'item', 'metric', 'value', 'n']];
  const add = (section: string, item: string, metric: string, value: unknown, n: unknown = '') => rows.push([section, item, metric, value, n]);
  add('cohort', r.cohort, 'members', r.members);
  add('cohort', r.cohort, 'from', r.from);
  add('cohort', r.cohort, 'to', r.to);
  add('cohort', r.cohort, 'minGroupSize', r.minGroupSize);
  if (r.suppressed) add('cohort', r.cohort, 'suppressed', 'true', r.members);
  for (const m of r.satisfaction.modules) {
    if (m.suppressed) add('satisfaction', m.module, 'suppressed', 'true', m.npsResponses);
    else add('satisfaction', m.module, 'nps', m.nps, m.npsResponses);
  }
  for (const c of r.satisfaction.comments) {
    for (const t of c.helped) add('satisfaction', c.module, 'comment.helped', t);
    for (const t of c.didNotHelp) add('satisfaction', c.module, 'comment.didNotHelp', t);
  }
  add('learning', 'all', r.learning.suppressed ? 'suppressed' : 'shareAdvancedAtLeastOneLevel', r.learning.share, r.learning.learners);
  for (const d of r.learning.dimensions) {
    if (d.suppressed) add('learning', d.dimension, 'suppressed', 'true', d.learners);
    else {
      add('learning', d.dimension, 'averageBefore', d.averageBefore, d.learners);
      add('learning', d.dimension, 'averageAfter', d.averageAfter, d.learners);
      add('learning', d.dimension, 'advancedShare', d.advancedShare, d.learners);
    }
  }
  const b = r.behaviour;
  add('behaviour', 'handsOn', 'meanHoursPerMemberWeek', b.handsOn.meanHoursPerMemberWeek, b.handsOn.memberWeeks);
  add('behaviour', 'handsOn', 'shareMeetingGoal', b.handsOn.shareMeetingGoal, b.handsOn.memberWeeks);
  for (const w of b.handsOn.byWeek) {
    add('behaviour', `week ${w.week} (${w.start})`, 'meanHours', w.meanHours, r.members);
    add('behaviour', `week ${w.week} (${w.start})`, 'shareMeetingGoal', w.shareMeetingGoal, r.members);
  }
  add('behaviour', 'firstAiCommit', 'medianDays', b.firstAiCommit.medianDays, b.firstAiCommit.members);
  for (const d of ['30', '60', '90'] as const) add('behaviour', 'firstAiCommit', `within${d}Days`, b.firstAiCommit.within[d], b.firstAiCommit.members);
  add('behaviour', 'aiCommits', 'perMemberWeekBefore', b.aiCommits.before.perMemberWeek, b.aiCommits.before.count);
  add('behaviour', 'aiCommits', 'perMemberWeekDuring', b.aiCommits.during.perMemberWeek, b.aiCommits.during.count);
  for (const t of r.health.tracks) {
    if (t.suppressed) add('health', t.track, 'suppressed', 'true', t.enrolled);
    else add('health', t.track, 'completionRate', t.completionRate, t.enrolled);
  }
  const rv = r.health.reviews;
  if (rv.suppressed) add('health', 'reviews', 'suppressed', 'true', rv.learners);
  else {
    add('health', 'reviews', 'medianTurnaroundHours', rv.medianTurnaroundHours, rv.firstReviews);
    add('health', 'reviews', 'withinWindowShare', rv.withinWindowShare, rv.firstReviews);
    add('health', 'reviews', 'firstPassApprovalRate', rv.firstPassApprovalRate, rv.firstPassDecided);
  }
  for (const p of r.perPerson ?? []) {
    add('person', p.learner, 'handsOnHours', p.handsOnHours);
    add('person', p.learner, 'aiCommits', p.aiCommits);
    add('person', p.learner, 'firstAiCommitDays', p.firstAiCommitDays);
  }
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

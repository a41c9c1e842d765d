import { strict as assert } from 'node:assert';
import { chainMetrics, summarize } from '../../../src/core/review/metrics';
import { buildViews, decidedAt, filterViews, queueGroup, splitReviewed } from '../../../src/core/review/model';
import type { ReviewRecord, SubmissionRecord, Verdict } from '../../../src/core/review/schema';
import { learnerId, mentorA, mentorB } from './team';

const H = 'a'.repeat(40);
const B = 'b'.repeat(40);

function sub(id: string, submittedAt: string, extra: Partial<SubmissionRecord> = {}): SubmissionRecord {
  return { schema: 'practicum.submission/v1', id, exercise: 'rag', learner: learnerId, branch: 'practicum/rag', base: B, head: H, submittedAt, message: '', checks: [], round: 1, previous: null, ...extra };
}
function rev(id: string, submission: string, at: string, verdict: Verdict, reviewer = mentorA): ReviewRecord {
  return { schema: 'practicum.review/v1', id, submission, reviewer, at, verdict, body: id, head: H, comments: [] };
}
const now = Date.parse('2026-01-13T00:00:00Z');

describe('review model', () => {
  it('status is the latest approve/changes verdict; comments never change it', () => {
    const { submissions } = buildViews(
      {
        submissions: [sub('s1', '2026-01-10T00:00:00Z')],
        reviews: [rev('r1', 's1', '2026-01-10T06:00:00Z', 'comment'), rev('r2', 's1', '2026-01-10T08:00:00Z', 'changes', mentorB), rev('r3', 's1', '2026-01-10T09:00:00Z', 'approve'), rev('r4', 's1', '2026-01-10T10:00:00Z', 'comment', mentorB)],
        problems: [],
      },
      { nowMs: now },
    );
    const v = submissions[0]!;
    assert.equal(v.status, 'approved');
    assert.equal(v.firstReviewAt, '2026-01-10T06:00:00Z', 'a comment review counts for turnaround');
    assert.equal(v.turnaroundHours, 6);
    assert.equal(queueGroup(v), 'reviewed');
  });

  it('a later "changes" after an approval wins, and self-reviews never count', () => {
    const { submissions } = buildViews(
      {
        submissions: [sub('s1', '2026-01-10T00:00:00Z')],
        reviews: [rev('r0', 's1', '2026-01-10T01:00:00Z', 'approve', learnerId), rev('r1', 's1', '2026-01-10T02:30:00Z', 'approve'), rev('r2', 's1', '2026-01-11T00:00:00Z', 'changes', mentorB)],
        problems: [],
      },
      { nowMs: now },
    );
    assert.equal(submissions[0]!.status, 'changes-requested');
    assert.equal(submissions[0]!.turnaroundHours, 2.5);
  });

  it('overdue is pending beyond the window, with a configurable window', () => {
    const set = { submissions: [sub('old', '2026-01-10T23:00:00Z'), sub('new', '2026-01-12T00:00:00Z'), sub('done', '2026-01-01T00:00:00Z')], reviews: [rev('r', 'done', '2026-01-02T00:00:00Z', 'changes')], problems: [] };
    const groups = (windowHours?: number) => Object.fromEntries(buildViews(set, { nowMs: now, windowHours }).submissions.map((v) => [v.record.id, queueGroup(v)]));
    assert.deepEqual(groups(), { old: 'overdue', new: 'waiting', done: 'reviewed' }, '49 h > 48 h, 24 h < 48 h');
    assert.deepEqual(groups(72), { old: 'waiting', new: 'waiting', done: 'reviewed' });
    assert.deepEqual(groups(12), { old: 'overdue', new: 'overdue', done: 'reviewed' });
  });

  it('reviewed submissions age out by the time of their deciding verdict, not their submission or later comments', () => {
    const day = (d: number) => new Date(now - d * 24 * 3_600_000).toISOString();
    const { submissions } = buildViews(
      {
        submissions: [sub('fresh', day(3)), sub('stale', day(25)), sub('slow', day(40)), sub('open', day(60)), sub('self', day(30))],
        reviews: [
          rev('r1', 'fresh', day(2), 'approve'),
          rev('r2', 'stale', day(20), 'changes'),
          rev('r3', 'stale', day(1), 'comment', mentorB),
          rev('r4', 'slow', day(13), 'approve'),
          rev('r5', 'open', day(1), 'comment'),
          rev('r6', 'self', day(29), 'changes'),
          rev('r7', 'self', day(1), 'approve', learnerId),
        ],
        problems: [],
      },
      { nowMs: now },
    );
    const byId = new Map(submissions.map((v) => [v.record.id, v]));
    assert.equal(decidedAt(byId.get('stale')!), day(20), 'a later comment does not refresh it');
    assert.equal(decidedAt(byId.get('open')!), null, 'pending: no verdict yet');
    const ids = (xs: typeof submissions) => xs.map((v) => v.record.id);
    const split = splitReviewed(submissions, { nowMs: now });
    assert.deepEqual(ids(split.recent), ['fresh', 'slow'], 'last 14 days by default, newest verdict first');
    assert.deepEqual(ids(split.older), ['stale', 'self'], "the learner's own reply is no verdict");
    const wide = splitReviewed(submissions, { nowMs: now, days: 30 });
    assert.deepEqual([ids(wide.recent), ids(wide.older)], [['fresh', 'slow', 'stale', 'self'], []]);
  });

  it('filters by status and by learner, case-insensitively', () => {
    const other = { name: 'O', email: 'other@corp.example' };
    const { submissions } = buildViews(
      { submissions: [sub('s1', '2026-01-10T00:00:00Z'), sub('s2', '2026-01-10T00:00:00Z', { learner: other })], reviews: [rev('r', 's2', '2026-01-11T00:00:00Z', 'approve')], problems: [] },
      { nowMs: now },
    );
    assert.deepEqual(filterViews(submissions, { status: 'pending' }).map((v) => v.record.id), ['s1']);
    assert.deepEqual(filterViews(submissions, { learners: new Set(['OTHER@corp.example']) }).map((v) => v.record.id), ['s2']);
    assert.deepEqual(filterViews(submissions, { status: 'all' }).length, 2);
  });

  it('computes first-pass approval, rounds to approval and a summary', () => {
    const { submissions } = buildViews(
      {
        submissions: [
          sub('a1', '2026-01-01T00:00:00Z'),
          sub('a2', '2026-01-03T00:00:00Z', { round: 2, previous: 'a1' }),
          sub('b1', '2026-01-01T00:00:00Z', { exercise: 'evals' }),
          sub('c1', '2026-01-02T00:00:00Z', { exercise: 'agents' }),
        ],
        reviews: [rev('x', 'a1', '2026-01-01T10:00:00Z', 'changes'), rev('y', 'a2', '2026-01-03T04:00:00Z', 'approve'), rev('z', 'b1', '2026-01-01T20:00:00Z', 'approve')],
        problems: [],
      },
      { nowMs: now },
    );
    const m = Object.fromEntries(chainMetrics(submissions).map((c) => [c.exercise, [c.firstPassApproved, c.roundsToApproval, c.turnaroundHours]]));
    assert.deepEqual(m, { rag: [false, 2, 10], evals: [true, 1, 20], agents: [null, null, null] });
    const s = summarize(submissions);
    assert.deepEqual(s, { submissions: 4, reviewed: 3, overdue: 1, medianTurnaroundHours: 10, firstPassApprovalRate: 0.5, meanRoundsToApproval: 1.5 });
  });
});

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { EventEnvelope } from '../../../src/core/export/events';
import type { ScanResult } from '../../../src/core/git/scanSchema';
import type { Cohort } from '../../../src/core/metrics/cohort';
import { computeStats } from '../../../src/core/metrics/timeToFirstAiCommit';
import { startServer, type RunningServer } from '../../../src/core/server/httpServer';
import { ingest } from '../../../src/core/server/ingest';
import { computeReport } from '../../../src/core/server/report/compute';
import { reportToCsv } from '../../../src/core/server/report/csv';
import { reportPage } from '../../../src/core/server/report/html';
import { ProgramReportSchema } from '../../../src/core/server/report/schema';
import { openStore, type Store } from '../../../src/core/server/store';
import { newToken, tokenHash } from '../../../src/core/server/tokens';
import { runCliAsync } from '../helpers/cli';
import { tempDir } from '../helpers/gitRepo';
import { aiCommit, envelope, pseudonym, session } from './fixtures';

const H = 3600;
const mail = (who: string) => `${who}@corp.example`;
const as = (who: string, e: EventEnvelope): EventEnvelope => ({ ...e, learner: pseudonym(mail(who)) });
const rubric = { id: 'practicum-ai-skills', version: 1 };
const assess = (who: string, at: string, phase: 'before' | 'after', levels: Record<string, string>, track: string | null, tracks?: string[]) =>
  as(who, envelope('assessment.completed', { phase, track, role: null, rubric, levels, path: tracks ? { tracks, testOut: [], suggestedTestOut: [] } : null }, { at }));
const survey = (who: string, at: string, module: string, nps: number, helped: string | null = null, didNotHelp: string | null = null) =>
  as(who, envelope('survey.completed', { module, track: 'foundations', nps, minutesTaken: 90, helped, didNotHelp, trackCompleted: false, reminded: false }, { at }));
const review = (who: string, at: string, round: number, verdict: string, turnaroundHours: number) =>
  as(who, envelope('review.completed', { exercise: 'rag-prototype', verdict, round, turnaroundHours }, { at }));

/**
 * A pilot of four (A, B, C, D) over 5 weeks from Monday 2026-03-02 to Sunday 2026-04-05, with
 * figures worked out by hand in the comments, and traps: another cohort's events, an out-of-range
 * survey, a small module, a small track, a second review of the same round.
 */
function pilot(): EventEnvelope[] {
  return [
    // Hands-on hours per week (w1..w5): A 6,5,2,0,0  B 1,1,5,5,0  C 0,0,0,10,0  D none.
    session('2026-03-02T09:00:00.000Z', 3 * H, mail('a')),
    session('2026-03-05T09:00:00.000Z', 3 * H, mail('a')),
    session('2026-03-09T09:00:00.000Z', 5 * H, mail('a')),
    session('2026-03-16T09:00:00.000Z', 2 * H, mail('a')),
    session('2026-03-03T09:00:00.000Z', 1 * H, mail('b')),
    session('2026-03-10T09:00:00.000Z', 1 * H, mail('b')),
    session('2026-03-17T09:00:00.000Z', 5 * H, mail('b')),
    session('2026-03-24T09:00:00.000Z', 5 * H, mail('b')),
    session('2026-03-25T09:00:00.000Z', 10 * H, mail('c')),
    session('2026-03-25T09:00:00.000Z', 50 * H, mail('e'), { cohort: 'other' } as Partial<EventEnvelope>),
    // AI commits: A twice before the range, at day 2 and day 8; B at day 20; C and D none.
    aiCommit('2026-02-10T10:00:00.000Z', mail('a')),
    aiCommit('2026-02-20T10:00:00.000Z', mail('a')),
    aiCommit('2026-03-04T00:00:00.000Z', mail('a')),
    aiCommit('2026-03-10T00:00:00.000Z', mail('a')),
    aiCommit('2026-03-22T00:00:00.000Z', mail('b')),
    // Surveys: prompting-basics A 10, B 9, C 6, D 8 (D's older 0 is out of range) → NPS (2−1)/4 = 25.
    survey('a', '2026-03-20T10:00:00.000Z', 'prompting-basics', 10, 'Pairing on real code'),
    survey('b', '2026-03-20T10:00:00.000Z', 'prompting-basics', 9),
    survey('c', '2026-03-20T10:00:00.000Z', 'prompting-basics', 6, null, 'Too long'),
    survey('d', '2026-02-01T10:00:00.000Z', 'prompting-basics', 0, null, 'old answer'),
    survey('d', '2026-03-21T10:00:00.000Z', 'prompting-basics', 8),
    // evals: only two answers → withheld, comments too.
    survey('a', '2026-03-27T10:00:00.000Z', 'evals', 10),
    survey('b', '2026-03-27T10:00:00.000Z', 'evals', 3, null, 'a comment only two people could have written'),
    // Skills (aware 1 … expert 4): A prompting 1→3, evaluation 1→1; B 2→2, 1→2; C 2→2, 2→2.
    assess('a', '2026-03-02T08:00:00.000Z', 'before', { prompting: 'aware', evaluation: 'aware' }, null, ['foundations', 'ai-app-dev']),
    assess('b', '2026-03-02T08:00:00.000Z', 'before', { prompting: 'practicing', evaluation: 'aware' }, null, ['foundations', 'ai-app-dev']),
    assess('c', '2026-03-02T08:00:00.000Z', 'before', { prompting: 'practicing', evaluation: 'practicing' }, null, ['foundations']),
    assess('a', '2026-04-01T08:00:00.000Z', 'after', { prompting: 'proficient', evaluation: 'aware' }, 'foundations'),
    assess('b', '2026-04-01T08:00:00.000Z', 'after', { prompting: 'practicing', evaluation: 'practicing' }, 'foundations'),
    assess('c', '2026-04-01T08:00:00.000Z', 'after', { prompting: 'practicing', evaluation: 'practicing' }, null),
    // Reviews: first reviews A r1 10 h, B r1 60 h, B r2 20 h, C r1 30 h (a comment; its approval at 40 h is not a first review).
    review('a', '2026-03-10T10:00:00.000Z', 1, 'approve', 10),
    review('b', '2026-03-11T10:00:00.000Z', 1, 'changes', 60),
    review('b', '2026-03-15T10:00:00.000Z', 2, 'approve', 20),
    review('c', '2026-03-12T10:00:00.000Z', 1, 'comment', 30),
    review('c', '2026-03-12T20:00:00.000Z', 1, 'approve', 40),
  ];
}

const FROM = Date.parse('2026-03-02T00:00:00Z');
const TO = Date.parse('2026-04-06T00:00:00Z');
const NOW = new Date('2026-05-01T00:00:00Z');

async function fill(store: Store, events: EventEnvelope[]): Promise<void> {
  const secret = await store.secret();
  const byCohort = new Map<string, EventEnvelope[]>();
  for (const e of events) byCohort.set(e.cohort ?? 'pilot', [...(byCohort.get(e.cohort ?? 'pilot') ?? []), e]);
  for (const [cohort, es] of byCohort) {
    const a = await ingest(es.map((value) => ({ value })), { store, secret, cohort, now: NOW });
    assert.equal(JSON.parse(a.body).refused, 0, a.body);
  }
}

describe('program report', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let db: string;
  beforeEach(async () => {
    tmp = tempDir('practicum-report-');
    db = path.join(tmp.dir, 'r.db');
    store = await openStore(db);
  });
  afterEach(async () => {
    await store.close();
    tmp.dispose();
  });

  it('matches the figures worked out by hand for a small cohort', async () => {
    await fill(store, pilot());
    const r = await computeReport(store, { cohort: 'pilot', fromMs: FROM, toMs: TO, now: NOW, minGroup: 3, perPerson: false });
    assert.ok(ProgramReportSchema.safeParse(r).success);
    assert.equal(r.members, 4);
    assert.equal(r.suppressed, false);
    // Satisfaction
    const pb = r.satisfaction.modules.find((m) => m.module === 'prompting-basics')!;
    assert.deepEqual([pb.nps, pb.npsResponses, pb.promoters, pb.passives, pb.detractors, pb.suppressed], [25, 4, 2, 1, 1, false]);
    const ev = r.satisfaction.modules.find((m) => m.module === 'evals')!;
    assert.deepEqual([ev.nps, ev.npsResponses, ev.suppressed], [null, 2, true]);
    assert.deepEqual(r.satisfaction.comments, [{ module: 'prompting-basics', helped: ['Pairing on real code'], didNotHelp: ['Too long'] }]);
    assert.ok(!JSON.stringify(r).includes('only two people'), 'a small module’s comments are withheld');
    assert.ok(!JSON.stringify(r).includes('old answer'), 'answers before the range are not counted');
    // Learning
    assert.deepEqual([r.learning.learners, r.learning.advancedAtLeastOneLevel, r.learning.share], [3, 2, 0.667]);
    const dim = (d: string) => r.learning.dimensions.find((x) => x.dimension === d)!;
    assert.deepEqual([dim('prompting').averageBefore, dim('prompting').averageAfter, dim('prompting').averageAdvancement, dim('prompting').advancedShare], [1.667, 2.333, 0.667, 0.333]);
    assert.deepEqual([dim('evaluation').averageBefore, dim('evaluation').averageAfter, dim('evaluation').averageAdvancement, dim('evaluation').advancedShare], [1.333, 1.667, 0.333, 0.333]);
    // Behaviour: 35 h over 4 members × 5 weeks; 5 of 20 member-weeks at ≥ 5 h.
    const b = r.behaviour;
    assert.equal(b.weeks, 5);
    assert.deepEqual([b.handsOn.memberWeeks, b.handsOn.meanHoursPerMemberWeek, b.handsOn.shareMeetingGoal], [20, 1.75, 0.25]);
    assert.deepEqual(b.handsOn.byWeek.map((w) => [w.start, w.meanHours, w.shareMeetingGoal]), [
      ['2026-03-02', 1.75, 0.25],
      ['2026-03-09', 1.5, 0.25],
      ['2026-03-16', 1.75, 0.25],
      ['2026-03-23', 3.75, 0.5],
      ['2026-03-30', 0, 0],
    ]);
    // Kaplan–Meier: A at day 2 (S = 3/4), B at day 20 (S = 3/4 × 2/3 = 1/2), C and D censored at 35.
    assert.deepEqual([b.firstAiCommit.members, b.firstAiCommit.reached, b.firstAiCommit.medianDays], [4, 2, 20]);
    assert.deepEqual(b.firstAiCommit.within, { '30': 0.5, '60': null, '90': null });
    assert.deepEqual(b.firstAiCommit.curve.map((p) => [p.days, p.reached, p.atRisk, p.events, p.censored]), [
      [2, 0.25, 4, 1, 0],
      [20, 0.5, 3, 1, 0],
      [35, 0.5, 2, 0, 2],
    ]);
    // AI commits per member-week: 2 in the 5 weeks before, 3 during, over 4 members.
    assert.deepEqual([b.aiCommits.before.count, b.aiCommits.before.perMemberWeek, b.aiCommits.during.count, b.aiCommits.during.perMemberWeek], [2, 0.1, 3, 0.15]);
    assert.equal(b.aiCommits.before.from, '2026-01-26T00:00:00.000Z');
    // Program health: foundations 2 of 3 (A, B) < 85 %; ai-app-dev has 2 enrolled → withheld.
    const f = r.health.tracks.find((t) => t.track === 'foundations')!;
    assert.deepEqual([f.enrolled, f.completed, f.completionRate, f.meetsTarget], [3, 2, 0.667, false]);
    const app = r.health.tracks.find((t) => t.track === 'ai-app-dev')!;
    assert.deepEqual([app.enrolled, app.completionRate, app.suppressed], [2, null, true]);
    assert.deepEqual(r.health.reviews, { windowHours: 48, learners: 3, firstReviews: 4, medianTurnaroundHours: 25, withinWindowShare: 0.75, firstPassDecided: 3, firstPassApprovalRate: 0.667, suppressed: false });
    assert.equal(r.perPerson, undefined, 'no per-person view unless the operator turns it on');
  });

  it('computes the time to first AI commit with the estimator practicum stats uses', async () => {
    await fill(store, pilot());
    const r = await computeReport(store, { cohort: 'pilot', fromMs: FROM, toMs: TO, now: NOW, minGroup: 3, perPerson: false });
    // The same four members through practicum stats: anchored at the cohort start, as of the end of the range.
    const cohort: Cohort = { name: 'pilot', start: new Date(FROM), end: new Date(TO), members: ['a', 'b', 'c', 'd'].map((w) => ({ email: mail(w), aliases: [], completedAtDate: new Date(TO) })) };
    const commits = pilot().filter((e) => e.type === 'ai.commit');
    const who = (learner: string) => ['a', 'b', 'c', 'd'].find((w) => pseudonym(mail(w)) === learner)!;
    const scan = {
      aiCommits: commits.map((e, i) => ({ hash: String(i).padStart(40, '0'), authorEmail: mail(who(e.learner)), authoredAt: (e.data as { authoredAt: string }).authoredAt, signals: ['co-author:claude'] })),
      authors: ['a', 'b', 'c', 'd'].map((w) => ({ email: mail(w) })),
    } as unknown as ScanResult;
    const stats = computeStats(cohort, [scan], { from: 'start', asOf: new Date(TO) });
    assert.equal(r.behaviour.firstAiCommit.medianDays, stats.summary.medianDays);
    assert.deepEqual(r.behaviour.firstAiCommit.within, stats.summary.within);
    assert.deepEqual(r.behaviour.firstAiCommit.curve, stats.curve);
  });

  it('withholds a cohort smaller than the minimum group size, and shows it when the operator lowers it', async () => {
    await fill(store, pilot().filter((e) => [pseudonym(mail('a')), pseudonym(mail('b'))].includes(e.learner)));
    const r = await computeReport(store, { cohort: 'pilot', fromMs: FROM, toMs: TO, now: NOW, minGroup: 3, perPerson: true });
    assert.equal(r.members, 2);
    assert.equal(r.suppressed, true);
    assert.match(r.notes[0]!, /2 member\(s\).*fewer than the minimum group size of 3/);
    assert.deepEqual([r.behaviour.handsOn.meanHoursPerMemberWeek, r.behaviour.firstAiCommit.medianDays, r.satisfaction.modules.length, r.health.tracks.length, r.perPerson], [null, null, 0, 0, undefined]);
    assert.equal(r.health.reviews.medianTurnaroundHours, null);
    const html = reportPage(r, { nonce: 'n', cohorts: ['pilot'], fromDate: '2026-03-02', toDate: '2026-04-05' });
    assert.match(html, /fewer than the minimum group size/);
    assert.ok(!html.includes('<svg'), 'no chart of a group too small');
    const lowered = await computeReport(store, { cohort: 'pilot', fromMs: FROM, toMs: TO, now: NOW, minGroup: 2, perPerson: true });
    assert.equal(lowered.suppressed, false);
    assert.equal(lowered.behaviour.handsOn.meanHoursPerMemberWeek, 2.5); // A 13 h + B 12 h over 2 members × 5 weeks
    assert.equal(lowered.perPerson?.length, 2, 'the operator turned the per-person view on');
  });

  it('prints the same figures through practicum report --db and --server, as JSON and CSV', async () => {
    await fill(store, pilot());
    const lead = newToken();
    await store.addToken({ hash: tokenHash(lead), cohort: 'pilot', role: 'lead', label: null, createdAt: NOW.toISOString() });
    const server: RunningServer = await startServer({ store, host: '127.0.0.1', port: 0, fileTokens: [], maxBodyBytes: 1 << 20, ratePerMinute: 100, minGroup: 3, perPerson: false, version: 't', log: { error() {}, warn() {}, info() {}, debug() {} } });
    try {
      const range = ['--cohort', 'pilot', '--from', '2026-03-02', '--to', '2026-04-05'];
      const viaDb = await runCliAsync(['report', '--db', db, ...range, '--json']);
      assert.equal(viaDb.code, 0, viaDb.stderr);
      const viaServer = await runCliAsync(['report', '--server', server.url, ...range, '--json'], { env: { PRACTICUM_TOKEN: lead } });
      assert.equal(viaServer.code, 0, viaServer.stderr);
      const strip = (x: { asOf: string }) => ({ ...x, asOf: 'x' });
      assert.deepEqual(strip(viaServer.json()), strip(viaDb.json()));
      assert.equal(viaDb.json().behaviour.handsOn.meanHoursPerMemberWeek, 1.75);
      const csv = await runCliAsync(['report', '--db', db, ...range, '--csv']);
      assert.match(csv.stdout, /^section,item,metric,value,n\r\n/);
      assert.match(csv.stdout, /satisfaction,prompting-basics,nps,25,4\r\n/);
      assert.match(csv.stdout, /satisfaction,evals,suppressed,true,2\r\n/);
      assert.match(csv.stdout, /behaviour,firstAiCommit,within30Days,0\.5,4\r\n/);
      assert.equal(csv.stdout, reportToCsv({ ...viaDb.json() }));
      const noToken = await runCliAsync(['report', '--server', server.url, ...range, '--json'], { env: { PRACTICUM_TOKEN: '' } });
      assert.equal(noToken.code, 1);
      assert.match(noToken.stderr, /HTTP 401/);
      const usage = await runCliAsync(['report', '--cohort', 'pilot']);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /either --server URL or --db/);
    } finally {
      await server.close();
    }
  });
});

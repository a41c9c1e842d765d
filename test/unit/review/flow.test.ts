import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import { EventDataSchemas } from '../../../src/core/export/events';
import type { EventSink } from '../../../src/core/export/sink';
import { listSubmissions } from '../../../src/core/review/list';
import { chainMetrics } from '../../../src/core/review/metrics';
import { addReview } from '../../../src/core/review/review';
import { submitExercise } from '../../../src/core/review/submit';
import { syncRecords, unpushedRefs } from '../../../src/core/review/sync';
import { HOUR, learnerId, lines, mentorA, mentorB, recordRef, startExercise, Team } from './team';

/** Records emitted events for assertions. */
function recorder(): EventSink & { events: Array<{ type: string; data: Record<string, unknown> }> } {
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];
  return { events, emit: (type, data) => events.push({ type, data }) };
}

describe('review flow across clones of a bare remote', () => {
  let team: Team;
  beforeEach(() => (team = new Team()));
  afterEach(() => team.dispose());

  it('learner submits and syncs; two mentors review concurrently; the learner sees both; round 2 is approved', async () => {
    const clock = new ManualClock(Date.parse('2026-01-10T12:00:00Z'));
    const sink = recorder();
    const lea = team.person(learnerId);
    const mo = team.person(mentorA);
    const max = team.person(mentorB);

    const base = lea.head();
    const head1 = startExercise(lea, 'prompt-basics', { 'src/prompt.ts': lines('prompt', 12) });
    const sub1 = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics', message: 'first try', clock, events: sink });
    assert.equal(sub1.record.base, base, 'base defaults to where the branch left origin/HEAD');
    assert.equal(sub1.record.head, head1);
    assert.equal(sub1.record.round, 1);
    assert.deepEqual(await unpushedRefs(lea.dir), [recordRef(lea, sub1.record.id)]);

    const leaSync = await syncRecords({ repo: lea.dir });
    assert.deepEqual(leaSync.pushed.map((p) => p.kind), ['submission']);
    assert.deepEqual(leaSync.unpushed, []);
    assert.deepEqual(await unpushedRefs(lea.dir), []);

    // Mentors fetch: the submission and its commits arrive although the branch was never pushed.
    clock.advance(5 * HOUR);
    assert.deepEqual((await syncRecords({ repo: mo.dir })).fetched.map((f) => f.kind), ['submission']);
    await syncRecords({ repo: max.dir });
    assert.equal(mo.git(['cat-file', '-t', head1]), 'commit');
    const queue = await listSubmissions({ repo: mo.dir, clock });
    assert.deepEqual(queue.submissions.map((s) => [s.record.id, s.status, s.overdue]), [[sub1.record.id, 'pending', false]]);

    // Both review before either syncs, then both sync at the same moment.
    await addReview({ repo: mo.dir, submissionId: sub1.record.id, verdict: 'changes', body: 'Handle the empty prompt.', comments: [{ file: 'src/prompt.ts', line: 3, body: 'What if this is empty?' }], clock, events: sink });
    clock.advance(HOUR);
    await addReview({ repo: max.dir, submissionId: sub1.record.id, verdict: 'comment', body: 'Nice structure.', comments: [{ file: 'src/prompt.ts', line: 7, body: 'Consider a constant.' }], clock, events: sink });
    await Promise.all([syncRecords({ repo: mo.dir }), syncRecords({ repo: max.dir })]);
    await syncRecords({ repo: mo.dir });
    await syncRecords({ repo: max.dir });

    const learnerFetch = await syncRecords({ repo: lea.dir });
    assert.equal(learnerFetch.fetched.filter((f) => f.kind === 'review').length, 2);
    const seen = (await listSubmissions({ repo: lea.dir, clock })).submissions;
    assert.equal(seen.length, 1);
    const reviewed = seen[0]!;
    assert.deepEqual(reviewed.reviews.map((r) => [r.reviewer.email, r.verdict, r.comments[0]?.line]), [
      [mentorA.email, 'changes', 3],
      [mentorB.email, 'comment', 7],
    ]);
    assert.equal(reviewed.status, 'changes-requested', 'a later comment review does not change the status');
    assert.equal(reviewed.turnaroundHours, 5);
    for (const clone of [mo, max]) {
      const theirs = (await listSubmissions({ repo: clone.dir, clock })).submissions[0]!;
      assert.equal(theirs.reviews.length, 2, 'both mentors see both reviews');
    }

    // The learner replies in Mo's thread, then resubmits: round 2 links to round 1.
    const thread = `${reviewed.reviews[0]!.id}/c1`;
    await addReview({ repo: lea.dir, submissionId: sub1.record.id, verdict: 'comment', body: '', comments: [{ file: 'src/prompt.ts', line: 3, body: 'Fixed in round 2.', replyTo: thread }], clock, events: sink });
    clock.advance(20 * HOUR);
    lea.commit({ files: { 'src/prompt.ts': lines('prompt v2', 14) }, message: 'handle empty prompt', author: learnerId });
    const sub2 = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics', clock, events: sink });
    assert.equal(sub2.record.round, 2);
    assert.equal(sub2.record.previous, sub1.record.id);
    assert.equal(sub2.record.base, base, 'later rounds keep the exercise base');
    await syncRecords({ repo: lea.dir });

    clock.advance(50 * HOUR);
    await syncRecords({ repo: mo.dir });
    const overdue = (await listSubmissions({ repo: mo.dir, clock })).submissions.find((s) => s.record.id === sub2.record.id)!;
    assert.equal(overdue.overdue, true, '50 h pending is beyond the 48 h window');
    await addReview({ repo: mo.dir, submissionId: sub2.record.id, verdict: 'approve', body: 'Good.', clock, events: sink });
    await syncRecords({ repo: mo.dir });
    await syncRecords({ repo: lea.dir });

    const final = await listSubmissions({ repo: lea.dir, clock });
    const round1 = final.submissions.find((s) => s.record.id === sub1.record.id)!;
    assert.equal(round1.next, sub2.record.id);
    assert.equal(round1.turnaroundHours, 5, "the learner's own reply is not a review");
    assert.equal(final.submissions.find((s) => s.record.id === sub2.record.id)!.status, 'approved');
    assert.deepEqual(chainMetrics(final.submissions), [
      { exercise: 'prompt-basics', learner: learnerId.email, submissions: [sub1.record.id, sub2.record.id], turnaroundHours: 5, firstPassApproved: false, roundsToApproval: 2 },
    ]);

    assert.deepEqual(
      sink.events.map((e) => [e.type, e.data.verdict ?? null, e.data.round]),
      [
        ['exercise.submitted', null, 1],
        ['review.completed', 'changes', 1],
        ['review.completed', 'comment', 1],
        ['exercise.submitted', null, 2],
        ['review.completed', 'approve', 2],
      ],
      "the learner's reply emits no review event",
    );
    assert.equal(sink.events[1]!.data.turnaroundHours, 5);
    // Called directly (no exercise runner), the review flow emits the one export shape, without a catalog's track and module.
    assert.deepEqual(sink.events[0]!.data, { exercise: 'prompt-basics', track: null, module: null, round: 1, where: 'git', checksTotal: 0, checksPassed: 0, selfAttested: 0, byKind: {} });
    for (const e of sink.events) assert.ok(EventDataSchemas[e.type as 'exercise.submitted' | 'review.completed'].strict().safeParse(e.data).success, `${e.type} fits the export schema exactly`);
    assert.ok(sink.events.every((e) => !JSON.stringify(e.data).includes('src/')), 'events never carry file paths');
  });

  it('refuses a resubmission while pending, after approval, or without new commits', async () => {
    const clock = new ManualClock(Date.parse('2026-01-10T12:00:00Z'));
    const lea = team.person(learnerId);
    const mo = team.person(mentorA);
    startExercise(lea, 'evals', { 'evals/a.ts': 'a\n' });
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'evals', clock });
    await assert.rejects(submitExercise({ repo: lea.dir, exerciseId: 'evals', clock }), /still waiting for review/);

    await syncRecords({ repo: lea.dir });
    await syncRecords({ repo: mo.dir });
    await addReview({ repo: mo.dir, submissionId: sub.record.id, verdict: 'changes', body: 'More cases.', clock });
    await syncRecords({ repo: mo.dir });
    await syncRecords({ repo: lea.dir });
    await assert.rejects(submitExercise({ repo: lea.dir, exerciseId: 'evals', clock }), /no new commits since round 1/);

    lea.commit({ files: { 'evals/b.ts': 'b\n' }, message: 'more cases', author: learnerId });
    const r2 = await submitExercise({ repo: lea.dir, exerciseId: 'evals', clock });
    await syncRecords({ repo: lea.dir });
    await syncRecords({ repo: mo.dir });
    await addReview({ repo: mo.dir, submissionId: r2.record.id, verdict: 'changes', body: 'Still one missing.', clock });
    await syncRecords({ repo: mo.dir });
    await syncRecords({ repo: lea.dir });
    lea.commit({ files: { 'evals/c.ts': 'c\n' }, message: 'last case', author: learnerId });
    const r3 = await submitExercise({ repo: lea.dir, exerciseId: 'evals', clock });
    assert.deepEqual([r3.record.round, r3.record.previous], [3, r2.record.id]);
    await syncRecords({ repo: lea.dir });
    await syncRecords({ repo: mo.dir });
    await addReview({ repo: mo.dir, submissionId: r3.record.id, verdict: 'approve', body: 'Done.', clock });
    await syncRecords({ repo: mo.dir });
    await syncRecords({ repo: lea.dir });
    await assert.rejects(submitExercise({ repo: lea.dir, exerciseId: 'evals', clock }), /already approved/);
    const metrics = chainMetrics((await listSubmissions({ repo: lea.dir, clock })).submissions);
    assert.deepEqual(metrics.map((m) => [m.firstPassApproved, m.roundsToApproval, m.submissions.length]), [[false, 3, 3]]);
  });

  it('a learner cannot pass a verdict on their own submission, and comments must point into the head commit', async () => {
    const lea = team.person(learnerId);
    startExercise(lea, 'rag', { 'rag.py': lines('rag', 5) });
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'rag' });
    await assert.rejects(addReview({ repo: lea.dir, submissionId: sub.record.id, verdict: 'approve', body: 'lgtm' }), /own submission/);
    const mo = team.person(mentorA);
    await syncRecords({ repo: lea.dir });
    await syncRecords({ repo: mo.dir });
    await assert.rejects(addReview({ repo: mo.dir, submissionId: sub.record.id, verdict: 'comment', body: 'x', comments: [{ file: 'rag.py', line: 6, body: 'past the end' }] }), /outside the file \(it has 5 lines/);
    await assert.rejects(addReview({ repo: mo.dir, submissionId: sub.record.id, verdict: 'comment', body: 'x', comments: [{ file: 'nope.py', line: 1, body: 'missing' }] }), /not in the submitted commit/);
    await assert.rejects(addReview({ repo: mo.dir, submissionId: sub.record.id, verdict: 'comment', body: '', comments: [{ file: 'rag.py', line: 1, body: 'hi', replyTo: 'nothing/c1' }] }), /no comment thread/);
    await assert.rejects(addReview({ repo: mo.dir, submissionId: 'unknown-1', verdict: 'approve', body: 'x' }), /No submission "unknown-1".*practicum sync/);
  });

  it('a comment that starts a thread and its replies in the same review are stored as one thread', async () => {
    const lea = team.person(learnerId);
    startExercise(lea, 'rag', { 'rag.py': lines('rag', 5) });
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'rag' });
    const mo = team.person(mentorA);
    await syncRecords({ repo: lea.dir });
    await syncRecords({ repo: mo.dir });
    const first = await addReview({ repo: mo.dir, submissionId: sub.record.id, verdict: 'comment', body: '', comments: [{ file: 'rag.py', line: 1, body: 'Why?' }] });
    const { review } = await addReview({
      repo: mo.dir,
      submissionId: sub.record.id,
      verdict: 'changes',
      body: '',
      comments: [
        { file: 'rag.py', line: 2, body: 'Off by one?', key: 'p1' },
        { file: 'rag.py', line: 1, body: 'Answering myself.', replyTo: `${first.review.id}/c1` },
        { file: 'rag.py', line: 2, body: 'No, exclusive.', replyTo: 'p1' },
      ],
    });
    assert.deepEqual(
      review.comments.map((c) => [c.id, c.replyTo]),
      [['c1', undefined], ['c2', `${first.review.id}/c1`], ['c3', `${review.id}/c1`]],
    );
    const stored = (await listSubmissions({ repo: mo.dir })).submissions[0]!.reviews.find((r) => r.id === review.id)!;
    assert.equal(stored.comments[2]!.replyTo, `${review.id}/c1`, 'the link is in the stored record');
    // A reply must follow the comment it answers in the same review.
    await assert.rejects(
      addReview({ repo: mo.dir, submissionId: sub.record.id, verdict: 'comment', body: '', comments: [{ file: 'rag.py', line: 2, body: 'early', replyTo: 'p1' }, { file: 'rag.py', line: 2, body: 'start', key: 'p1' }] }),
      /no comment thread "p1"/,
    );
  });
});

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { learnerId as pseudonymOf } from '../../../src/core/export/learnerId';
import { Outbox } from '../../../src/core/export/outbox';
import { OutboxSink, type SinkIdentity } from '../../../src/core/export/outboxSink';
import { addReview } from '../../../src/core/review/review';
import { submitExercise } from '../../../src/core/review/submit';
import { syncRecords } from '../../../src/core/review/sync';
import { tempDir } from '../helpers/gitRepo';
import { HOUR, learnerId, lines, mentorA, startExercise, Team } from './team';

const KEY = 'team-key';

describe('review.completed is attributed to the submitter', () => {
  let team: Team;
  let outboxDir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    team = new Team();
    outboxDir = tempDir('practicum-attribution-');
  });
  afterEach(() => {
    team.dispose();
    outboxDir.dispose();
  });

  /** What the outbox holds on disk, as text and as envelopes. */
  const onDisk = () => {
    const text = readdirSync(outboxDir.dir).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(path.join(outboxDir.dir, f), 'utf8')).join('');
    return { text, events: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; learner: string }) };
  };

  /** Lea submits and syncs; the mentor fetches, in his own clone. */
  const submitted = async (clock: ManualClock) => {
    const lea = team.person(learnerId);
    const mo = team.person(mentorA);
    startExercise(lea, 'prompt-basics', { 'src/prompt.ts': lines('prompt', 12) });
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics', clock });
    await syncRecords({ repo: lea.dir });
    await syncRecords({ repo: mo.dir });
    clock.advance(3 * HOUR);
    return { mo, id: sub.record.id };
  };

  it("the mentor's window writes the submitter's pseudonym, and no email reaches the outbox", async () => {
    const clock = new ManualClock(Date.parse('2026-01-10T12:00:00Z'));
    const { mo, id } = await submitted(clock);
    // The mentor's window: its own pseudonym is the mentor's.
    const identity: SinkIdentity = { learner: pseudonymOf(mentorA.email, KEY), cohort: 'spring', pseudonym: (email) => pseudonymOf(email, KEY) };
    const sink = new OutboxSink({ outbox: new Outbox({ dir: outboxDir.dir }), identity: async () => identity, policy: () => ({ includeCommitDetails: false }) });
    sink.emit('exercise.started', { exercise: 'other-exercise' });
    await addReview({ repo: mo.dir, submissionId: id, verdict: 'changes', body: 'Handle the empty prompt.', comments: [{ file: 'src/prompt.ts', line: 3, body: 'Empty?' }], clock, events: sink });
    await sink.drain();

    const { text, events } = onDisk();
    assert.deepEqual(
      events.map((e) => [e.type, e.learner]),
      [
        ['exercise.started', pseudonymOf(mentorA.email, KEY)],
        ['review.completed', pseudonymOf(learnerId.email, KEY)],
      ],
    );
    assert.notEqual(pseudonymOf(learnerId.email, KEY), pseudonymOf(mentorA.email, KEY));
    assert.doesNotMatch(text, /@|corp\.example|Lea Learner|Mo Mentor/i, 'no email or name is ever written');
  });

  it('a sink that cannot name other people drops the event instead of blaming the mentor', async () => {
    const clock = new ManualClock(Date.parse('2026-01-10T12:00:00Z'));
    const { mo, id } = await submitted(clock);
    const warnings: string[] = [];
    const logger = { error() {}, warn: (m: string) => warnings.push(m), info() {}, debug() {} };
    const sink = new OutboxSink({ outbox: new Outbox({ dir: outboxDir.dir }), identity: async () => ({ learner: pseudonymOf(mentorA.email, KEY), cohort: null }), policy: () => ({ includeCommitDetails: false }), logger });
    await addReview({ repo: mo.dir, submissionId: id, verdict: 'approve', body: 'Good.', clock, events: sink });
    await sink.drain();
    assert.deepEqual(onDisk().events, []);
    assert.match(warnings.join('\n'), /Dropped a review\.completed event: this window cannot name the person it is about/);
  });
});

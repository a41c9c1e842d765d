import { strict as assert } from 'node:assert';
import { LocalCalendar } from '../../../src/core/tracking/calendar';
import type { Heartbeat } from '../../../src/core/tracking/heartbeat';
import { SessionAccumulator, summarize, toPoint, type SessionRecord, type TimePoint } from '../../../src/core/tracking/sessions';
import { WeekTime } from '../../../src/core/tracking/weekTime';

const utc = new LocalCalendar('UTC');
const T0 = Date.parse('2026-01-12T09:00:00Z') / 1000;
const p = (dt: number, exercise: string | null = null, ai = false): TimePoint => ({ t: T0 + dt, exercise, ai });

describe('tracking/sessions', () => {
  it('counts a gap exactly at the idle timeout in full, and one second more not at all', () => {
    const at = summarize([p(0), p(900), p(900 + 901)], { idleMinutes: 15, calendar: utc });
    assert.equal(at.totalSeconds, 900);
    assert.equal(at.sessions.length, 1);
    assert.deepEqual(at.sessions[0], { start: T0, end: T0 + 900, seconds: 900, aiAssistedSeconds: 0, exercise: null });
    const longer = summarize([p(0), p(901)], { idleMinutes: 15, calendar: utc });
    assert.equal(longer.totalSeconds, 0);
    assert.deepEqual(longer.sessions, [], 'single-heartbeat sessions count nothing and are not listed');
  });

  it('honours the idle setting', () => {
    assert.equal(summarize([p(0), p(1800)], { idleMinutes: 30, calendar: utc }).totalSeconds, 1800);
    assert.equal(summarize([p(0), p(1800)], { idleMinutes: 29, calendar: utc }).totalSeconds, 0);
  });

  it('credits each gap to the exercise of the earlier heartbeat when attribution changes', () => {
    const s = summarize([p(0, 'rag-prototype'), p(600, 'eval-harness'), p(900, null), p(1000, 'eval-harness')], { idleMinutes: 15, calendar: utc });
    assert.deepEqual(s.byExercise, { 'rag-prototype': 600, 'eval-harness': 300, none: 100 });
    assert.equal(s.totalSeconds, 1000);
    assert.equal(s.sessions[0]?.exercise, 'rag-prototype', 'a session is labelled with its main exercise');
  });

  it('counts AI-assisted time from heartbeats taken during an AI burst', () => {
    const s = summarize([p(0), p(120, null, true), p(300, null, true), p(400)], { idleMinutes: 15, calendar: utc });
    assert.equal(s.totalSeconds, 400);
    assert.equal(s.aiAssistedSeconds, 280);
    assert.equal(s.sessions[0]?.aiAssistedSeconds, 280);
  });

  it('splits time at midnight in the given zone, not in UTC', () => {
    const berlin = new LocalCalendar('Europe/Berlin');
    const start = Date.parse('2026-01-14T22:50:00Z') / 1000; // 23:50 in Berlin
    const pts = [0, 300, 600, 900].map((d) => ({ t: start + d, exercise: null, ai: false }));
    const s = summarize(pts, { idleMinutes: 15, calendar: berlin });
    assert.deepEqual(s.byDay, { '2026-01-14': 600, '2026-01-15': 300 });
    assert.deepEqual(summarize(pts, { idleMinutes: 15, calendar: utc }).byDay, { '2026-01-14': 900 });
  });

  it('gives the same answer for heartbeats in any order', () => {
    const pts = [p(0, 'a'), p(100, 'b'), p(2000, 'a'), p(2100), p(2500, 'b'), p(5000)];
    const sorted = summarize(pts, { idleMinutes: 15, calendar: utc });
    const shuffled = summarize([pts[3], pts[5], pts[0], pts[4], pts[1], pts[2]] as TimePoint[], { idleMinutes: 15, calendar: utc });
    assert.deepEqual(shuffled, sorted);
    assert.equal(sorted.sessions.length, 2);
    assert.equal(sorted.totalSeconds, 100 + 500);
  });

  it('clips credited time to a window, such as this week', () => {
    const s = summarize([p(0), p(600), p(1200)], { idleMinutes: 15, calendar: utc, window: { from: T0 + 300, to: T0 + 900 } });
    assert.equal(s.totalSeconds, 600);
    assert.deepEqual(s.byDay, { '2026-01-12': 600 });
  });

  it('closes a live session once the idle timeout has passed, and reports it', () => {
    const closed: SessionRecord[] = [];
    const acc = new SessionAccumulator(900, utc, (r) => closed.push(r));
    acc.push(p(0, 'x'));
    acc.push(p(60, 'x', true));
    acc.tick(T0 + 60 + 900);
    assert.equal(closed.length, 0, 'still within the timeout');
    acc.tick(T0 + 60 + 901);
    assert.deepEqual(closed, [{ start: T0, end: T0 + 60, seconds: 60, aiAssistedSeconds: 0, exercise: 'x' }]);
    acc.push(p(5000));
    acc.close();
    assert.equal(closed.length, 1, 'a session of one heartbeat is not reported');
  });

  it('reads log heartbeats at whole-second precision', () => {
    const hb: Heartbeat = { at: '2026-01-12T09:00:00.999Z', kind: 'edit', exercise: null, language: 'typescript', ai: false };
    assert.equal(toPoint(hb).t, T0);
  });
});

describe('tracking/weekTime', () => {
  it("counts only this week's part of a session that started on Sunday night, and adds new heartbeats", () => {
    const berlin = new LocalCalendar('Europe/Berlin');
    const week = new WeekTime(berlin);
    const hb = (at: string, exercise: string | null = null): Heartbeat => ({ at, kind: 'edit', exercise, language: null, ai: false });
    // Sunday 23:55 and Monday 00:05 Berlin time (UTC+1), then a heartbeat of last week that must not count.
    week.load([hb('2026-01-18T22:55:00Z', 'rag-prototype'), hb('2026-01-18T23:05:00Z', 'rag-prototype'), hb('2026-01-10T10:00:00Z')]);
    const now = Date.parse('2026-01-19T12:00:00Z');
    assert.ok(week.readFrom(now) <= Date.parse('2026-01-18T23:00:00Z') - 4 * 3_600_000);
    let s = week.summary(now, 15);
    assert.equal(s.days[0], '2026-01-19');
    assert.equal(s.today, '2026-01-19');
    assert.equal(s.totals.totalSeconds, 300);
    assert.deepEqual(s.totals.byDay, { '2026-01-19': 300 });
    week.add(hb('2026-01-18T23:10:00Z', 'eval-harness'));
    s = week.summary(now, 15);
    assert.deepEqual(s.totals.byExercise, { 'rag-prototype': 600 });
    assert.equal(week.size, 3, 'last week is dropped from memory');
  });
});

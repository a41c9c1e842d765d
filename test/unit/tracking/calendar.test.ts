import { strict as assert } from 'node:assert';
import { addDays, isValidTimeZone, LocalCalendar } from '../../../src/core/tracking/calendar';

const H = 3_600_000;

describe('tracking/calendar', () => {
  it('finds local midnight in a zone east of UTC', () => {
    const cal = new LocalCalendar('Europe/Berlin');
    const day = cal.day(Date.parse('2026-01-14T23:30:00Z')); // 00:30 on the 15th in Berlin
    assert.equal(day.key, '2026-01-15');
    assert.equal(new Date(day.start).toISOString(), '2026-01-14T23:00:00.000Z');
    assert.equal(new Date(day.end).toISOString(), '2026-01-15T23:00:00.000Z');
  });

  it('knows a spring-forward day is 23 hours and a fall-back day 25', () => {
    const cal = new LocalCalendar('America/New_York');
    const spring = cal.day(Date.parse('2026-03-08T12:00:00Z'));
    assert.equal(spring.end - spring.start, 23 * H);
    const fall = cal.day(Date.parse('2026-11-01T12:00:00Z'));
    assert.equal(fall.end - fall.start, 25 * H);
  });

  it('starts a day whose midnight does not exist at the first instant that has its date', () => {
    const cal = new LocalCalendar('America/Santiago'); // 2025-09-07 00:00 jumps to 01:00
    assert.equal(new Date(cal.startOf('2025-09-07')).toISOString(), '2025-09-07T04:00:00.000Z');
  });

  it('weeks start on Monday 00:00 local time', () => {
    const cal = new LocalCalendar('Asia/Tokyo');
    const sunday = Date.parse('2026-01-18T10:00:00+09:00');
    assert.deepEqual(cal.weekKeys(sunday), ['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16', '2026-01-17', '2026-01-18']);
    assert.equal(new Date(cal.weekStart(sunday)).toISOString(), '2026-01-11T15:00:00.000Z');
    const monday = Date.parse('2026-01-19T00:00:00+09:00');
    assert.equal(cal.weekStart(monday), monday);
  });

  it('adds days across month and year ends, and validates zone names', () => {
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.ok(isValidTimeZone('UTC'));
    assert.ok(!isValidTimeZone('Mars/Olympus'));
  });
});

import { strict as assert } from 'node:assert';
import { parseCohortDate, validateCohort } from '../../../src/core/metrics/cohort';

const now = new Date('2026-06-01T00:00:00Z');
const base = { name: 'Pilot', start: '2026-01-05', end: '2026-02-27' };

describe('cohort file', () => {
  it('a bare date means 00:00 UTC; full ISO times keep their zone', () => {
    assert.equal(parseCohortDate('2026-01-05')?.toISOString(), '2026-01-05T00:00:00.000Z');
    assert.equal(parseCohortDate('2026-01-05T09:00:00+02:00')?.toISOString(), '2026-01-05T07:00:00.000Z');
    assert.equal(parseCohortDate('2026-02-30'), null);
    assert.equal(parseCohortDate('next tuesday'), null);
  });

  it('completedAt defaults to the cohort end', () => {
    const { cohort, issues } = validateCohort({ ...base, members: [{ email: 'ana@corp.example' }] }, now);
    assert.deepEqual(issues, []);
    assert.equal(cohort?.members[0]?.completedAtDate.toISOString(), '2026-02-27T00:00:00.000Z');
  });

  it('one bad member is reported by index and field and never hides the others', () => {
    const { cohort, issues } = validateCohort(
      { ...base, members: [{ email: 'not-an-email' }, { email: 'bo@corp.example', completedAt: 'soon' }, { email: 'cy@corp.example' }] },
      now,
    );
    assert.deepEqual(cohort?.members.map((m) => m.email), ['cy@corp.example']);
    assert.ok(issues.some((i) => i.path === 'members[0].email' && i.severity === 'error'));
    assert.ok(issues.some((i) => i.path === 'members[1].completedAt'));
  });

  it('duplicate members (also through aliases, any case) are reported and the duplicate left out', () => {
    const { cohort, issues } = validateCohort(
      { ...base, members: [{ email: 'ana@corp.example', aliases: ['ana@home.example'] }, { email: 'ANA@home.example' }] },
      now,
    );
    assert.equal(cohort?.members.length, 1);
    assert.match(issues[0]?.message ?? '', /duplicates ana@home\.example, already listed at members\[0\]/);
  });

  it('warns about completedAt before start and dates in the future', () => {
    const { issues } = validateCohort(
      { ...base, members: [{ email: 'a@x.example', completedAt: '2025-12-01' }, { email: 'b@x.example', completedAt: '2027-01-01' }] },
      now,
    );
    assert.ok(issues.some((i) => i.severity === 'warning' && i.path.includes('a@x.example') && /before the cohort start/.test(i.message)));
    assert.ok(issues.some((i) => i.severity === 'warning' && i.path.includes('b@x.example') && /future/.test(i.message)));
  });

  it('a file without name or members is an error naming the field', () => {
    const { cohort, issues } = validateCohort({ start: '2026-01-05', end: '2026-02-01', members: [] }, now);
    assert.equal(cohort, null);
    assert.deepEqual(issues.map((i) => i.path).sort(), ['members', 'name']);
  });

  it('end before start is an error', () => {
    const { issues } = validateCohort({ name: 'x', start: '2026-03-01', end: '2026-02-01', members: [{ email: 'a@x.example' }] }, now);
    assert.ok(issues.some((i) => i.path === 'end' && i.severity === 'error'));
  });
});

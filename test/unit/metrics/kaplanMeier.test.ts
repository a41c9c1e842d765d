import { strict as assert } from 'node:assert';
import { kaplanMeier, medianTime, shareReachedBy, survivalAt } from '../../../src/core/metrics/kaplanMeier';

const close = (a: number | null, b: number, eps = 1e-9) => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≉ ${b}`);

describe('Kaplan–Meier', () => {
  // Hand computation: n=5; event@10 → S=4/5; censor@20; event@30 with 3 at risk → S=4/5·2/3=8/15;
  // censor@40; event@50 with 1 at risk → S=0.
  const km = kaplanMeier([
    { time: 50, event: true },
    { time: 10, event: true },
    { time: 40, event: false },
    { time: 20, event: false },
    { time: 30, event: true },
  ]);

  it('steps through events and censoring with the right risk sets', () => {
    assert.deepEqual(
      km.steps.map((s) => [s.time, s.atRisk, s.events, s.censored]),
      [[10, 5, 1, 0], [20, 4, 0, 1], [30, 3, 1, 0], [40, 2, 0, 1], [50, 1, 1, 0]],
    );
    close(survivalAt(km, 9.99), 1);
    close(survivalAt(km, 10), 0.8);
    close(survivalAt(km, 35), 8 / 15);
    close(survivalAt(km, 50), 0);
  });

  it('median is the first event time where S <= 0.5', () => {
    assert.equal(medianTime(km), 50);
  });

  it('within-t is 1 − S(t) carried forward, null past the longest follow-up', () => {
    close(shareReachedBy(km, 30), 1 - 8 / 15);
    close(shareReachedBy(km, 45), 1 - 8 / 15);
    assert.equal(shareReachedBy(km, 60), null);
  });

  it('counts members censored at an event time as at risk (ties)', () => {
    // n=4 at t=5: two events, one censored → S = 1 − 2/4 = 0.5 → median 5.
    const t = kaplanMeier([{ time: 5, event: true }, { time: 5, event: true }, { time: 5, event: false }, { time: 8, event: true }]);
    close(survivalAt(t, 5), 0.5);
    assert.equal(medianTime(t), 5);
    close(survivalAt(t, 8), 0); // one left at risk, one event
  });

  it('no events: median null, within 0 where followed', () => {
    const t = kaplanMeier([{ time: 40, event: false }, { time: 100, event: false }]);
    assert.equal(medianTime(t), null);
    assert.equal(shareReachedBy(t, 90), 0);
  });

  it('an empty cohort has no estimate', () => {
    const t = kaplanMeier([]);
    assert.equal(medianTime(t), null);
    assert.equal(shareReachedBy(t, 30), null);
  });
});

import { strict as assert } from 'node:assert';
import type { ActivityEvent, Heartbeat, HeartbeatKind } from '../../../src/core/tracking/heartbeat';
import { Tracker } from '../../../src/core/tracking/tracker';

const T0 = Date.parse('2026-01-12T09:00:00Z');
const ev = (ms: number, kind: HeartbeatKind = 'edit', source = 'a.ts', more: Partial<ActivityEvent> = {}): ActivityEvent => ({
  at: T0 + ms,
  kind,
  source,
  language: 'typescript',
  exercise: null,
  ai: false,
  ...more,
});

function setup() {
  const out: Heartbeat[] = [];
  const tracker = new Tracker((hb) => out.push(hb));
  const times = () => out.map((h) => (Date.parse(h.at) - T0) / 1000);
  return { out, tracker, times };
}

describe('tracking/tracker', () => {
  it('turns three minutes of typing in one file into a heartbeat every two minutes plus the trailing one', () => {
    const { tracker, times, out } = setup();
    for (let ms = 0; ms <= 180_000; ms += 200) {
      tracker.observe(ev(ms));
      tracker.observe(ev(ms, 'select'));
      tracker.tick(T0 + ms + 100);
    }
    assert.deepEqual(times(), [0, 120]);
    tracker.tick(T0 + 180_000 + 59_000);
    assert.equal(out.length, 2, 'no trailing heartbeat before a minute of quiet');
    tracker.tick(T0 + 180_000 + 60_000);
    assert.deepEqual(times(), [0, 120, 180]);
    assert.deepEqual(out.map((h) => h.kind), ['edit', 'edit', 'edit'], 'an edit and its cursor move are one burst, named after the edit');
  });

  it('collapses a burst of events closer than the debounce into one heartbeat from its last event', () => {
    const { tracker, out } = setup();
    tracker.observe(ev(0, 'open', 'a.ts'));
    tracker.observe(ev(20, 'select', 'b.ts', { language: 'python' }));
    tracker.observe(ev(40, 'select', 'b.ts', { language: 'python' }));
    tracker.tick(T0 + 200);
    assert.equal(out.length, 1);
    assert.equal(out[0]?.language, 'python');
    assert.equal(out[0]?.kind, 'open');
    assert.equal(out[0]?.at, new Date(T0 + 40).toISOString());
  });

  it('writes a heartbeat at once when the file changes or is saved, even inside the throttle', () => {
    const { tracker, times, out } = setup();
    tracker.observe(ev(0, 'edit', 'a.ts'));
    tracker.observe(ev(5_000, 'edit', 'b.ts'));
    tracker.observe(ev(10_000, 'edit', 'b.ts'));
    tracker.observe(ev(15_000, 'save', 'b.ts'));
    tracker.observe(ev(20_000, 'edit', 'a.ts'));
    tracker.tick(T0 + 21_000);
    assert.deepEqual(times(), [0, 5, 15, 20]);
    assert.equal(out[2]?.kind, 'save');
  });

  it('writes a heartbeat when the exercise or the AI state changes', () => {
    const { tracker, out } = setup();
    tracker.observe(ev(0));
    tracker.observe(ev(1_000, 'edit', 'a.ts', { exercise: 'rag-prototype' }));
    tracker.observe(ev(2_000, 'edit', 'a.ts', { exercise: 'rag-prototype', ai: true }));
    tracker.observe(ev(3_000, 'edit', 'a.ts', { exercise: 'rag-prototype', ai: true }));
    tracker.observe(ev(4_000, 'edit', 'a.ts', { exercise: 'rag-prototype' }));
    tracker.tick(T0 + 5_000);
    assert.deepEqual(out.map((h) => [h.exercise, h.ai]), [[null, false], ['rag-prototype', false], ['rag-prototype', true], ['rag-prototype', false]]);
  });

  it('records nothing while the window is unfocused, and closes the open burst and tail on blur', () => {
    const { tracker, times } = setup();
    tracker.observe(ev(0));
    tracker.observe(ev(30_000));
    tracker.setFocused(false);
    assert.deepEqual(times(), [0, 30], 'the swallowed activity at 30 s is written on blur');
    tracker.observe(ev(200_000, 'edit', 'b.ts'));
    tracker.tick(T0 + 300_000);
    assert.deepEqual(times(), [0, 30]);
    tracker.setFocused(true);
    tracker.observe(ev(400_000, 'focus', 'b.ts'));
    tracker.tick(T0 + 401_000);
    assert.deepEqual(times(), [0, 30, 400]);
  });

  it('records nothing while paused', () => {
    const { tracker, times } = setup();
    tracker.observe(ev(0));
    tracker.setPaused(true);
    assert.ok(tracker.isPaused);
    tracker.observe(ev(10_000, 'save'));
    tracker.tick(T0 + 200_000);
    tracker.setPaused(false);
    tracker.observe(ev(300_000, 'terminal', 'terminal', { language: null }));
    tracker.flush();
    assert.deepEqual(times(), [0, 300]);
  });

  it('settles a key held down past the burst limit', () => {
    const { tracker, out } = setup();
    for (let ms = 0; ms < 5_000; ms += 30) tracker.observe(ev(ms, 'edit', ms < 2_500 ? 'a.ts' : 'b.ts'));
    assert.ok(out.length >= 1, 'a burst longer than two seconds does not wait for a pause');
  });
});

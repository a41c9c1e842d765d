import { strict as assert } from 'node:assert';
import { AiEditDetector, type RawEdit } from '../../../src/core/tracking/aiDetector';
import { formatComparison, measureRule, ReferenceAiRule, type ClassResult } from './traces';

const T0 = Date.parse('2026-01-12T09:00:00Z');
const edit = (ms: number, text: string, o: Partial<RawEdit> & { line?: number } = {}): RawEdit => ({
  at: T0 + ms,
  changes: [{ startLine: o.line ?? 10, rangeLength: 0, text }],
  cursorLines: [10],
  activeDocument: true,
  undoRedo: false,
  duringSave: false,
  ...o,
});
const block = (n: number, salt = '') => Array.from({ length: n }, (_, i) => `  const value${i}${salt} = compute(items[${i}], options);`).join('\n') + '\n';

describe('tracking/aiDetector', () => {
  it('flags an agent writing hunks away from the cursor, and clears after the person types again', () => {
    const d = new AiEditDetector();
    assert.equal(d.observe(edit(0, block(5, 'a'), { line: 120 })), false, 'one hunk alone is not enough');
    assert.equal(d.observe(edit(100, block(5, 'b'), { line: 140 })), false);
    assert.equal(d.observe(edit(200, block(5, 'c'), { line: 160 })), true);
    assert.equal(d.observe(edit(3_000, 'x')), true, 'the first keystroke after the burst is still in it');
    assert.equal(d.observe(edit(3_200, 'y')), false);
  });

  it('flags text streamed in line by line faster than anyone pastes', () => {
    const d = new AiEditDetector();
    const flags = [0, 60, 120, 180, 240, 300].map((ms, i) => d.observe(edit(ms, `  return combine(left${i}, right${i});\n`, { line: 10 + i, cursorLines: [10 + i] })));
    assert.deepEqual(flags, [false, false, false, false, true, true], 'the first chunk is a gesture, the second may be its side effect, three more are unexplained');
  });

  it('does not flag a key held on paste or copy-line, which repeats the same text', () => {
    const d = new AiEditDetector();
    const text = block(3);
    for (let i = 0; i < 10; i++) assert.equal(d.observe(edit(i * 33, text, { line: 10 + i * 3, cursorLines: [10 + i * 3] })), false);
  });

  it('does not flag a completion with its auto-import, nor save participants, undo or moved lines', () => {
    const d = new AiEditDetector();
    d.observe(edit(0, block(4)));
    d.observe(edit(40, "import { computeScore } from './scoring/compute';\n", { line: 0 }));
    d.observe({ ...edit(1_000, block(3, 's'), { line: 90 }), duringSave: true });
    d.observe({ ...edit(1_050, block(3, 't'), { line: 95 }), duringSave: true });
    d.observe({ ...edit(1_100, block(3, 'u'), { line: 99 }), undoRedo: true });
    const moved = block(2, 'm');
    d.observe({ ...edit(1_130, ''), changes: [{ startLine: 9, rangeLength: moved.length, text: moved }] });
    assert.equal(d.isActive, false);
  });

  it('measures lower false positives than the reference rule on replayed typing, pasting and completion traces', function () {
    this.timeout(20_000);
    const ours = measureRule(() => new AiEditDetector());
    const reference = measureRule(() => new ReferenceAiRule());
    for (const line of formatComparison(ours, reference)) console.log(`      ${line}`);
    const rate = (rs: ClassResult[], classes: string[]) => {
      const sel = rs.filter((r) => classes.includes(r.cls));
      return sel.reduce((s, r) => s + r.flagged, 0) / sel.reduce((s, r) => s + r.edits, 0);
    };
    const human = ['typing', 'pasting', 'completion'];
    const ourFp = rate(ours, human);
    const refFp = rate(reference, human);
    assert.ok(ourFp < 0.001, `our false-positive rate ${ourFp} should stay below 0.1% of human edits`);
    assert.ok(ourFp < refFp, `ours (${ourFp}) should beat the reference (${refFp})`);
    for (const r of ours.filter((x) => x.cls === 'agent' || x.cls === 'streaming')) {
      assert.equal(r.tracesFlagged, r.traces, `every ${r.cls} burst is caught`);
      assert.ok(r.flagged / r.edits > 0.6, `most ${r.cls} edits are inside the flagged burst`);
    }
  });
});

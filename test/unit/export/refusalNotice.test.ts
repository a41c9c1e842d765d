import { strict as assert } from 'node:assert';
import { RefusalNotice } from '../../../src/core/export/refusalNotice';

describe('export: telling the user about refused batches', () => {
  it('tells once per run of refusals; a delivery or a retry starts a new run', () => {
    const n = new RefusalNotice();
    const told = (flushes: Array<[sent: number, rejected: number]>) => flushes.map(([sent, rejected]) => n.shouldTell({ sent, rejected }));
    // The endpoint refuses every batch (a wrong cohort name, say): one message, not one per flush.
    assert.deepEqual(told([[0, 100], [0, 40], [0, 3]]), [true, false, false]);
    // Nothing to send meanwhile changes nothing; a flush that delivers and refuses is still the same run.
    assert.deepEqual(told([[0, 0], [50, 100]]), [false, false]);
    // A clean delivery ends the run: the next refusal is news.
    assert.deepEqual(told([[20, 0], [0, 5], [0, 5]]), [false, true, false]);
    // The user fixed the cause and retried: a refusal after that is news too.
    n.retried();
    assert.deepEqual(told([[0, 5]]), [true]);
  });
});

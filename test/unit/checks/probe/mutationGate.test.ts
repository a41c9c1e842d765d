import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ProbeCheckSchema } from '../../../../src/core/catalog/probeSchema';
import { runMutationGate, shuffledOrder, type GateProvider } from '../../../../src/core/checks/probe/evaluators/mutationGate';

import { gateScript } from './harness';

const check = ProbeCheckSchema.parse({ id: 'gate', kind: 'probe', title: 'Gate', command: 'node gate.js', evaluator: { type: 'mutationGate', minCalls: 3 } }) as Parameters<typeof runMutationGate>[0];

describe('probe: mutationGate against gates a hurried learner writes', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'practicum-gate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (decide: string, order?: GateProvider[]) => {
    writeFileSync(path.join(dir, 'gate.js'), gateScript(decide));
    return runMutationGate(check, { command: 'node gate.js', cwd: dir, env: {}, ledgerDir: dir, timeoutMs: 100_000, order });
  };

  it('passes an honest gate in the shuffled order: every normal run exits 0, every degraded run non-zero', async () => {
    const j = await run('right >= 2 ? 0 : 1');
    assert.equal(j.pass, true, JSON.stringify(j.failing));
    assert.deepEqual(j.metrics, { normalCalls: 3, degradedCalls: 3, normalPassed: 3, degradedFailed: 3, normalExit: 0, degradedExit: 1 });
    assert.equal(j.output.match(/model request\(s\)\)/g)?.length, 6);
  });

  it('fails a gate that always exits 0 and one that always exits 1', async () => {
    const zero = await run('0', ['normal', 'degraded']);
    assert.equal(zero.pass, false);
    assert.match(zero.failing[0]!.reason, /exited 0 although every answer was wrong, against the degraded provider in run 2 of 2/);
    const one = await run('1', ['normal', 'degraded']);
    assert.equal(one.pass, false);
    assert.match(one.failing[0]!.reason, /exited with 1 against the normal provider in run 1 of 2/);
  });

  it('fails a gate that exits by a coin flip or by the clock (ten runs of each provider, shuffled)', async () => {
    for (const decide of ['Math.random() < 0.5 ? 0 : 1', 'Date.now() % 2']) {
      const j = await run(decide, shuffledOrder(10));
      assert.equal(j.pass, false, decide);
      assert.match(j.failing[0]!.reason, /exited (with 1 against the normal provider|0 although every answer was wrong, against the degraded provider)/);
    }
  });

  it('fails a gate that passes its first run and fails every later one (a file left for the next run)', async () => {
    const firstRunOnly = `fs.existsSync('.ran') ? 1 : (fs.writeFileSync('.ran', ''), 0)`;
    const j = await run(firstRunOnly, ['degraded', 'normal', 'normal', 'degraded']);
    assert.equal(j.pass, false);
    assert.match(j.failing[0]!.reason, /against the degraded provider in run 1 of 4/);
    assert.equal(j.metrics.degradedFailed, 0);
  });

  it('fails a gate that decides without asking the model enough', async () => {
    writeFileSync(path.join(dir, 'gate.js'), 'process.exit(0)');
    const j = await runMutationGate(check, { command: 'node gate.js', cwd: dir, env: {}, ledgerDir: dir, timeoutMs: 30_000, order: ['normal', 'degraded'] });
    assert.equal(j.pass, false);
    assert.match(j.failing.map((f) => f.reason).join('\n'), /made 0 request\(s\) to the model in run 1 of 2 \(normal provider\); .* \(at least 3\)/);
  });

  it('shuffles three runs of each provider, and either may come first', () => {
    const orders = Array.from({ length: 64 }, () => shuffledOrder());
    for (const o of orders) assert.deepEqual([...o].sort(), ['degraded', 'degraded', 'degraded', 'normal', 'normal', 'normal']);
    assert.deepEqual(new Set(orders.map((o) => o[0])), new Set(['normal', 'degraded']));
    assert.ok(new Set(orders.map((o) => o.join())).size > 5);
  });
});

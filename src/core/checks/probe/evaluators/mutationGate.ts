import { randomInt } from 'node:crypto';
import type { ProbeCheck } from '../../../catalog/schema';
import type { FailingCase } from '../../result';
import { runShell } from '../../shell';
import { startProbeProvider } from '../provider';
import type { Judgement } from '../types';

export type GateProvider = 'normal' | 'degraded';

/** Runs against each provider: a gate that exits by a coin flip passes all of them once in 2^(2·N). */
export const GATE_REPEATS = 3;

export interface GateRunOptions {
  command: string;
  cwd: string;
  env: Record<string, string>;
  ledgerDir: string;
  /** For all runs together. */
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
  /** The providers in the order they are run; default: GATE_REPEATS of each, shuffled. */
  order?: GateProvider[];
}

/** GATE_REPEATS normal and GATE_REPEATS degraded runs in a random order, so a gate cannot tell them apart by position or by state it keeps between runs. */
export function shuffledOrder(repeats = GATE_REPEATS): GateProvider[] {
  const order: GateProvider[] = [...Array<GateProvider>(repeats).fill('normal'), ...Array<GateProvider>(repeats).fill('degraded')];
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Runs the learner's eval gate several times against the normal local provider (each run must exit 0)
 * and the degraded one (deliberately wrong answers; each run must exit non-zero), in a random order.
 * Every run must ask the model at least `minCalls` times, so a gate that exits 0 (or 1) without
 * evaluating anything fails; the repeats and the order catch gates that exit by a coin flip, by the
 * clock, or by a file they leave for the next run. Stops at the first run that gets it wrong.
 */
export async function runMutationGate(check: ProbeCheck & { evaluator: { type: 'mutationGate' } }, opts: GateRunOptions): Promise<Judgement & { output: string }> {
  const minCalls = check.evaluator.minCalls;
  const order = opts.order ?? shuffledOrder();
  const deadline = Date.now() + opts.timeoutMs;
  const tail = (t: string) => (t.trim().split('\n').pop() ?? '').slice(0, 160);
  const seen = { normal: { right: 0, exit: 0, calls: Infinity }, degraded: { right: 0, exit: 1, calls: Infinity } };
  const failing: FailingCase[] = [];
  const log: string[] = [];
  for (const [i, name] of order.entries()) {
    const label = `run ${i + 1} of ${order.length}`;
    const provider = await startProbeProvider('local', name === 'degraded' ? [{ fault: { type: 'degraded' } }] : undefined, opts.ledgerDir, `${name}-${i + 1}`);
    let r;
    let calls = 0;
    try {
      r = await runShell(opts.command, { cwd: opts.cwd, timeoutMs: Math.max(1000, deadline - Date.now()), env: { ...opts.env, ...provider.env }, signal: opts.signal, input: '{}\n', onOutput: opts.onOutput });
      calls = provider.entries()?.length ?? 0;
    } finally {
      await provider.close();
    }
    log.push(`$ ${opts.command}  (${name} provider, ${label}: exit ${r.exitCode ?? 'none'}, ${calls} model request(s))\n${r.output}`);
    const s = seen[name];
    s.calls = Math.min(s.calls, calls);
    const id = `${name}-provider`;
    if (calls < minCalls) failing.push({ id, reason: `made ${calls} request(s) to the model in ${label} (${name} provider); the gate must run its eval cases through the model (at least ${minCalls})` });
    if (r.timedOut) failing.push({ id, reason: `did not finish in ${label}: the check gives all ${order.length} runs ${Math.round(opts.timeoutMs / 1000)} s together` });
    else if (name === 'normal' && r.exitCode !== 0) {
      s.exit = r.exitCode ?? -1;
      failing.push({ id, reason: `exited with ${r.exitCode} against the normal provider in ${label}; the gate must pass on good answers, every time (${tail(r.output)})` });
    } else if (name === 'degraded' && r.exitCode === 0) {
      s.exit = 0;
      const normalBefore = seen.normal.right > 0 ? ' (and 0 on the normal one: the exit code must follow the scores, not chance, the clock or an earlier run)' : '';
      failing.push({ id, reason: `exited 0 although every answer was wrong, against the degraded provider in ${label}${normalBefore}; compare scores to a threshold and exit non-zero` });
    } else {
      if (name === 'degraded') s.exit = r.exitCode ?? -1;
      if (calls >= minCalls) s.right++;
    }
    if (failing.length > 0 || opts.signal?.aborted) break;
  }
  const calls = (n: number) => (Number.isFinite(n) ? n : 0);
  const metrics = {
    normalCalls: calls(seen.normal.calls),
    degradedCalls: calls(seen.degraded.calls),
    normalPassed: seen.normal.right,
    degradedFailed: seen.degraded.right,
    normalExit: seen.normal.exit,
    degradedExit: seen.degraded.exit,
  };
  const wanted = order.filter((n) => n === 'normal').length;
  const targets = {
    normalCalls: { op: '>=' as const, value: minCalls },
    degradedCalls: { op: '>=' as const, value: minCalls },
    normalPassed: { op: '>=' as const, value: wanted },
    degradedFailed: { op: '>=' as const, value: order.length - wanted },
  };
  return { pass: failing.length === 0, metrics, targets, failing, output: log.join('\n') };
}

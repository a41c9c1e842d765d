import type { ProbeCheck } from '../../../catalog/schema';
import { runShell } from '../../shell';
import { startProbeProvider } from '../provider';
import type { Judgement } from '../types';

export interface GateRunOptions {
  command: string;
  cwd: string;
  env: Record<string, string>;
  ledgerDir: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
}

/**
 * Runs the learner's eval gate twice: against the normal local provider it must exit 0, against the
 * degraded one (deliberately wrong answers) non-zero; each run must ask the model at least `minCalls`
 * times, so a gate that exits 0 (or 1) without evaluating anything fails.
 */
export async function runMutationGate(check: ProbeCheck & { evaluator: { type: 'mutationGate' } }, opts: GateRunOptions): Promise<Judgement & { output: string }> {
  const minCalls = check.evaluator.minCalls;
  const runOnce = async (name: 'normal' | 'degraded') => {
    const provider = await startProbeProvider('local', name === 'degraded' ? [{ fault: { type: 'degraded' } }] : undefined, opts.ledgerDir, name);
    try {
      const r = await runShell(opts.command, { cwd: opts.cwd, timeoutMs: opts.timeoutMs, env: { ...opts.env, ...provider.env }, signal: opts.signal, input: '{}\n', onOutput: opts.onOutput });
      return { r, calls: provider.entries()?.length ?? 0 };
    } finally {
      await provider.close();
    }
  };
  const normal = await runOnce('normal');
  const degraded = await runOnce('degraded');
  const failing = [];
  const tail = (t: string) => (t.trim().split('\n').pop() ?? '').slice(0, 160);
  if (normal.r.timedOut) failing.push({ id: 'normal-provider', reason: `did not finish within ${Math.round(opts.timeoutMs / 1000)} s` });
  else if (normal.r.exitCode !== 0) failing.push({ id: 'normal-provider', reason: `exited with ${normal.r.exitCode} against the normal provider; the gate must pass on good answers (${tail(normal.r.output)})` });
  if (normal.calls < minCalls) failing.push({ id: 'normal-provider', reason: `made ${normal.calls} request(s) to the model; the gate must run its eval cases through the model (at least ${minCalls})` });
  if (degraded.r.timedOut) failing.push({ id: 'degraded-provider', reason: `did not finish within ${Math.round(opts.timeoutMs / 1000)} s` });
  else if (degraded.r.exitCode === 0) failing.push({ id: 'degraded-provider', reason: 'exited 0 although every answer was wrong; the gate must fail when quality drops (compare scores to a threshold and exit non-zero)' });
  if (degraded.calls < minCalls) failing.push({ id: 'degraded-provider', reason: `made ${degraded.calls} request(s) to the degraded model (at least ${minCalls} needed)` });
  const metrics = { normalExit: normal.r.exitCode ?? -1, degradedExit: degraded.r.exitCode ?? -1, normalCalls: normal.calls, degradedCalls: degraded.calls };
  const output = `$ ${opts.command}  (normal provider)\n${normal.r.output}\n$ ${opts.command}  (degraded provider)\n${degraded.r.output}`;
  return { pass: failing.length === 0, metrics, targets: { normalCalls: { op: '>=', value: minCalls }, degradedCalls: { op: '>=', value: minCalls } }, failing, output };
}

import { runShell } from '../shell';
import type { ProbeCase } from './cases';
import { entriesBetween, startProbeProvider, type ProbeProvider, type ProviderMode } from './provider';
import type { CaseRun } from './types';
import type { FaultScript } from '../../model/faults';

export interface CaseRunOptions {
  command: string;
  cwd: string;
  caseTimeoutMs: number;
  /** When the whole probe must end (epoch ms). */
  deadline: number;
  provider: ProbeProvider;
  providerMode: ProviderMode;
  ledgerDir: string;
  /** Extra variables for the command (exercise id, base commit). */
  env: Record<string, string>;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
}

/** The learner's stdout as one JSON object: the whole text, or else its last line that is one. */
export function parseOutput(stdout: string): { out?: Record<string, unknown>; problem?: string } {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const text = stdout.trim();
  if (text === '') return { problem: 'printed nothing on stdout; print one JSON object, e.g. {"answer": "..."}' };
  try {
    const v: unknown = JSON.parse(text);
    if (isObject(v)) return { out: v };
  } catch {
    /* look for the last line that is an object */
  }
  const lines = text.split('\n').reverse();
  for (const line of lines) {
    try {
      const v: unknown = JSON.parse(line);
      if (isObject(v)) return { out: v };
    } catch {
      /* not this one */
    }
  }
  return { problem: `stdout is not a JSON object (it starts "${text.slice(0, 60).replace(/\s+/g, ' ')}"); print one JSON object as the last line` };
}

/**
 * Runs the command once per case, one after another (each case's provider requests are then the
 * ones made while it ran). A case with its own fault script gets a fresh provider.
 */
export async function runCases(cases: readonly ProbeCase[], opts: CaseRunOptions): Promise<CaseRun[]> {
  const runs: CaseRun[] = [];
  for (const c of cases) {
    if (opts.signal?.aborted) break;
    const left = opts.deadline - Date.now();
    if (left <= 0) {
      runs.push({ case: c, exitCode: null, timedOut: true, durationMs: 0, outProblem: 'not run: the probe ran out of time', tail: '' });
      continue;
    }
    const own = c.faults !== undefined ? await startProbeProvider(opts.providerMode, c.faults as FaultScript, opts.ledgerDir, `case-${runs.length + 1}`) : undefined;
    try {
      runs.push(await runOne(c, own ?? opts.provider, { ...opts, caseTimeoutMs: Math.min(opts.caseTimeoutMs, left) }));
    } finally {
      await own?.close();
    }
  }
  return runs;
}

async function runOne(c: ProbeCase, provider: ProbeProvider, opts: CaseRunOptions): Promise<CaseRun> {
  const tenant: Record<string, string> = typeof c.input.tenant === 'string' ? { PRACTICUM_TENANT: c.input.tenant } : {};
  const from = Date.now();
  const r = await runShell(opts.command, {
    cwd: opts.cwd,
    timeoutMs: opts.caseTimeoutMs,
    signal: opts.signal,
    input: JSON.stringify({ id: c.id, input: c.input }) + '\n',
    env: { ...opts.env, ...provider.env, PRACTICUM_CASE_ID: c.id, ...tenant },
    onOutput: opts.onOutput,
  });
  const to = Date.now();
  const tail = r.output.split('\n').slice(-8).join('\n').trim();
  const requests = entriesBetween(provider.entries(), from, to);
  const base = { case: c, exitCode: r.exitCode, timedOut: r.timedOut, durationMs: r.durationMs, requests, tail };
  if (r.timedOut) return { ...base, outProblem: `did not finish within ${Math.round(opts.caseTimeoutMs / 1000)} s and was stopped` };
  if (r.exitCode !== 0) return { ...base, outProblem: `exited with ${r.exitCode ?? 'a signal'}${r.output.trim() ? `: ${errorLine(r.output)}` : ''}` };
  const parsed = parseOutput(r.stdout);
  return { ...base, ...(parsed.out ? { out: parsed.out } : { outProblem: parsed.problem }) };
}

/** The line of a failed run's output that says what went wrong: the last error-looking line, else the last line. */
export function errorLine(output: string): string {
  const lines = output.trim().split('\n').map((l) => l.trim()).filter((l) => l);
  const err = [...lines].reverse().find((l) => /\b\w*(Error|Exception)\b|^error\b|^fatal\b/i.test(l) && !/^at\s/.test(l));
  return (err ?? lines[lines.length - 1] ?? '').slice(0, 200);
}

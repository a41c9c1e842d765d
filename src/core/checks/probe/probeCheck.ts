import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProbeCheck, ProbeEvaluator } from '../../catalog/schema';
import type { FaultScript } from '../../model/faults';
import type { CheckEnvironment } from '../environment';
import { substituteInputs, type Verdict } from '../kinds';
import type { CheckedExercise } from '../runner';
import { parseCases, type ProbeCase } from './cases';
import { openCheckout, type Checkout } from './checkout';
import { abstention } from './evaluators/abstention';
import { citations } from './evaluators/citations';
import { injection } from './evaluators/injection';
import { jsonSchema } from './evaluators/jsonSchema';
import { latency } from './evaluators/latency';
import { runMutationGate } from './evaluators/mutationGate';
import { retryPolicy } from './evaluators/retryPolicy';
import { runTamperDrill } from './evaluators/tamperDrill';
import { endpointTimes, judgeStreaming, streamingFaults } from './evaluators/streaming';
import { genaiSpans } from './evaluators/genaiSpans';
import { upstreamCalls } from './evaluators/upstreamCalls';
import { capFailing, formatFigures, percentile } from './figures';
import { startLearnerServer } from './learnerServer';
import { startOtlpReceiver, type OtlpReceiver } from './otlp/receiver';
import { startProbeProvider, type ProbeProvider } from './provider';
import { runCases } from './runCases';
import type { CaseEvaluator, CaseRun, Judgement } from './types';

type CaseType = Exclude<ProbeEvaluator['type'], 'mutationGate' | 'streaming' | 'tamperDrill'>;
const caseEvaluators: { [K in CaseType]: CaseEvaluator<Extract<ProbeEvaluator, { type: K }>> } = {
  citations,
  abstention,
  jsonSchema,
  injection,
  retryPolicy,
  upstreamCalls,
  latency,
  genaiSpans,
};

/** Evaluators that read the provider's ledger: they need the local provider. */
const needsLedger = (ev: ProbeEvaluator) => ev.type === 'mutationGate' || ev.type === 'streaming' || (ev.type in caseEvaluators && caseEvaluators[ev.type as CaseType].needsLedger === true);

/**
 * Runs the learner's program over the cases with the local model provider (or their own), in the
 * repository at the checked commit, and judges what it did. Never passes on missing evidence: no
 * cases, no answers, or no provider requests are failures with the reason.
 */
export async function probeCheck(check: ProbeCheck, exercise: CheckedExercise, env: CheckEnvironment): Promise<Verdict> {
  const fields = [check.command, check.learnerCases ?? '', check.server?.command ?? '', check.evaluator.type === 'jsonSchema' ? check.evaluator.schema : ''];
  const missing = [...new Set(fields.flatMap((f) => substituteInputs(f, env.answers).missing))];
  if (missing.length > 0) {
    const prompts = missing.map((id) => `"${exercise.inputs.find((i) => i.id === id)?.prompt ?? id}"`);
    return { status: 'skipped', message: `Needs your answer to ${prompts.join(' and ')} before it can run.` };
  }
  const sub = (s: string) => substituteInputs(s, env.answers).command;
  const command = sub(check.command);
  const blocked = env.commandsBlocked?.(command, check.id) ?? (check.server ? env.commandsBlocked?.(sub(check.server.command), check.id) : undefined);
  if (blocked) return { status: 'skipped', message: blocked };
  const mode = env.provider ?? 'local';
  if (mode === 'env' && needsLedger(check.evaluator)) {
    return { status: 'skipped', message: `The ${check.evaluator.type} evaluator reads the local provider's request ledger; run with the local provider to judge it.` };
  }
  const ev = (check.evaluator.type === 'jsonSchema' ? { ...check.evaluator, schema: sub(check.evaluator.schema) } : check.evaluator) as ProbeEvaluator;
  const checkout = await openCheckout(env);
  const ledgerDir = await fs.mkdtemp(path.join(os.tmpdir(), 'practicum-ledger-'));
  const providers: ProbeProvider[] = [];
  let receiver: OtlpReceiver | undefined;
  try {
    const cases = await loadCases(check, exercise, checkout, sub);
    if (typeof cases === 'string') return { status: 'fail', message: cases };
    const deadline = Date.now() + check.timeoutSeconds * 1000;
    const runEnv = { PRACTICUM_EXERCISE: env.exerciseId, PRACTICUM_BASE: env.changes.range.base };
    const onOutput = env.onOutput && ((t: string) => env.onOutput?.(check.id, t));
    if (ev.type === 'tamperDrill') {
      if (checkout.commit === null) return { status: 'skipped', message: 'The drift drill changes files, so it runs on committed work only (Submit or `practicum check`), never in your working tree.' };
      const j = await runTamperDrill({ ...check, evaluator: ev }, { command, cwd: checkout.dir, env: runEnv, timeoutMs: (check.timeoutSeconds * 1000) / 3, signal: env.signal, onOutput });
      return verdict(j, 3, j.output);
    }
    if (ev.type === 'mutationGate') {
      const j = await runMutationGate({ ...check, evaluator: ev }, { command, cwd: checkout.dir, env: runEnv, ledgerDir, timeoutMs: check.timeoutSeconds * 1000, signal: env.signal, onOutput });
      return verdict(j, 2, j.output);
    }
    const evaluator = ev.type === 'streaming' ? undefined : (caseEvaluators[ev.type] as CaseEvaluator);
    const faults = (check.provider?.faults as FaultScript | undefined) ?? (ev.type === 'streaming' ? streamingFaults : evaluator?.defaultFaults?.(ev));
    const provider = await startProbeProvider(mode, faults, ledgerDir, 'run');
    providers.push(provider);
    const all = [...(evaluator?.bundledCases?.(ev) ?? []), ...cases];
    if (all.length === 0) return { status: 'fail', message: 'No cases to run: the exercise ships none and no learner case file is set.' };
    if (check.server && (ev.type === 'streaming' || ev.type === 'latency')) {
      const server = await startLearnerServer({ command: sub(check.server.command), url: check.server.url, cwd: checkout.dir, env: { ...runEnv, ...provider.env }, readyMs: check.server.readySeconds * 1000, timeoutMs: check.timeoutSeconds * 1000 }).catch((e: Error) => e);
      if (server instanceof Error) return { status: 'fail', message: server.message };
      try {
        if (ev.type === 'streaming') return verdict(await judgeStreaming(server.url, all, () => provider.entries(), check.caseTimeoutSeconds * 1000), all.length);
        const { times, failing } = await endpointTimes(server.url, all, check.caseTimeoutSeconds * 1000, () => provider.entries(), check.requireModelCall);
        const metrics = { p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)) };
        const pass = failing.length === 0 && metrics.p50Ms <= ev.p50Ms && metrics.p95Ms <= ev.p95Ms;
        return verdict({ pass, metrics, targets: { p50Ms: { op: '<=', value: ev.p50Ms }, p95Ms: { op: '<=', value: ev.p95Ms } }, failing }, all.length);
      } finally {
        await server.stop();
      }
    }
    if (!evaluator) return { status: 'error', message: `The ${ev.type} evaluator needs "server" in the check.` };
    // Spans are judged as an OpenTelemetry collector would receive them: the SDK's own OTLP variables point here.
    if (ev.type === 'genaiSpans') receiver = await startOtlpReceiver();
    const caseEnv = { ...runEnv, ...receiver?.env };
    const runs = await runCases(all, { command, cwd: checkout.dir, caseTimeoutMs: check.caseTimeoutSeconds * 1000, deadline, provider, providerMode: mode, ledgerDir, env: caseEnv, signal: env.signal, onOutput });
    if (env.signal?.aborted) return { status: 'skipped', message: 'Cancelled.' };
    const otlp = receiver && { spans: receiver.spans(), problems: receiver.problems() };
    const judgement = await evaluator.judge(runs, ev, { check, checkout, noLedger: mode === 'env', ...(otlp ? { otlp } : {}) });
    return verdict(judgement, all.length, caseLog(command, runs, judgement));
  } finally {
    await receiver?.close();
    for (const p of providers) await p.close();
    await checkout.dispose();
    await fs.rm(ledgerDir, { recursive: true, force: true });
  }
}

/** The exercise's shipped cases and the learner's, or a message saying why they cannot be used. */
async function loadCases(check: ProbeCheck, exercise: CheckedExercise, checkout: Checkout, sub: (s: string) => string): Promise<ProbeCase[] | string> {
  const out: ProbeCase[] = [];
  try {
    if (check.cases !== undefined) {
      if (!exercise.location) return 'This exercise ships cases but its folder is unknown.';
      const file = path.join(exercise.location.dir, check.cases);
      out.push(...parseCases(await fs.readFile(file, 'utf8'), check.cases));
    }
    if (check.learnerCases !== undefined) {
      const rel = sub(check.learnerCases);
      const text = await checkout.read(rel);
      if (text === undefined) {
        return `Your case file ${rel} is not in the repository${checkout.commit ? ` at ${checkout.commit.slice(0, 7)}` : ''}; write at least ${check.minLearnerCases} cases there (one {"id", "input", "expect"} per line) and commit it.`;
      }
      const mine = parseCases(text, rel);
      if (mine.length < check.minLearnerCases) return `Your case file ${rel} has ${mine.length} case(s); write at least ${check.minLearnerCases}.`;
      const shipped = new Set(out.map((c) => c.id));
      out.push(...mine.map((c) => (shipped.has(c.id) ? { ...c, id: `yours:${c.id}` } : c)));
    }
  } catch (e) {
    return `The cases cannot be read: ${(e as Error).message}`;
  }
  return out;
}

function verdict(j: Judgement, total: number, output?: string): Verdict {
  const figures = formatFigures(j.metrics, j.targets);
  const first = j.failing[0];
  const failed = j.failing.length > 0 ? `${new Set(j.failing.map((f) => f.id)).size} of ${total} case(s) failed, e.g. ${first?.id}: ${first?.reason}` : '';
  const message = [figures, j.note, j.pass ? '' : failed].filter((s) => s).join('. ') + '.';
  return {
    status: j.pass ? 'pass' : 'fail',
    message: message === '.' ? (j.pass ? 'Passed.' : 'Failed.') : message,
    metrics: j.metrics,
    targets: j.targets,
    ...(j.failing.length > 0 ? { failingCases: capFailing(j.failing) } : {}),
    ...(output !== undefined ? { output } : {}),
  };
}

/** One line per case (with the tail of failing runs), for the Output panel. */
function caseLog(command: string, runs: readonly CaseRun[], j: Judgement): string {
  const reasons = new Map(j.failing.map((f) => [f.id, f.reason]));
  const lines = [`$ ${command}   (once per case, case JSON on stdin)`];
  for (const r of runs) {
    const reason = reasons.get(r.case.id);
    lines.push(`${reason ? '✗' : '✓'} ${r.case.id}  ${Math.round(r.durationMs)} ms, ${r.requests?.length ?? '?'} provider request(s)${reason ? ` — ${reason}` : ''}`);
    if (reason && r.tail) lines.push(...r.tail.split('\n').slice(-4).map((l) => `    ${l}`));
  }
  return lines.join('\n');
}

import type { ProbeEvaluator } from '../../../catalog/schema';
import type { LedgerEntry } from '../../../model/ledger';
import type { FailingCase } from '../../result';
import type { ReceivedSpan } from '../otlp/spans';
import { share } from '../figures';
import type { CaseEvaluator, Judgement } from '../types';
import { fail, runProblem } from './common';

type GenaiSpans = Extract<ProbeEvaluator, { type: 'genaiSpans' }>;

/**
 * How far a span's start or end may sit inside the provider's own view of the call. Both clocks are
 * this machine's; the client starts before the provider sees the request and ends after it answered,
 * so only rounding needs room.
 */
const TOLERANCE_MS = 20;

const attr = (s: ReceivedSpan, key: string) => s.attributes[key];
const named = (s: ReceivedSpan, key: string) => typeof attr(s, key) === 'string' && (attr(s, key) as string).trim() !== '';
const spanModel = (s: ReceivedSpan) => attr(s, 'gen_ai.request.model') ?? attr(s, 'gen_ai.response.model');

/** Why `s` is not the span of `call`, or undefined when it is. */
function mismatch(s: ReceivedSpan, call: LedgerEntry): string | undefined {
  if (spanModel(s) !== call.model) return `gen_ai.request.model is ${JSON.stringify(spanModel(s) ?? null)}, the call asked for "${call.model}"`;
  if (!named(s, 'gen_ai.operation.name')) return 'it has no gen_ai.operation.name (chat, embeddings, …)';
  if (!named(s, 'gen_ai.provider.name') && !named(s, 'gen_ai.system')) return 'it has no gen_ai.provider.name';
  const input = attr(s, 'gen_ai.usage.input_tokens');
  if (input !== call.promptTokens) return `gen_ai.usage.input_tokens is ${JSON.stringify(input ?? null)}, the provider reported ${call.promptTokens}: record the usage from the response, not an estimate`;
  const output = attr(s, 'gen_ai.usage.output_tokens');
  if (call.completionTokens > 0 && output !== call.completionTokens) return `gen_ai.usage.output_tokens is ${JSON.stringify(output ?? null)}, the provider reported ${call.completionTokens}: record the usage from the response`;
  if (s.startMs > call.startedMs + TOLERANCE_MS || s.endMs < call.endedMs - TOLERANCE_MS) return 'its start and end do not enclose the call: start the span before the request and end it after the response';
  return undefined;
}

/**
 * Every successful model call of a case must have its own span, received over OTLP, that names the
 * operation, provider and model, carries exactly the token usage the provider served, and encloses
 * the call in time; with `requireParent`, the span's parent (the request span) arrived too. Usage
 * copied from the response is the only way to match the ledger: estimates, fixed numbers and spans
 * written without calling the model fail.
 */
export const genaiSpans: CaseEvaluator<GenaiSpans> = {
  needsLedger: true,
  judge(runs, ev, ctx): Judgement {
    const spans = ctx.otlp?.spans ?? [];
    const ids = new Set(spans.map((s) => `${s.traceId}/${s.spanId}`));
    const used = new Set<ReceivedSpan>();
    const failing: FailingCase[] = [];
    let calls = 0;
    let matched = 0;
    let nested = 0;
    /** Runs that could not be judged (crashed, no JSON, no successful model call). */
    let broken = 0;
    for (const run of runs) {
      const problem = runProblem(run, true);
      if (problem) {
        broken++;
        failing.push(fail(run, problem));
        continue;
      }
      const ok = (run.requests ?? []).filter((r) => r.status >= 200 && r.status < 300);
      if (ok.length === 0) {
        broken++;
        failing.push(fail(run, 'no successful model call to trace'));
      }
      for (const call of ok) {
        calls++;
        const free = spans.filter((s) => !used.has(s));
        const span = free.find((s) => mismatch(s, call) === undefined);
        if (!span) {
          const near = free.filter((s) => spanModel(s) === call.model && s.startMs <= call.endedMs + TOLERANCE_MS && s.endMs >= call.startedMs - TOLERANCE_MS);
          const why = spans.length === 0 ? 'no spans arrived at all' : near.length > 0 ? `the span "${near[0]!.name}" does not match: ${mismatch(near[0]!, call)}` : `no span with gen_ai.request.model "${call.model}" around this call`;
          failing.push(fail(run, `${call.surface} call to ${call.model} (${call.promptTokens} in, ${call.completionTokens} out): ${why}`));
          continue;
        }
        used.add(span);
        matched++;
        if (span.parentSpanId && ids.has(`${span.traceId}/${span.parentSpanId}`)) nested++;
        else if (ev.requireParent) failing.push(fail(run, `the span "${span.name}" has no parent span in the export: start a request span and make the model span its child`));
      }
    }
    const coverage = share(matched, calls);
    const metrics: Record<string, number> = { tracedCallShare: coverage };
    const targets: Judgement['targets'] = { tracedCallShare: { op: '>=', value: ev.minCoverage } };
    if (ev.requireParent) {
      metrics.nestedShare = share(nested, matched);
      targets.nestedShare = { op: '>=', value: 1 };
    }
    const problems = ctx.otlp?.problems ?? [];
    const note = [
      spans.length === 0 ? 'No spans arrived: export OTLP/HTTP (JSON or protobuf) to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and flush before the command exits' : '',
      problems.length > 0 ? `${problems.length} export request(s) could not be read, e.g. ${problems[0]}` : '',
    ]
      .filter((s) => s)
      .join('. ');
    const pass = calls > 0 && broken === 0 && coverage >= ev.minCoverage && (!ev.requireParent || nested === matched);
    return { pass, metrics, targets, failing, ...(note ? { note } : {}) };
  },
};

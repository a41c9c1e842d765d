import { strict as assert } from 'node:assert';
import { gzipSync } from 'node:zlib';
import { startOtlpReceiver } from '../../../../src/core/checks/probe/otlp/receiver';
import { spansFromProtobuf } from '../../../../src/core/checks/probe/otlp/protobuf';
import { expectResult, prelude, useProbeRepo } from './harness';

/** Protobuf writer for the test only: enough of the wire format to build an OTLP export request. */
const varint = (n: bigint): number[] => {
  const out: number[] = [];
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) b |= 0x80;
    out.push(b);
  } while (n > 0n);
  return out;
};
const key = (no: number, wire: number) => varint(BigInt((no << 3) | wire));
const bytes = (no: number, b: Uint8Array | number[]) => [...key(no, 2), ...varint(BigInt(b.length)), ...b];
const str = (no: number, s: string) => bytes(no, [...Buffer.from(s, 'utf8')]);
const fixed64 = (no: number, n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return [...key(no, 1), ...b];
};
const kv = (k: string, v: number[]) => bytes(9, [...str(1, k), ...bytes(2, v)]);

/**
 * The genaiSpans probe receives what an OpenTelemetry SDK exports (OTLP/HTTP, JSON or protobuf) and
 * holds every model-call span to the provider's own record of the call. The learners below are real
 * processes; each hurried one is an attempt to pass without tracing what happened.
 */
describe('probe: genaiSpans (GenAI spans over OTLP)', function () {
  this.timeout(90_000);

  it('decodes a protobuf export request: ids as hex, times, kind, string/int/double/bool attributes', () => {
    const span = [
      ...bytes(1, [0xab, 0xcd]),
      ...bytes(2, [0x01, 0x02]),
      ...bytes(4, [0x0f]),
      ...str(5, 'chat local'),
      ...key(6, 0),
      ...varint(3n),
      ...fixed64(7, 1_700_000_000_123_000_000n),
      ...fixed64(8, 1_700_000_000_456_000_000n),
      ...kv('gen_ai.request.model', str(1, 'local')),
      ...kv('gen_ai.usage.input_tokens', [...key(3, 0), ...varint(844n)]),
      ...kv('app.cost', (() => { const b = Buffer.alloc(8); b.writeDoubleLE(0.25); return [...key(4, 1), ...b]; })()),
      ...kv('app.cached', [...key(2, 0), 1]),
      ...key(99, 0), ...varint(5n), // an unknown field is skipped
    ];
    const request = bytes(1, bytes(2, bytes(2, span)));
    const [s] = spansFromProtobuf(Uint8Array.from(request));
    assert.deepEqual(s, {
      traceId: 'abcd', spanId: '0102', parentSpanId: '0f', name: 'chat local', kind: 3, startMs: 1_700_000_000_123, endMs: 1_700_000_000_456,
      attributes: { 'gen_ai.request.model': 'local', 'gen_ai.usage.input_tokens': 844, 'app.cost': 0.25, 'app.cached': true },
    });
    assert.throws(() => spansFromProtobuf(Uint8Array.from(request.slice(0, -3))), /truncated/);
  });

  it('the receiver takes JSON, gzip JSON and protobuf at /v1/traces, and names what it could not read', async () => {
    const r = await startOtlpReceiver();
    try {
      const url = r.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT!;
      assert.equal(url, `${r.env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`);
      const json = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'AA', spanId: 'BB', name: 'j', kind: 'SPAN_KIND_CLIENT', startTimeUnixNano: '1000000', endTimeUnixNano: 3_000_000, attributes: [{ key: 'n', value: { intValue: '7' } }] }] }] }] };
      const post = (body: Buffer | string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
      assert.equal((await post(JSON.stringify(json), { 'content-type': 'application/json' })).status, 200);
      assert.equal((await post(gzipSync(JSON.stringify(json)), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status, 200);
      assert.equal((await post(Buffer.from(bytes(1, bytes(2, bytes(2, str(5, 'p'))))), { 'content-type': 'application/x-protobuf' })).status, 200);
      assert.equal((await post('{"resourceSpans": 3}', { 'content-type': 'application/json' })).status, 400);
      assert.equal((await fetch(`${r.env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/metrics`, { method: 'POST', body: '{}' })).status, 404);
      assert.deepEqual(r.spans().map((s) => [s.name, s.traceId, s.kind, s.startMs, s.endMs, s.attributes.n ?? null]), [
        ['j', 'aa', 3, 1, 3, 7],
        ['j', 'aa', 3, 1, 3, 7],
        ['p', '', 0, 0, 0, null],
      ]);
      assert.match(r.problems().join('\n'), /could not be read: not an OTLP trace export: resourceSpans/);
      assert.match(r.problems().join('\n'), /POST \/v1\/metrics: Practicum receives traces at POST \/v1\/traces/);
    } finally {
      await r.close();
    }
  });

  describe('judged against the provider', () => {
    const cases = Array.from({ length: 3 }, (_, i) => ({ id: `t${i}`, input: { question: `How are deliveries retried, case ${i}?` } }));
    const check = { kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'genaiSpans' } };
    /** A traced request path: a request span, a chat span around the call, exported as OTLP JSON. SPAN tweaks the chat span. */
    const traced = (tweak = '', exportIt = 'await exportSpans([root, span]);') => `${prelude}
const crypto = require('crypto');
const id = (n) => crypto.randomBytes(n).toString('hex');
const nanos = () => String(BigInt(Date.now()) * 1000000n);
async function exportSpans(spans) {
  const attrs = (o) => Object.entries(o).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: String(v) } }));
  const body = { resourceSpans: [{ resource: { attributes: attrs({ 'service.name': 'app' }) }, scopeSpans: [{ scope: { name: 'app' }, spans: spans.map((s) => ({ ...s, attributes: attrs(s.attributes) })) }] }] };
  const r = await fetch(process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error('export failed ' + r.status);
}
(async () => {
  const traceId = id(16);
  const root = { traceId, spanId: id(8), name: 'POST /ask', kind: 2, startTimeUnixNano: nanos(), attributes: {} };
  const span = { traceId, spanId: id(8), parentSpanId: root.spanId, name: 'chat local', kind: 3, startTimeUnixNano: nanos() };
  const question = input.question + ' Deliveries are retried five times with backoff.';
  const r = await chat([{ role: 'user', content: question }]);
  span.endTimeUnixNano = nanos();
  const usage = r.json.usage;
  span.attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'local', 'gen_ai.usage.input_tokens': usage.prompt_tokens, 'gen_ai.usage.output_tokens': usage.completion_tokens };
  ${tweak}
  root.endTimeUnixNano = nanos();
  ${exportIt}
  print({ answer: r.content });
})();
`;
    const p = useProbeRepo(cases);

    it('passes a request path whose chat span carries the usage the provider served, nested under the request span', async () => {
      p.commit({ 'ask.js': traced() });
      expectResult(await p.run(check), 'pass', /traced call share 1\.00 ≥ 1\.00 · nested share 1\.00 ≥ 1\.00/);
    });

    it('fails usage estimated from the text instead of read from the response', async () => {
      p.commit({ 'ask.js': traced(`span.attributes['gen_ai.usage.input_tokens'] = Math.ceil(question.length / 4);`) });
      expectResult(await p.run(check), 'fail', /gen_ai\.usage\.input_tokens is \d+, the provider reported \d+: record the usage from the response/);
    });

    it('fails a command that traces nothing, naming the endpoint variable', async () => {
      p.commit({ 'ask.js': traced('', '') });
      expectResult(await p.run(check), 'fail', /No spans arrived: export OTLP\/HTTP .* to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT/);
    });

    it('fails spans without the provider name, and a model span with no request span above it', async () => {
      p.commit({ 'ask.js': traced(`delete span.attributes['gen_ai.provider.name'];`) });
      expectResult(await p.run(check), 'fail', /it has no gen_ai\.provider\.name/);
      p.commit({ 'ask.js': traced('', 'await exportSpans([span]);') });
      expectResult(await p.run(check), 'fail', /has no parent span in the export/);
    });

    it('fails a span written after the fact that does not enclose the call', async () => {
      // The provider takes 300 ms to answer, so a span started after the answer is visibly late.
      const slow = { ...check, provider: { faults: [{ fault: { type: 'slowFirstToken', ms: 300 } }] } };
      p.commit({ 'ask.js': traced(`span.startTimeUnixNano = nanos(); span.endTimeUnixNano = nanos();`) });
      expectResult(await p.run(slow), 'fail', /do not enclose the call/);
      p.commit({ 'ask.js': traced() });
      expectResult(await p.run(slow), 'pass');
    });

    it('fails a canned answer with made-up spans and no model call', async () => {
      p.commit({ 'ask.js': `${prelude}\nprint({ answer: 'Deliveries are retried five times.' });\n` });
      expectResult(await p.run(check), 'fail', /answered without a single request to the model provider/);
    });
  });
});

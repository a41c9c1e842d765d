import { expectResult, prelude, useProbeRepo } from './harness';

/**
 * Submissions a hurried learner makes for the latency and streaming probes, each of which does not
 * do the work: a canned answer without asking the model, a "waiting" event followed by the buffered
 * answer, an endpoint that answers at once. Each must fail with a reason that says what to change.
 */
const context = 'Deliveries are retried five times with exponential backoff starting at two seconds. Retries stop on a 4xx answer other than 429. The retry budget is shared per tenant and resets every minute. '.repeat(2);
const cases = [
  { id: 'r1', input: { question: 'How are deliveries retried and when do retries stop?' } },
  { id: 'r2', input: { question: 'How is the retry budget shared and when does it reset?' } },
];

/** A server that asks the model with stream: true; BODY decides what it sends the client. */
const server = (body: string) => `
const http = require('http');
http.createServer(async (req, res) => {
  let raw = ''; for await (const c of req) raw += c;
  const { input } = JSON.parse(raw);
  const upstream = new AbortController();
  res.on('close', () => { if (!res.writableFinished) upstream.abort(); });
  try {
    const r = await fetch(process.env.OPENAI_BASE_URL + '/chat/completions', { method: 'POST', signal: upstream.signal, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: ${JSON.stringify(context)} + '\\n\\nQuestion: ' + input.question }] }) });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    ${body}
  } catch { res.destroy(); }
}).listen(Number(process.env.PORT), '127.0.0.1');
`;
const streams = server(`for await (const chunk of r.body) res.write(chunk); res.end();`);
/** Sends a "waiting" state event at once, then collects the whole answer and sends it in one piece. */
const waitingThenBuffered = server(`res.write('event: state\\ndata: {"state":"waiting"}\\n\\n'); const all = []; for await (const chunk of r.body) all.push(chunk); res.end(Buffer.concat(all));`);
const streamingCheck = { kind: 'probe', command: 'true', cases: 'cases.jsonl', server: { command: 'node server.js', url: 'http://127.0.0.1:${port}/chat' }, evaluator: { type: 'streaming' } };
const endpointLatency = { kind: 'probe', command: 'true', cases: 'cases.jsonl', server: { command: 'node server.js', url: 'http://127.0.0.1:${port}/chat' }, evaluator: { type: 'latency', p50Ms: 10_000, p95Ms: 20_000 } };
const commandLatency = { kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'latency', p50Ms: 10_000, p95Ms: 20_000 } };
const canned = `require('http').createServer((req, res) => { req.resume(); req.on('end', () => res.end('data: {"text":"Deliveries are retried five times."}\\n\\n')); }).listen(Number(process.env.PORT), '127.0.0.1');`;

describe('probe: hurried submissions to the latency and streaming probes fail', function () {
  this.timeout(90_000);
  const p = useProbeRepo(cases);

  it('streaming: a proxy that passes each chunk on passes; a "waiting" event then the buffered answer fails', async () => {
    p.commit({ 'server.js': streams });
    expectResult(await p.run(streamingCheck), 'pass', /early first byte 1\.00 ≥ 1\.00 · upstream closed 1 ≥ 1/);
    p.commit({ 'server.js': waitingThenBuffered });
    expectResult(await p.run(streamingCheck), 'fail', /body chunk\(s\) reached the client before the provider finished its \d+-token answer/);
  });

  it('streaming: a canned answer without asking the model fails', async () => {
    p.commit({ 'server.js': canned });
    expectResult(await p.run(streamingCheck), 'fail', /answered without a request to the model provider/);
  });

  it('latency of an endpoint: a server that answers at once with a canned text fails; one that asks the model passes', async () => {
    p.commit({ 'server.js': canned });
    expectResult(await p.run(endpointLatency), 'fail', /answered without a request to the model provider/);
    p.commit({ 'server.js': streams });
    expectResult(await p.run(endpointLatency), 'pass', /p50 \d+ ms ≤ 10000 ms · p95 \d+ ms ≤ 20000 ms/);
  });

  it('latency of a command: a canned answer printed at once fails, so does a reply without the "answer" field', async () => {
    p.commit({ 'ask.js': prelude + `print({ answer: 'Deliveries are retried five times.' });` });
    expectResult(await p.run(commandLatency), 'fail', /answered without a single request to the model provider/);
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: input.question }]).then((r) => print({ output: r.content }));` });
    expectResult(await p.run(commandLatency), 'fail', /no "answer" in the output/);
  });
});

import { strict as assert } from 'node:assert';
import { retryProblem } from '../../../../src/core/checks/probe/evaluators/retryPolicy';
import type { LedgerEntry } from '../../../../src/core/model/ledger';
import { expectResult, jsonl, prelude, useProbeRepo } from './harness';

const one = [{ id: 'q1', input: { question: 'How do I deploy?' } }];
const retry = { kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'retryPolicy', maxAttempts: 5, fallbackModel: 'backup-model' } };
/** Retries on 429/5xx: waits Retry-After when given, else backs off 100, 200, 400 ms; switches to the fallback after 2 failures of a model that is unavailable. */
const polite = `(async () => {
  let wait = 100, model = 'primary-model', fails = 0;
  for (let i = 0; i < 5; i++) {
    const r = await chat([{ role: 'user', content: input.question }], { model });
    if (r.status === 200) return print({ answer: r.content });
    if (r.status === 404 || r.status === 503 && ++fails >= 2 && INPUT_FALLBACK) { model = 'backup-model'; }
    const ra = Number(r.headers.get('retry-after'));
    await sleep(ra > 0 ? ra * 1000 : wait); wait *= 2;
  }
  process.exit(1);
})();`.replace('INPUT_FALLBACK', 'input.fallback');

const entry = (startedMs: number, endedMs: number, status: number, over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  at: new Date(startedMs).toISOString(), startedMs, endedMs, surface: 'openai.chat', model: 'm', stream: false, promptTokens: 1, completionTokens: 1, status, fault: null, ttfbMs: 1, clientClosed: false, requestHash: 'h', ...over,
});

describe('probe: retryPolicy, upstreamCalls, latency', function () {
  this.timeout(60_000);
  const p = useProbeRepo(one);

  it('retryPolicy: passes a client that honours Retry-After and backs off with growing gaps', async () => {
    p.commit({ 'ask.js': prelude + polite });
    expectResult(await p.run(retry), 'pass', /handled share 1\.00 ≥ 1\.00 · most attempts 4 ≤ 5/);
  });

  it('retryPolicy: fails hammering (ignores Retry-After), a fixed delay, too many attempts and giving up early', async () => {
    p.commit({ 'ask.js': prelude + polite.replace('ra > 0 ? ra * 1000 : wait', '10') });
    expectResult(await p.run(retry), 'fail', /retried \d+ ms after a 429 that said Retry-After: 1 s/);
    const ev = { type: 'retryPolicy' as const, maxAttempts: 4 };
    assert.match(retryProblem([entry(0, 10, 503), entry(110, 120, 503), entry(220, 230, 503), entry(330, 340, 200)], ev, false) ?? '', /waited 100 ms, 100 ms, 100 ms between retries/);
    assert.match(retryProblem([0, 1, 2, 3, 4].map((i) => entry(i * 100, i * 100 + 5, 503)), ev, false) ?? '', /made 5 requests; at most 4/);
    assert.match(retryProblem([entry(0, 10, 429, { retryAfterSeconds: 1 })], ev, false) ?? '', /gave up after 1 request/);
    assert.equal(retryProblem([entry(0, 10, 503), entry(110, 120, 503), entry(330, 340, 200)], ev, false), undefined);
  });

  it('retryPolicy: a case whose primary model is down must end on the fallback model', async () => {
    p.exerciseFile('cases.jsonl', jsonl([{ id: 'down', input: { question: 'How do I deploy?', fallback: true }, expect: { fallback: true }, faults: { models: { 'primary-model': { unavailable: true, status: 503 } } } }]));
    p.commit({ 'ask.js': prelude + polite });
    expectResult(await p.run(retry), 'pass');
    p.commit({ 'ask.js': prelude + polite.replace("model = 'backup-model'", "model = 'primary-model'") });
    expectResult(await p.run(retry), 'fail', /never got an answer from the fallback model backup-model|made 6 requests|exited with 1/);
  });

  const repeated = [
    { id: 'a1', input: { question: 'How do I deploy?', tenant: 'acme' } },
    { id: 'a2', input: { question: 'How do I deploy?', tenant: 'acme' } },
    { id: 'a3', input: { question: 'how do i deploy', tenant: 'acme' } },
    { id: 'b1', input: { question: 'How do I deploy?', tenant: 'globex' }, expect: { upstream: true } },
  ];
  const upstream = { kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'upstreamCalls', maxCalls: 2 } };
  const cached = (key: string) => `(async () => {
  const file = '.cache.json';
  const cache = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const k = ${key};
  if (!cache[k]) { cache[k] = (await chat([{ role: 'user', content: input.question }])).content; fs.writeFileSync(file, JSON.stringify(cache)); }
  print({ answer: cache[k] });
})();`;

  it('upstreamCalls: passes a cache keyed by tenant and normalised question; fails no cache and a cache shared across tenants', async () => {
    p.exerciseFile('cases.jsonl', jsonl(repeated));
    p.commit({ 'ask.js': prelude + cached("input.tenant + ':' + input.question.toLowerCase().replace(/[^a-z ]/g, '')") });
    expectResult(await p.run(upstream), 'pass', /upstream calls 2 ≤ 2/);
    p.commit({ 'ask.js': prelude + cached("input.question.toLowerCase().replace(/[^a-z ]/g, '')") });
    expectResult(await p.run(upstream), 'fail', /b1: served from cache, but tenant globex has not asked this before/);
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: input.question }]).then((r) => print({ answer: r.content }));` });
    expectResult(await p.run(upstream), 'fail', /upstream calls 4 > 2/);
    p.commit({ 'ask.js': prelude + `print({ answer: 'Run make deploy.' });` });
    expectResult(await p.run(upstream), 'fail', /no request reached the provider at all/);
  });

  it('latency: reports p50/p95 of the command and fails slow programs and fast crashes', async () => {
    const latency = (p50Ms: number, p95Ms: number) => ({ kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'latency', p50Ms, p95Ms } });
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: input.question }]).then((r) => print({ answer: r.content }));` });
    const ok = await p.run(latency(20_000, 20_000));
    expectResult(ok, 'pass', /p50 \d+ ms ≤ 20000 ms · p95 \d+ ms ≤ 20000 ms/);
    p.commit({ 'ask.js': prelude + `sleep(1500).then(() => chat([{ role: 'user', content: 'q' }])).then((r) => print({ answer: r.content }));` });
    expectResult(await p.run(latency(20_000, 1000)), 'fail', /p95 \d{4} ms > 1000 ms/);
    p.commit({ 'ask.js': 'process.exit(1)' });
    expectResult(await p.run(latency(20_000, 20_000)), 'fail', /exited with 1/);
  });
});

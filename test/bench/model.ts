/**
 * Local model server speed, against a plain node:http JSON echo server on a loopback port measured in
 * the same run, over the same keep-alive agent, requests interleaved so load from other processes
 * hits both alike:
 * - chat completion p50 (a RAG-shaped request: 12 labelled passages, 5.5 kB, and an answerable
 *   question; every request's passages new, so nothing is reused) within 3× of the echo server's p50
 *   for the same body;
 * - 1,000 embeddings (chunk-sized texts, 10 requests of 100 inputs, float encoding) in under 1 s; the
 *   same bodies echoed are reported as the HTTP floor.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startModelServer } from '../../src/core/model/server';
import { median, type BenchReport } from './report';

const CHAT_RUNS = 300;
const EMBED_TEXTS = 1000;
const EMBED_BATCH = 100;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.setEncoding('utf8').on('data', (d: string) => (data += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(data) : reject(new Error(`${res.statusCode}: ${data}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The reference: reads the body, parses it, answers it back as JSON. */
async function echoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify({ echo: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

const WORDS = 'retry budget cache tenant embedding vector chunk overlap citation answer latency stream token schema guard prompt eval metric refund shipping invoice order account password deploy queue worker'.split(' ');
function text(i: number, words: number): string {
  return Array.from({ length: words }, (_, j) => WORDS[(i * 7 + j * 3 + ((i * j) % 5)) % WORDS.length]).join(' ') + '.';
}

/** A RAG-shaped request whose passages differ from every other request's (no reuse between requests). */
function chatBody(i: number): string {
  const passages = Array.from({ length: 12 }, (_, p) => `[doc-${i}-${p + 1}] ${text(i * 12 + p, 60)} Tenant ${i}-${p}.`).join('\n\n');
  return JSON.stringify({ model: 'bench', messages: [{ role: 'system', content: 'Answer from the context and cite sources.' }, { role: 'user', content: `Context:\n${passages}\n\nQuestion: How does the retry budget work with the tenant cache?` }] });
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

export async function run(): Promise<BenchReport> {
  const model = await startModelServer({ port: 0 });
  const echo = await echoServer();
  try {
    const bodies = Array.from({ length: CHAT_RUNS + 30 }, (_, i) => chatBody(i));
    const answer = JSON.parse(await post(`${model.url}/v1/chat/completions`, bodies[0]!)) as { choices: Array<{ message: { content: string } }> };
    if (!/\[doc-0-\d+\]/.test(answer.choices[0]!.message.content)) throw new Error(`the bench question should be answerable: ${answer.choices[0]!.message.content}`);
    for (let i = CHAT_RUNS; i < CHAT_RUNS + 30; i++) {
      await post(`${model.url}/v1/chat/completions`, bodies[i]!);
      await post(`${echo.url}/v1/chat/completions`, bodies[i]!);
    }
    const modelMs: number[] = [];
    const echoMs: number[] = [];
    for (let i = 0; i < CHAT_RUNS; i++) {
      const body = bodies[i]!;
      modelMs.push(await timed(() => post(`${model.url}/v1/chat/completions`, body)));
      echoMs.push(await timed(() => post(`${echo.url}/v1/chat/completions`, body)));
    }
    const chatRatio = median(modelMs) / median(echoMs);

    const batches = Array.from({ length: EMBED_TEXTS / EMBED_BATCH }, (_, b) =>
      JSON.stringify({ model: 'bench', encoding_format: 'float', input: Array.from({ length: EMBED_BATCH }, (_, i) => text(b * EMBED_BATCH + i, 80)) }),
    );
    await post(`${model.url}/v1/embeddings`, batches[0]!);
    const embedRuns: number[] = [];
    const echoRuns: number[] = [];
    for (let r = 0; r < 3; r++) {
      embedRuns.push(await timed(async () => { for (const b of batches) await post(`${model.url}/v1/embeddings`, b); }));
      echoRuns.push(await timed(async () => { for (const b of batches) await post(`${echo.url}/v1/embeddings`, b); }));
    }
    const embedMs = median(embedRuns);
    const singles = batches.flatMap((b) => (JSON.parse(b) as { input: string[] }).input.map((input) => JSON.stringify({ model: 'bench', encoding_format: 'float', input })));
    const oneByOneMs = await timed(async () => {
      for (const b of singles) await post(`${model.url}/v1/embeddings`, b);
    });
    return {
      figures: [
        { name: 'chat completion p50 (model server)', value: +median(modelMs).toFixed(3), unit: 'ms' },
        { name: 'chat completion p50 (JSON echo server)', value: +median(echoMs).toFixed(3), unit: 'ms' },
        { name: `${EMBED_TEXTS} embeddings (${EMBED_TEXTS / EMBED_BATCH} requests of ${EMBED_BATCH}, median of 3)`, value: +embedMs.toFixed(1), unit: 'ms' },
        { name: `the same embedding bodies echoed`, value: +median(echoRuns).toFixed(1), unit: 'ms' },
        { name: 'embeddings vs echo', value: +(embedMs / median(echoRuns)).toFixed(2), unit: '×' },
        { name: `${EMBED_TEXTS} embeddings, one request each`, value: +oneByOneMs.toFixed(1), unit: 'ms' },
      ],
      targets: [
        { name: 'chat completion p50 vs JSON echo p50', actual: `${chatRatio.toFixed(2)}×`, target: '≤ 3×', ok: chatRatio <= 3 },
        { name: `${EMBED_TEXTS} embeddings vs the 1 s budget`, actual: `${(embedMs / 1000).toFixed(2)}× (${embedMs.toFixed(0)} ms)`, target: '< 1×', ok: embedMs < 1000 },
      ],
    };
  } finally {
    await model.close();
    await echo.close();
    agent.destroy();
  }
}

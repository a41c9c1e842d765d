import Anthropic from '@anthropic-ai/sdk';
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { cosine } from '../../../src/core/model/embeddings';
import { parseFaultScript, type FaultScript } from '../../../src/core/model/faults';
import { readLedger } from '../../../src/core/model/ledger';
import { startModelServer, type ModelServer } from '../../../src/core/model/server';
import { ASK, CONTEXT } from './fixtures';

const msgs = (content: string) => [{ role: 'user' as const, content }];

async function withServer(faults: FaultScript, f: (s: ModelServer, openai: OpenAI) => Promise<void>, ledgerPath?: string) {
  const s = await startModelServer({ port: 0, faults, ledgerPath });
  try {
    await f(s, new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'k', maxRetries: 0 }));
  } finally {
    await s.close();
  }
}

describe('model server: scripted faults', () => {
  it('429 with Retry-After: the SDK waits as told and retries; the ledger shows each attempt', async () => {
    // 1.2 s is longer than the SDK's own first backoff (at most 0.5 s), so the gap proves the header was read.
    await withServer([{ match: { attemptsUpTo: 1 }, fault: { type: 'status', status: 429, retryAfterSeconds: 1.2 } }], async (s) => {
      const raw = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'other', messages: msgs('hi') }) });
      assert.equal(raw.status, 429);
      assert.equal(raw.headers.get('retry-after'), '2');
      assert.equal(raw.headers.get('retry-after-ms'), '1200');
      assert.equal(((await raw.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded');

      const openai = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'k', maxRetries: 2 });
      const r = await openai.chat.completions.create({ model: 'm', messages: msgs(ASK) });
      assert.match(r.choices[0]!.message.content!, /30 days/);
      const tries = s.entries().filter((e) => e.model === 'm');
      assert.deepEqual(tries.map((e) => [e.attempt, e.status, e.fault]), [[1, 429, 'status:429'], [2, 200, null]]);
      assert.equal(new Set(tries.map((e) => e.requestHash)).size, 1);
      assert.equal(tries[0]!.retryAfterSeconds, 1.2);
      assert.ok(tries[1]!.startedMs - tries[0]!.endedMs >= 1100, 'the SDK honoured Retry-After');
    });
  });

  it('500 and 503 come in each surface\'s error shape; the SDKs raise their typed errors', async () => {
    await withServer(
      [
        { match: { surface: ['openai.chat', 'ollama.chat'] }, fault: { type: 'status', status: 500 } },
        { match: { surface: 'anthropic.messages' }, fault: { type: 'status', status: 503 } },
      ],
      async (s, openai) => {
        await assert.rejects(openai.chat.completions.create({ model: 'm', messages: msgs('hi') }), (e: unknown) => e instanceof OpenAI.InternalServerError && e.status === 500);
        const anthropic = new Anthropic({ baseURL: s.url, apiKey: 'k', maxRetries: 0 });
        await assert.rejects(anthropic.messages.create({ model: 'm', max_tokens: 5, messages: msgs('hi') }), (e: unknown) => e instanceof Anthropic.InternalServerError && e.status === 503 && /overloaded_error/.test(e.message));
        const o = await fetch(`${s.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: msgs('hi') }) });
        assert.equal(o.status, 500);
        assert.match(((await o.json()) as { error: string }).error, /500/);
        const ok = await openai.embeddings.create({ model: 'm', input: 'not matched by the rules' });
        assert.equal(ok.data.length, 1);
      },
    );
  });

  it('a reset drops the connection: the SDK reports a connection error, the ledger status 0', async () => {
    await withServer({ rules: [{ match: { attempt: 1 }, fault: { type: 'reset' } }] }, async (s, openai) => {
      await assert.rejects(openai.chat.completions.create({ model: 'm', messages: msgs('hi') }), (e: unknown) => e instanceof OpenAI.APIConnectionError);
      const second = await openai.chat.completions.create({ model: 'm', messages: msgs('hi') });
      assert.ok(second.choices[0]);
      assert.deepEqual(s.entries().map((e) => [e.status, e.fault, e.ttfbMs === null]), [[0, 'reset', true], [200, null, false]]);
    });
  });

  it('a slow first token delays the first content byte; the ledger has the ttfb', async () => {
    await withServer([{ fault: { type: 'slowFirstToken', ms: 300 } }], async (s, openai) => {
      const t0 = Date.now();
      const stream = await openai.chat.completions.create({ model: 'm', stream: true, messages: msgs(ASK) });
      for await (const c of stream) {
        if (c.choices[0]?.delta.content === undefined) continue;
        break;
      }
      assert.ok(Date.now() - t0 >= 290);
      await new Promise((r) => setTimeout(r, 20));
      const e = s.entries()[0]!;
      assert.ok(e.ttfbMs! >= 290, `ttfb ${e.ttfbMs}`);
      assert.equal(e.fault, 'slowFirstToken');
    });
  });

  it('a stream cut half-way is an error for both SDKs; a cut non-streamed body too', async () => {
    await withServer([{ fault: { type: 'cutStream', afterChunks: 4 } }], async (s, openai) => {
      const received: string[] = [];
      await assert.rejects(async () => {
        const stream = await openai.chat.completions.create({ model: 'm', stream: true, messages: msgs(ASK) });
        for await (const c of stream) received.push(c.choices[0]?.delta.content ?? '');
      });
      assert.ok(received.length >= 1 && received.length <= 4, `${received.length} chunks before the cut`);
      const anthropic = new Anthropic({ baseURL: s.url, apiKey: 'k', maxRetries: 0 });
      await assert.rejects(anthropic.messages.stream({ model: 'm', max_tokens: 100, messages: msgs(ASK) }).finalMessage());
      await assert.rejects(openai.chat.completions.create({ model: 'm', messages: msgs(ASK) }));
      assert.deepEqual(s.entries().map((e) => [e.fault, e.clientClosed]), [['cutStream', false], ['cutStream', false], ['cutStream', false]]);
    });
  });

  it('invalid JSON for the first n attempts of the same request in JSON mode, valid after; text mode untouched', async () => {
    await withServer([{ fault: { type: 'invalidJson', attempts: 2 } }], async (s, openai) => {
      const ask = () => openai.chat.completions.create({ model: 'm', response_format: { type: 'json_object' }, messages: msgs('status: open') });
      const replies: string[] = [];
      for (let i = 0; i < 3; i++) replies.push((await ask()).choices[0]!.message.content!);
      assert.throws(() => JSON.parse(replies[0]!));
      assert.throws(() => JSON.parse(replies[1]!));
      assert.deepEqual(JSON.parse(replies[2]!), { answer: 'INSUFFICIENT_EVIDENCE' });
      const text = await openai.chat.completions.create({ model: 'm', messages: msgs(ASK) });
      assert.match(text.choices[0]!.message.content!, /30 days/);
      assert.deepEqual(s.entries().map((e) => [e.attempt, e.fault]), [[1, 'invalidJson'], [2, 'invalidJson'], [3, null], [1, null]]);
    });
  });

  it('counts a repair loop that appends the error, or a switch to a fallback model, as the next attempt of the same conversation', async () => {
    await withServer([{ fault: { type: 'invalidJson', attempts: 2 } }], async (s, openai) => {
      const schema = { type: 'object', properties: { status: { type: 'string', enum: ['open', 'closed'] } }, required: ['status'] };
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: 'Extract the ticket.' }, { role: 'user', content: 'status: closed' }];
      const ask = (model: string) => openai.chat.completions.create({ model, messages, response_format: { type: 'json_schema', json_schema: { name: 't', schema } } });
      const first = (await ask('primary')).choices[0]!.message.content!;
      assert.throws(() => JSON.parse(first));
      messages.push({ role: 'assistant', content: first }, { role: 'user', content: 'That was not valid JSON. Answer with the JSON object only.' });
      const second = (await ask('primary')).choices[0]!.message.content!;
      assert.throws(() => JSON.parse(second));
      assert.deepEqual(JSON.parse((await ask('fallback')).choices[0]!.message.content!), { status: 'closed' });
      const [a, b, c] = s.entries();
      assert.deepEqual([a!.attempt, b!.attempt, c!.attempt], [1, 1, 1], 'three different bodies');
      assert.equal(new Set([a!.conversationHash, b!.conversationHash, c!.conversationHash]).size, 1);
      assert.deepEqual([a!.fault, b!.fault, c!.fault], ['invalidJson', 'invalidJson', null]);
    });
  });

  it('degraded answers are wrong: another passage, no abstention, wrong tool, wrong enum, scrambled embeddings', async () => {
    const tools = [
      { type: 'function' as const, function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
      { type: 'function' as const, function: { name: 'refund_order', description: 'Refund an order', parameters: { type: 'object', properties: {} } } },
    ];
    const schema = { type: 'object', properties: { priority: { type: 'string', enum: ['low', 'high'] } }, required: ['priority'] };
    const run = async (openai: OpenAI) => ({
      rag: (await openai.chat.completions.create({ model: 'm', messages: msgs(ASK) })).choices[0]!.message.content,
      abstain: (await openai.chat.completions.create({ model: 'm', messages: msgs(`${CONTEXT}\n\nQuestion: Who painted the Mona Lisa?`) })).choices[0]!.message.content,
      tool: (await openai.chat.completions.create({ model: 'm', tools, messages: msgs('weather in Rome') })).choices[0]!.message.tool_calls?.[0],
      json: (await openai.chat.completions.create({ model: 'm', response_format: { type: 'json_schema', json_schema: { name: 'p', schema } }, messages: msgs('This is high priority') })).choices[0]!.message.content,
      emb: (await openai.embeddings.create({ model: 'm', input: ['reset my password', 'password reset'] })).data.map((d) => d.embedding as number[]),
    });
    let good!: Awaited<ReturnType<typeof run>>;
    await withServer([], async (_s, openai) => void (good = await run(openai)));
    await withServer({ rules: [], models: { 'bad-model': { degraded: true } } }, async (_s, openai) => {
      const sameModel = await openai.chat.completions.create({ model: 'bad-model', messages: msgs(ASK) });
      assert.doesNotMatch(sameModel.choices[0]!.message.content!, /refund window is 30 days/);
    });
    await withServer([{ fault: { type: 'degraded' } }], async (s, openai) => {
      const bad = await run(openai);
      assert.match(good.rag!, /refund window is 30 days/);
      assert.doesNotMatch(bad.rag!, /refund window is 30 days/);
      assert.equal(good.abstain, 'INSUFFICIENT_EVIDENCE');
      assert.notEqual(bad.abstain, 'INSUFFICIENT_EVIDENCE');
      assert.equal(good.tool?.type === 'function' && good.tool.function.name, 'get_weather');
      assert.equal(bad.tool?.type === 'function' && bad.tool.function.name, 'refund_order');
      assert.deepEqual([JSON.parse(good.json!).priority, JSON.parse(bad.json!).priority], ['high', 'low']);
      assert.ok(cosine(good.emb[0]!, good.emb[1]!) > 0.5);
      assert.ok(cosine(bad.emb[0]!, bad.emb[1]!) < 0.3);
      assert.ok(s.entries().every((e) => e.fault === 'degraded'));
    });
  });

  it('an unavailable primary model fails while a fallback name answers (by model map, rule, or allow-list)', async () => {
    await withServer(
      { rules: [{ match: { model: 'flaky-primary' }, fault: { type: 'unavailableModel', status: 503 } }], models: { 'gone-primary': { unavailable: true } } },
      async (s, openai) => {
        await assert.rejects(openai.chat.completions.create({ model: 'gone-primary', messages: msgs('hi') }), (e: unknown) => e instanceof OpenAI.NotFoundError && /gone-primary/.test(e.message));
        await assert.rejects(openai.chat.completions.create({ model: 'flaky-primary', messages: msgs('hi') }), (e: unknown) => e instanceof OpenAI.APIError && e.status === 503);
        const ok = await openai.chat.completions.create({ model: 'fallback', messages: msgs(ASK) });
        assert.match(ok.choices[0]!.message.content!, /30 days/);
        assert.deepEqual(s.entries().map((e) => [e.model, e.status, e.fault]), [['gone-primary', 404, 'unavailableModel'], ['flaky-primary', 503, 'unavailableModel'], ['fallback', 200, null]]);
      },
    );
    await withServer({ onlyModels: ['small'] }, async (_s, openai) => {
      await assert.rejects(openai.chat.completions.create({ model: 'gpt-4o', messages: msgs('hi') }), OpenAI.NotFoundError);
      assert.ok(await openai.chat.completions.create({ model: 'small', messages: msgs('hi') }));
    });
  });

  it('rules match by surface, model, request number and tenant', async () => {
    await withServer([{ match: { fromRequest: 2, toRequest: 2 }, fault: { type: 'status', status: 502 } }, { match: { tenant: 'acme' }, fault: { type: 'status', status: 429 } }], async (s) => {
      const post = (tenant?: string) =>
        fetch(`${s.url}/v1/embeddings`, { method: 'POST', headers: tenant ? { 'x-tenant': tenant } : {}, body: JSON.stringify({ model: 'm', input: 'x' }) }).then((r) => r.status);
      assert.deepEqual([await post(), await post(), await post(), await post('acme'), await post('globex')], [200, 502, 200, 429, 200]);
      assert.deepEqual(s.entries().map((e) => e.tenant), [null, null, null, 'acme', 'globex']);
    });
  });

  it('fault scripts are validated with one readable line naming each problem', () => {
    assert.throws(() => parseFaultScript([{ fault: { type: 'status', status: 418 } }]), /0\.fault\.status: .*429\|500/);
    assert.throws(() => parseFaultScript({ rules: [{ fault: { type: 'explode' } }] }), /rules\.0\.fault\.type: .*'status' \| 'reset'/);
    assert.throws(() => parseFaultScript({ rulez: [] }), /Unrecognized key: "rulez"/);
    assert.throws(() => parseFaultScript([{ match: { attempt: 0 }, fault: { type: 'reset' } }]), /rules\.0\.match\.attempt/);
    assert.deepEqual(parseFaultScript([{ fault: { type: 'degraded' } }]).rules, [{ fault: { type: 'degraded' } }]);
  });
});

describe('model server: ledger and loopback', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'practicum-ledger-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one valid JSON line per request: surface, model, stream, tokens, ttfb, hash of the canonical body', async () => {
    const file = path.join(dir, 'ledger.jsonl');
    await withServer(
      [],
      async (s, openai) => {
        assert.equal(s.ledgerPath, file);
        await openai.chat.completions.create({ model: 'a', messages: msgs(ASK) });
        await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', headers: { 'x-tenant': 't1' }, body: `{"messages":${JSON.stringify(msgs(ASK))},"model":"a"}` });
        await fetch(`${s.url}/api/embed`, { method: 'POST', body: JSON.stringify({ model: 'e', input: 'x y' }) });
        const onDisk = await readLedger(file);
        assert.deepEqual(onDisk, s.entries());
        const [a, b, c] = onDisk;
        assert.equal(a!.surface, 'openai.chat');
        assert.equal(a!.requestHash, b!.requestHash, 'same body, keys in another order');
        assert.deepEqual([b!.attempt, b!.tenant], [2, 't1']);
        assert.ok(a!.promptTokens > 50 && a!.completionTokens > 10);
        assert.ok(a!.ttfbMs !== null && a!.ttfbMs >= 0 && a!.endedMs >= a!.startedMs);
        assert.equal(new Date(a!.at).getTime(), a!.startedMs);
        assert.deepEqual([c!.surface, c!.model, c!.stream, c!.promptTokens, c!.completionTokens], ['ollama.embed', 'e', false, 2, 0]);
      },
      file,
    );
  });

  it('records that the client went away from a stream it stopped reading', async () => {
    await withServer([{ fault: { type: 'slowStream', chunkDelayMs: 50 } }], async (s) => {
      const ctl = new AbortController();
      const res = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', signal: ctl.signal, body: JSON.stringify({ model: 'm', stream: true, messages: msgs(ASK) }) });
      const reader = res.body!.getReader();
      await reader.read();
      ctl.abort();
      await new Promise((r) => setTimeout(r, 150));
      const e = s.entries()[0]!;
      assert.deepEqual([e.clientClosed, e.stream, e.status, e.fault], [true, true, 200, 'slowStream']);
    });
  });

  it('readLedger names the bad line; a missing ledger is empty', async () => {
    const file = path.join(dir, 'l.jsonl');
    assert.deepEqual(await readLedger(file), []);
    writeFileSync(file, '{"at":"x"}\n');
    await assert.rejects(readLedger(file), /l\.jsonl:1: not a ledger entry/);
  });

  it('listens on loopback only and refuses any other host', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.com']) {
      await assert.rejects(startModelServer({ host }), /not a loopback address/);
    }
    const s = await startModelServer({ host: 'localhost', port: 0 });
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await s.close();
  });

  it('closes when its abort signal fires', async () => {
    const ctl = new AbortController();
    const s = await startModelServer({ port: 0, signal: ctl.signal });
    ctl.abort();
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(fetch(`${s.url}/healthz`));
  });
});

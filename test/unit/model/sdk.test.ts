import Anthropic from '@anthropic-ai/sdk';
import { strict as assert } from 'node:assert';
import OpenAI from 'openai';
import { cosine } from '../../../src/core/model/embeddings';
import { startModelServer, type ModelServer } from '../../../src/core/model/server';
import { countTokens } from '../../../src/core/model/tokens';
import { ASK, CONTEXT } from './fixtures';

const weatherTools = [
  { type: 'function' as const, function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function' as const, function: { name: 'search_orders', description: 'Find a customer order by its order number', parameters: { type: 'object', properties: { orderNumber: { type: 'integer' } }, required: ['orderNumber'] } } },
];

describe('model server: official SDKs and plain fetch, unmodified', () => {
  let server: ModelServer;
  let openai: OpenAI;
  let anthropic: Anthropic;
  before(async () => {
    server = await startModelServer({ port: 0 });
    openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'practicum-local-key', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: server.url, apiKey: 'practicum-local-key', maxRetries: 0 });
  });
  after(() => server.close());

  describe('OpenAI chat completions', () => {
    it('answers by quoting the passages that overlap the question, keeping their ids and line ranges, with usage', async () => {
      const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Answer only from the context. Cite sources.' }, { role: 'user', content: ASK }] });
      const text = r.choices[0]!.message.content!;
      assert.match(text, /\[doc-1\] The refund window is 30 days/);
      assert.match(text, /src\/billing\/refund\.ts:10-20/);
      assert.doesNotMatch(text, /Shipping/, 'an unrelated passage is not quoted');
      assert.equal(r.choices[0]!.finish_reason, 'stop');
      assert.equal(r.usage!.completion_tokens, countTokens(text));
      assert.equal(r.usage!.total_tokens, r.usage!.prompt_tokens + r.usage!.completion_tokens);
      assert.ok(r.usage!.prompt_tokens > countTokens(ASK), 'the system prompt counts too');
    });

    it('answers INSUFFICIENT_EVIDENCE when nothing in the context overlaps', async () => {
      const r = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `${CONTEXT}\n\nQuestion: Who painted the Mona Lisa?` }] });
      assert.equal(r.choices[0]!.message.content, 'INSUFFICIENT_EVIDENCE');
    });

    it('streams server-sent events that join into the same answer', async () => {
      const whole = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: ASK }] });
      const stream = await openai.chat.completions.create({ model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: ASK }] });
      let text = '';
      let chunks = 0;
      let usage: OpenAI.CompletionUsage | undefined | null;
      for await (const c of stream) {
        chunks++;
        text += c.choices[0]?.delta.content ?? '';
        if (c.usage && !c.choices.length) usage = c.usage;
      }
      assert.equal(text, whole.choices[0]!.message.content);
      assert.ok(chunks > 5, `several chunks (${chunks})`);
      assert.equal(usage?.completion_tokens, whole.usage!.completion_tokens);
    });

    it('calls the tool whose name and description match the request, with arguments from the input', async () => {
      const r = await openai.chat.completions.create({ model: 'm', tools: weatherTools, messages: [{ role: 'user', content: 'Where is my order? The order number is 4711.' }] });
      const call = r.choices[0]!.message.tool_calls![0]!;
      assert.equal(r.choices[0]!.finish_reason, 'tool_calls');
      assert.equal(call.type === 'function' && call.function.name, 'search_orders');
      assert.deepEqual(call.type === 'function' && JSON.parse(call.function.arguments), { orderNumber: 4711 });
      const w = await openai.chat.completions.create({ model: 'm', tools: weatherTools, messages: [{ role: 'user', content: 'What is the weather in Paris today?' }] });
      const wc = w.choices[0]!.message.tool_calls![0]!;
      assert.equal(wc.type === 'function' && wc.function.name, 'get_weather');
    });

    it('answers in text once the tool result is in, and streams tool calls the SDK can assemble', async () => {
      const r = await openai.chat.completions.create({
        model: 'm',
        tools: weatherTools,
        messages: [
          { role: 'user', content: 'Where is my order 4711?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search_orders', arguments: '{"orderNumber":4711}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '[orders-4711] Order 4711 shipped on Monday and arrives Thursday.' },
        ],
      });
      assert.match(r.choices[0]!.message.content!, /\[orders-4711\] Order 4711 shipped/);
      const final = await openai.chat.completions.stream({ model: 'm', tools: weatherTools, messages: [{ role: 'user', content: 'Where is my order 4711?' }] }).finalChatCompletion();
      const call = final.choices[0]!.message.tool_calls![0]!;
      assert.equal(call.type === 'function' && call.function.name, 'search_orders');
    });

    it('fills a json_schema response format from the input (parsed by the SDK helper)', async () => {
      const schema = {
        type: 'object',
        properties: { name: { type: 'string' }, email: { type: 'string' }, priority: { type: 'string', enum: ['low', 'medium', 'high'] }, quantity: { type: 'integer' }, refund: { type: 'boolean' } },
        required: ['name', 'email', 'priority', 'quantity', 'refund'],
        additionalProperties: false,
      };
      const r = await openai.chat.completions.parse({
        model: 'm',
        messages: [{ role: 'system', content: 'Extract the ticket fields.' }, { role: 'user', content: 'Hi, I am Jane Doe (jane.doe@example.com). I ordered 3 lamps, two broke. High priority please, I want a refund.' }],
        response_format: { type: 'json_schema', json_schema: { name: 'ticket', schema, strict: true } },
      });
      assert.deepEqual(r.choices[0]!.message.parsed, { name: 'Jane Doe', email: 'jane.doe@example.com', priority: 'high', quantity: 3, refund: true });
    });

    it('json_object mode returns a JSON object', async () => {
      const r = await openai.chat.completions.create({ model: 'm', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: ASK }] });
      const v = JSON.parse(r.choices[0]!.message.content!);
      assert.match(v.answer, /30 days/);
    });

    it('follows tool_choice: none answers in text, required and a named function always call', async () => {
      const ask = (tool_choice: OpenAI.ChatCompletionToolChoiceOption) => openai.chat.completions.create({ model: 'm', tools: weatherTools, tool_choice, messages: [{ role: 'user', content: ASK }] });
      const none = await ask('none');
      assert.match(none.choices[0]!.message.content!, /30 days/);
      const required = await ask('required');
      assert.equal(required.choices[0]!.finish_reason, 'tool_calls');
      const named = await ask({ type: 'function', function: { name: 'get_weather' } });
      const call = named.choices[0]!.message.tool_calls![0]!;
      assert.equal(call.type === 'function' && call.function.name, 'get_weather');
    });

    it('lists models', async () => {
      const ids = [];
      for await (const m of openai.models.list()) ids.push(m.id);
      assert.ok(ids.includes('practicum-local'));
    });
  });

  describe('OpenAI responses', () => {
    it('answers, with output_text and usage', async () => {
      const r = await openai.responses.create({ model: 'gpt-4.1-mini', instructions: 'Answer from the context.', input: ASK });
      assert.match(r.output_text, /\[doc-1\] The refund window is 30 days/);
      assert.equal(r.usage!.output_tokens, countTokens(r.output_text));
    });

    it('streams events the SDK assembles into the same response', async () => {
      const stream = openai.responses.stream({ model: 'm', input: [{ role: 'user', content: ASK }] });
      let deltas = '';
      stream.on('response.output_text.delta', (e) => (deltas += e.delta));
      const final = await stream.finalResponse();
      assert.match(final.output_text, /refund window is 30 days/);
      assert.equal(deltas, final.output_text);
    });

    it('calls function tools and fills text.format json_schema', async () => {
      const r = await openai.responses.create({
        model: 'm',
        input: 'What is the weather in Lisbon?',
        tools: weatherTools.map((t) => ({ type: 'function' as const, name: t.function.name, description: t.function.description, parameters: t.function.parameters, strict: false })),
      });
      const call = r.output.find((o) => o.type === 'function_call');
      assert.equal(call?.type === 'function_call' && call.name, 'get_weather');
      const j = await openai.responses.create({
        model: 'm',
        input: 'Order 12 for Ann Lee, status: shipped',
        text: { format: { type: 'json_schema', name: 'order', schema: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'shipped'] }, order: { type: 'integer' } }, required: ['status', 'order'], additionalProperties: false } } },
      });
      assert.deepEqual(JSON.parse(j.output_text), { status: 'shipped', order: 12 });
    });
  });

  it('Responses API streams function calls the SDK assembles', async () => {
    const final = await openai.responses
      .stream({ model: 'm', input: 'What is the weather in Lisbon?', tools: weatherTools.map((t) => ({ type: 'function' as const, name: t.function.name, description: t.function.description, parameters: t.function.parameters, strict: false })) })
      .finalResponse();
    const call = final.output.find((o) => o.type === 'function_call');
    assert.deepEqual(call?.type === 'function_call' && [call.name, JSON.parse(call.arguments)], ['get_weather', { city: 'Lisbon' }]);
  });

  describe('OpenAI embeddings', () => {
    it('returns fixed-dimension unit vectors (base64 by SDK default, floats on request) that rank related texts higher', async () => {
      const r = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['How do I reset my password?', 'Password reset steps for your account', 'Quarterly revenue grew in Asia'] });
      const [q, related, unrelated] = r.data.map((d) => d.embedding as number[]);
      assert.equal(q!.length, 256);
      assert.ok(Math.abs(Math.hypot(...q!) - 1) < 1e-5);
      assert.ok(cosine(q!, related!) > 0.4, `related ${cosine(q!, related!)}`);
      assert.ok(cosine(q!, unrelated!) < 0.15, `unrelated ${cosine(q!, unrelated!)}`);
      const floats = await openai.embeddings.create({ model: 'm', input: 'How do I reset my password?', encoding_format: 'float', dimensions: 64 });
      assert.equal(floats.data[0]!.embedding.length, 64);
      assert.equal(r.usage.prompt_tokens, countTokens('How do I reset my password?') + countTokens('Password reset steps for your account') + countTokens('Quarterly revenue grew in Asia'));
    });
  });

  describe('Anthropic messages', () => {
    it('answers with content blocks and usage', async () => {
      const r = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 400, system: 'Answer from the context.', messages: [{ role: 'user', content: ASK }] });
      const block = r.content[0]!;
      assert.equal(block.type, 'text');
      assert.match(block.type === 'text' ? block.text : '', /\[doc-1\] The refund window is 30 days/);
      assert.equal(r.stop_reason, 'end_turn');
      assert.equal(r.usage.output_tokens, countTokens(block.type === 'text' ? block.text : ''));
    });

    it('streams events the SDK assembles, text deltas joining into the same answer', async () => {
      const stream = anthropic.messages.stream({ model: 'm', max_tokens: 400, messages: [{ role: 'user', content: ASK }] });
      let deltas = '';
      stream.on('text', (t) => (deltas += t));
      const final = await stream.finalMessage();
      const text = final.content[0]?.type === 'text' ? final.content[0].text : '';
      assert.match(text, /refund window is 30 days/);
      assert.equal(deltas, text);
      assert.ok(final.usage.output_tokens > 1);
    });

    it('counts tokens by the same rule as its usage', async () => {
      const params = { model: 'm', system: 'Answer from the context.', messages: [{ role: 'user' as const, content: ASK }] };
      const counted = await anthropic.messages.countTokens(params);
      const answered = await anthropic.messages.create({ ...params, max_tokens: 100 });
      assert.equal(counted.input_tokens, answered.usage.input_tokens);
      assert.equal(counted.input_tokens, countTokens('Answer from the context.') + countTokens(ASK));
    });

    it('uses tools, and answers from tool_result blocks', async () => {
      const tools = weatherTools.map((t) => ({ name: t.function.name, description: t.function.description, input_schema: t.function.parameters as Anthropic.Tool.InputSchema }));
      const r = await anthropic.messages.create({ model: 'm', max_tokens: 200, tools, messages: [{ role: 'user', content: 'What is the weather in Oslo?' }] });
      const use = r.content.find((b) => b.type === 'tool_use');
      assert.equal(r.stop_reason, 'tool_use');
      assert.equal(use?.type === 'tool_use' && use.name, 'get_weather');
      const streamed = await anthropic.messages.stream({ model: 'm', max_tokens: 200, tools, messages: [{ role: 'user', content: 'What is the weather in Oslo?' }] }).finalMessage();
      assert.deepEqual(streamed.content.map((b) => ({ ...b, id: '' })), r.content.map((b) => ({ ...b, id: '' })), 'streamed and whole answers agree');
      assert.deepEqual(use?.type === 'tool_use' && use.input, { city: 'Oslo' });
      const after = await anthropic.messages.create({
        model: 'm',
        max_tokens: 200,
        tools,
        messages: [
          { role: 'user', content: 'What is the weather in Oslo?' },
          { role: 'assistant', content: r.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: use!.type === 'tool_use' ? use!.id : '', content: '[weather-oslo] Oslo weather: 4 degrees and rain.' }] },
        ],
      });
      assert.match(after.content[0]?.type === 'text' ? after.content[0].text : '', /Oslo weather: 4 degrees/);
    });
  });

  describe('Ollama with plain fetch', () => {
    it('/api/chat streams NDJSON by default, ending with done and counts', async () => {
      const res = await fetch(`${server.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: ASK }] }) });
      assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
      const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
      const last = lines[lines.length - 1];
      assert.equal(last.done, true);
      assert.ok(lines.length > 3);
      const text = lines.map((l) => l.message.content).join('');
      assert.match(text, /\[doc-1\] The refund window is 30 days/);
      assert.equal(last.eval_count, countTokens(text));
    });

    it('/api/chat with stream:false answers in one object; format fills a schema; tools are called', async () => {
      const post = (b: unknown) => fetch(`${server.url}/api/chat`, { method: 'POST', body: JSON.stringify(b) }).then((r) => r.json() as Promise<{ message: { content: string; tool_calls?: Array<{ function: { name: string; arguments: unknown } }> }; done: boolean }>);
      const one = await post({ model: 'm', stream: false, messages: [{ role: 'user', content: ASK }] });
      assert.equal(one.done, true);
      assert.match(one.message.content, /30 days/);
      const json = await post({ model: 'm', stream: false, format: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] }, messages: [{ role: 'user', content: 'city: Rome, days: 4' }] });
      assert.deepEqual(JSON.parse(json.message.content), { city: 'Rome', days: 4 });
      const tool = await post({ model: 'm', stream: false, tools: weatherTools, messages: [{ role: 'user', content: 'weather in Rome?' }] });
      assert.equal(tool.message.tool_calls?.[0]?.function.name, 'get_weather');
    });

    it('/api/embed embeds one or many inputs', async () => {
      const res = await fetch(`${server.url}/api/embed`, { method: 'POST', body: JSON.stringify({ model: 'nomic-embed-text', input: ['reset my password', 'password reset'] }) });
      const body = (await res.json()) as { embeddings: number[][]; prompt_eval_count: number };
      assert.equal(body.embeddings.length, 2);
      assert.ok(cosine(body.embeddings[0]!, body.embeddings[1]!) > 0.5);
      assert.equal(body.prompt_eval_count, countTokens('reset my password') + countTokens('password reset'));
    });
  });

  describe('plain fetch', () => {
    it('OpenAI chat streaming over raw SSE ends with [DONE]; /healthz answers', async () => {
      const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: ASK }] }) });
      assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
      const events = (await res.text()).split('\n\n').filter(Boolean);
      assert.equal(events[events.length - 1], 'data: [DONE]');
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    });

    it('a malformed request gets a 400 naming the problem, in the surface\'s error shape', async () => {
      const bad = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"m","messages":[]}' });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: { message: string } }).error.message, /messages/);
      const notJson = await fetch(`${server.url}/v1/messages`, { method: 'POST', body: 'nope' });
      assert.equal(notJson.status, 400);
      assert.equal(((await notJson.json()) as { type: string }).type, 'error');
      const unknown = await fetch(`${server.url}/v2/nothing`, { method: 'POST', body: '{}' });
      assert.equal(unknown.status, 404);
    });
  });
});

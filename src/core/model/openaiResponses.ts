import { z } from 'zod';
import { textOf, type ChatMessage, type ChatRequest } from './chat';
import { openAiError, toolChoiceOf } from './openaiChat';
import { stableId } from './respond';
import { answerChat, asRecord, pieces, sse, str, type SurfaceHandler } from './surface';

/** The parts of an OpenAI Responses request the server reads (the common subset: text, function tools, JSON schema output, streaming). */
export const OpenAiResponsesRequestSchema = z.looseObject({
  model: z.string().optional(),
  input: z.union([z.string(), z.array(z.looseObject({ type: z.string().optional(), role: z.string().optional() }))]),
  instructions: z.string().nullable().optional(),
  tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional(), description: z.string().nullable().optional(), parameters: z.unknown().optional() })).optional(),
  tool_choice: z.unknown().optional(),
  text: z.looseObject({ format: z.looseObject({ type: z.string(), schema: z.unknown().optional() }).optional() }).nullable().optional(),
  stream: z.boolean().nullable().optional(),
});

function parse(body: Record<string, unknown>): ChatRequest {
  const b = OpenAiResponsesRequestSchema.parse(body);
  const messages: ChatMessage[] = [];
  if (b.instructions) messages.push({ role: 'system', text: b.instructions });
  if (typeof b.input === 'string') messages.push({ role: 'user', text: b.input });
  else
    for (const item of b.input) {
      const it = item as Record<string, unknown>;
      if (it.type === 'function_call_output') messages.push({ role: 'tool', text: textOf(it.output) });
      else if (it.type === 'function_call' || it.type === 'reasoning') continue;
      else {
        const r = str(it.role);
        messages.push({ role: r === 'system' || r === 'developer' ? 'system' : r === 'assistant' ? 'assistant' : 'user', text: textOf(it.content) });
      }
    }
  const fmt = b.text?.format;
  return {
    model: b.model ?? '',
    messages,
    tools: (b.tools ?? []).filter((t) => t.type === 'function' && t.name).map((t) => ({ name: t.name!, description: t.description ?? '', parameters: asRecord(t.parameters) })),
    toolChoice: toolChoiceOf(b.tool_choice),
    json: fmt?.type === 'json_schema' ? { schema: asRecord(fmt.schema) } : fmt?.type === 'json_object' ? {} : null,
    stream: b.stream === true,
  };
}

/** `POST /v1/responses`. */
export const openAiResponses: SurfaceHandler = {
  surface: 'openai.responses',
  wantsStream: (b) => b.stream === true,
  errorBody: openAiError,
  async handle(ex, body) {
    const req = parse(body);
    const r = answerChat(ex, req);
    const seed = ex.info.requestHash;
    const id = stableId('resp_', seed);
    const msgId = stableId('msg_', seed);
    const output = r.toolCalls.length
      ? r.toolCalls.map((c) => ({ type: 'function_call', id: stableId('fc_', seed, c.id), call_id: c.id, name: c.name, arguments: JSON.stringify(c.arguments), status: 'completed' }))
      : [{ type: 'message', id: msgId, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: r.text, annotations: [], logprobs: [] }] }];
    const usage = {
      input_tokens: ex.promptTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: ex.completionTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: ex.promptTokens + ex.completionTokens,
    };
    const response = (status: string, out: unknown[], withUsage: boolean) => ({
      id,
      object: 'response',
      created_at: Math.floor(ex.startedMs / 1000),
      status,
      error: null,
      incomplete_details: null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      model: req.model,
      output: out,
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      store: false,
      temperature: 1,
      text: body.text ?? { format: { type: 'text' } },
      tool_choice: body.tool_choice ?? 'auto',
      tools: body.tools ?? [],
      top_p: 1,
      truncation: 'disabled',
      usage: withUsage ? usage : null,
      user: null,
      metadata: {},
    });
    if (!req.stream) return ex.json(200, response('completed', output, true));
    let seq = 0;
    const ev = (type: string, data: Record<string, unknown>) => sse({ type, sequence_number: seq++, ...data }, type);
    const events = [ev('response.created', { response: response('in_progress', [], false) }), ev('response.in_progress', { response: response('in_progress', [], false) })];
    output.forEach((item, output_index) => {
      if (item.type === 'function_call') {
        const fc = item as { id: string; arguments: string };
        events.push(ev('response.output_item.added', { output_index, item: { ...item, arguments: '', status: 'in_progress' } }));
        events.push(ev('response.function_call_arguments.delta', { item_id: fc.id, output_index, delta: fc.arguments }));
        events.push(ev('response.function_call_arguments.done', { item_id: fc.id, output_index, arguments: fc.arguments }));
      } else {
        const ids = { item_id: msgId, output_index, content_index: 0 };
        events.push(ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } }));
        events.push(ev('response.content_part.added', { ...ids, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }));
        for (const delta of pieces(r.text)) events.push(ev('response.output_text.delta', { ...ids, delta, logprobs: [] }));
        events.push(ev('response.output_text.done', { ...ids, text: r.text, logprobs: [] }));
        events.push(ev('response.content_part.done', { ...ids, part: { type: 'output_text', text: r.text, annotations: [], logprobs: [] } }));
      }
      events.push(ev('response.output_item.done', { output_index, item }));
    });
    events.push(ev('response.completed', { response: response('completed', output, true) }));
    return ex.stream('text/event-stream; charset=utf-8', events);
  },
};

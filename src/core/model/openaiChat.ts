import { z } from 'zod';
import { textOf, type ChatMessage, type ChatRequest, type ToolChoice, type ToolSpec } from './chat';
import type { Exchange } from './exchange';
import { stableId } from './respond';
import { answerChat, asRecord, errorKind, pieces, sse, str, type SurfaceHandler } from './surface';

/** The parts of an OpenAI chat completions request the server reads (others are accepted and ignored). */
export const OpenAiChatRequestSchema = z.looseObject({
  model: z.string().optional(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown().optional(), tool_call_id: z.string().optional() })).min(1, 'messages must not be empty'),
  tools: z.array(z.looseObject({ type: z.string().optional(), function: z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() }) })).optional(),
  functions: z.array(z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() })).optional(),
  tool_choice: z.unknown().optional(),
  response_format: z.looseObject({ type: z.string(), json_schema: z.looseObject({ schema: z.unknown().optional() }).optional() }).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
});

export function openAiError(status: number, message: string) {
  const k = errorKind(status);
  return { error: { message, type: k.openai, param: null, code: k.code } };
}

export function toolChoiceOf(v: unknown): ToolChoice {
  if (v === 'none' || v === 'required' || v === 'auto') return v;
  const o = asRecord(v);
  const name = str(asRecord(o.function).name) || str(o.name);
  if (name) return { name };
  return o.type === 'any' ? 'required' : o.type === 'none' ? 'none' : 'auto';
}

function role(r: string): ChatMessage['role'] {
  return r === 'system' || r === 'developer' ? 'system' : r === 'assistant' ? 'assistant' : r === 'tool' || r === 'function' ? 'tool' : 'user';
}

export function parseOpenAiChat(body: Record<string, unknown>): ChatRequest {
  const b = OpenAiChatRequestSchema.parse(body);
  const tools: ToolSpec[] = [
    ...(b.tools ?? []).map((t) => ({ name: t.function.name, description: t.function.description ?? '', parameters: asRecord(t.function.parameters) })),
    ...(b.functions ?? []).map((f) => ({ name: f.name, description: f.description ?? '', parameters: asRecord(f.parameters) })),
  ];
  const rf = b.response_format;
  return {
    model: b.model ?? '',
    messages: b.messages.map((m) => ({ role: role(m.role), text: textOf(m.content) })),
    tools,
    toolChoice: toolChoiceOf(b.tool_choice ?? (b.functions ? asRecord(body.function_call) : undefined)),
    json: rf?.type === 'json_schema' ? { schema: asRecord(rf.json_schema?.schema) } : rf?.type === 'json_object' ? {} : null,
    stream: b.stream === true,
  };
}

/** `POST /v1/chat/completions`. */
export const openAiChat: SurfaceHandler = {
  surface: 'openai.chat',
  wantsStream: (b) => b.stream === true,
  errorBody: openAiError,
  async handle(ex: Exchange, body) {
    const req = parseOpenAiChat(body);
    const r = answerChat(ex, req);
    const id = stableId('chatcmpl-', ex.info.requestHash);
    const created = Math.floor(ex.startedMs / 1000);
    const model = req.model;
    const usage = { prompt_tokens: ex.promptTokens, completion_tokens: ex.completionTokens, total_tokens: ex.promptTokens + ex.completionTokens };
    const toolCalls = r.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
    if (!req.stream) {
      const message = { role: 'assistant', content: toolCalls.length ? null : r.text, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
      return ex.json(200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: r.finish }], usage, system_fingerprint: 'practicum-local' });
    }
    const chunk = (delta: unknown, finish: string | null, extra: Record<string, unknown> = {}) =>
      sse({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'practicum-local', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
    const events = [chunk({ role: 'assistant', content: '', refusal: null }, null)];
    if (toolCalls.length) {
      toolCalls.forEach((c, index) => {
        events.push(chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] }, null));
        events.push(chunk({ tool_calls: [{ index, function: { arguments: c.function.arguments } }] }, null));
      });
    } else for (const p of pieces(r.text)) events.push(chunk({ content: p }, null));
    events.push(chunk({}, r.finish));
    if (asRecord(body.stream_options).include_usage === true) events.push(sse({ id, object: 'chat.completion.chunk', created, model, choices: [], usage }));
    events.push(sse('[DONE]'));
    return ex.stream('text/event-stream; charset=utf-8', events);
  },
};

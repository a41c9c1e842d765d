import { z } from 'zod';
import { promptTexts, textOf, type ChatMessage, type ChatRequest } from './chat';
import { toolChoiceOf } from './openaiChat';
import { stableId } from './respond';
import { answerChat, asRecord, errorKind, pieces, sse, str, type SurfaceHandler } from './surface';
import { countAll } from './tokens';

/** The parts of an Anthropic Messages request the server reads. */
export const AnthropicRequestSchema = z.looseObject({
  model: z.string().optional(),
  max_tokens: z.number().optional(),
  system: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).optional(),
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]) })).min(1, 'messages must not be empty'),
  tools: z.array(z.looseObject({ name: z.string(), description: z.string().optional(), input_schema: z.unknown().optional() })).optional(),
  tool_choice: z.looseObject({ type: z.string(), name: z.string().optional() }).optional(),
  output_format: z.looseObject({ type: z.string(), schema: z.unknown().optional() }).nullable().optional(),
  stream: z.boolean().optional(),
});

export function anthropicError(status: number, message: string) {
  return { type: 'error', error: { type: errorKind(status).anthropic, message } };
}

function parse(body: Record<string, unknown>): ChatRequest {
  const b = AnthropicRequestSchema.parse(body);
  const messages: ChatMessage[] = [];
  if (b.system) messages.push({ role: 'system', text: textOf(b.system) });
  for (const m of b.messages) {
    if (typeof m.content === 'string') {
      messages.push({ role: m.role, text: m.content });
      continue;
    }
    const texts: string[] = [];
    for (const block of m.content as Array<Record<string, unknown>>) {
      if (block.type === 'tool_result') messages.push({ role: 'tool', text: textOf(block.content) });
      else if (block.type === 'text') texts.push(str(block.text));
      else if (block.type === 'document') texts.push(str(asRecord(block.source).data) || textOf(asRecord(block.source).content));
    }
    if (texts.length) messages.push({ role: m.role, text: texts.join('\n') });
  }
  const tc = b.tool_choice;
  return {
    model: b.model ?? '',
    messages,
    tools: (b.tools ?? []).filter((t) => t.input_schema !== undefined).map((t) => ({ name: t.name, description: t.description ?? '', parameters: asRecord(t.input_schema) })),
    toolChoice: tc ? (tc.type === 'tool' && tc.name ? { name: tc.name } : toolChoiceOf(tc.type === 'any' ? 'required' : tc.type)) : 'auto',
    json: b.output_format?.type === 'json_schema' ? { schema: asRecord(b.output_format.schema) } : null,
    stream: b.stream === true,
  };
}

/** Tokens of a count_tokens request (same rule as every answer). */
export function anthropicCountTokens(body: Record<string, unknown>): { input_tokens: number } {
  return { input_tokens: countAll(promptTexts(parse(body))) };
}

/** `POST /v1/messages`. */
export const anthropicMessages: SurfaceHandler = {
  surface: 'anthropic.messages',
  wantsStream: (b) => b.stream === true,
  errorBody: anthropicError,
  async handle(ex, body) {
    const req = parse(body);
    const r = answerChat(ex, req);
    const id = stableId('msg_', ex.info.requestHash);
    const content = r.toolCalls.length
      ? r.toolCalls.map((c) => ({ type: 'tool_use', id: stableId('toolu_', c.id), name: c.name, input: c.arguments }))
      : [{ type: 'text', text: r.text }];
    const stop_reason = r.toolCalls.length ? 'tool_use' : 'end_turn';
    const usage = { input_tokens: ex.promptTokens, output_tokens: ex.completionTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const message = { id, type: 'message', role: 'assistant', model: req.model, content, stop_reason, stop_sequence: null, usage };
    if (!req.stream) return ex.json(200, message);
    const ev = (type: string, data: Record<string, unknown> = {}) => sse({ type, ...data }, type);
    const events = [ev('message_start', { message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } }), ev('ping')];
    content.forEach((block, index) => {
      if (block.type === 'tool_use') {
        events.push(ev('content_block_start', { index, content_block: { ...block, input: {} } }));
        events.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify((block as { input: unknown }).input) } }));
      } else {
        events.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
        for (const text of pieces(r.text)) events.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text } }));
      }
      events.push(ev('content_block_stop', { index }));
    });
    events.push(ev('message_delta', { delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: ex.completionTokens } }));
    events.push(ev('message_stop'));
    return ex.stream('text/event-stream; charset=utf-8', events);
  },
};

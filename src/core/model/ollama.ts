import { z } from 'zod';
import { textOf, type ChatMessage, type ChatRequest } from './chat';
import { DEFAULT_DIMENSIONS, embed } from './embeddings';
import { answerChat, asRecord, BadRequest, pieces, type SurfaceHandler } from './surface';
import { countAll } from './tokens';

/** The parts of an Ollama /api/chat request the server reads. */
export const OllamaChatRequestSchema = z.looseObject({
  model: z.string().optional(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown().optional() })).min(1, 'messages must not be empty'),
  tools: z.array(z.looseObject({ function: z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() }) })).optional(),
  format: z.union([z.literal('json'), z.looseObject({})]).optional(),
  stream: z.boolean().optional(),
});

export const OllamaEmbedRequestSchema = z.looseObject({
  model: z.string().optional(),
  input: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  prompt: z.string().optional(),
  dimensions: z.number().int().min(1).max(4096).optional(),
});

export function ollamaError(_status: number, message: string) {
  return { error: message };
}

function parse(body: Record<string, unknown>): ChatRequest {
  const b = OllamaChatRequestSchema.parse(body);
  return {
    model: b.model ?? '',
    messages: b.messages.map((m): ChatMessage => ({ role: m.role === 'system' ? 'system' : m.role === 'assistant' ? 'assistant' : m.role === 'tool' ? 'tool' : 'user', text: textOf(m.content) })),
    tools: (b.tools ?? []).map((t) => ({ name: t.function.name, description: t.function.description ?? '', parameters: asRecord(t.function.parameters) })),
    toolChoice: 'auto',
    json: b.format === 'json' ? {} : b.format ? { schema: b.format } : null,
    stream: b.stream !== false,
  };
}

/** `POST /api/chat`: streams NDJSON unless `stream: false`, as Ollama does. */
export const ollamaChat: SurfaceHandler = {
  surface: 'ollama.chat',
  wantsStream: (b) => b.stream !== false,
  errorBody: ollamaError,
  async handle(ex, body) {
    const req = parse(body);
    const r = answerChat(ex, req);
    const created_at = new Date(ex.startedMs).toISOString();
    const tool_calls = r.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } }));
    const counts = () => {
      const ns = (Date.now() - ex.startedMs) * 1e6;
      return { total_duration: ns, load_duration: 0, prompt_eval_count: ex.promptTokens, prompt_eval_duration: 0, eval_count: ex.completionTokens, eval_duration: ns };
    };
    const final = { model: req.model, created_at, done: true, done_reason: 'stop' };
    if (!req.stream) {
      return ex.json(200, { ...final, message: { role: 'assistant', content: r.text, ...(tool_calls.length ? { tool_calls } : {}) }, ...counts() });
    }
    const line = (v: unknown) => JSON.stringify(v) + '\n';
    const events = tool_calls.length
      ? [line({ model: req.model, created_at, message: { role: 'assistant', content: '', tool_calls }, done: false })]
      : pieces(r.text).map((content) => line({ model: req.model, created_at, message: { role: 'assistant', content }, done: false }));
    events.push(line({ ...final, message: { role: 'assistant', content: '' }, ...counts() }));
    return ex.stream('application/x-ndjson', events);
  },
};

/** `POST /api/embed`. */
export const ollamaEmbed: SurfaceHandler = {
  surface: 'ollama.embed',
  wantsStream: () => false,
  errorBody: ollamaError,
  async handle(ex, body) {
    const b = OllamaEmbedRequestSchema.parse(body);
    const input = b.input ?? b.prompt;
    if (input === undefined) throw new BadRequest('input: give a string or a list of strings to embed');
    const texts = typeof input === 'string' ? [input] : input;
    ex.promptTokens = countAll(texts);
    const embeddings = texts.map((t) => embed(t, b.dimensions ?? DEFAULT_DIMENSIONS, ex.plan.degraded));
    return ex.json(200, { model: b.model ?? '', embeddings, total_duration: (Date.now() - ex.startedMs) * 1e6, load_duration: 0, prompt_eval_count: ex.promptTokens });
  },
};

/** `POST /api/embeddings` (Ollama's older form: `prompt` in, one `embedding` out). */
export const ollamaEmbeddingsLegacy: SurfaceHandler = {
  ...ollamaEmbed,
  async handle(ex, body) {
    const prompt = typeof body.prompt === 'string' ? body.prompt : typeof body.input === 'string' ? body.input : undefined;
    if (prompt === undefined) throw new BadRequest('prompt: give the text to embed');
    ex.promptTokens = countAll([prompt]);
    return ex.json(200, { embedding: embed(prompt, DEFAULT_DIMENSIONS, ex.plan.degraded) });
  },
};

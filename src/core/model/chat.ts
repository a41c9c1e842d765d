/** The surface-independent shape of a chat request and its reply. */

export type JsonSchema = { [k: string]: unknown };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
}

export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  /** JSON mode: null = free text; `schema` absent = any JSON object. */
  json: { schema?: JsonSchema } | null;
  stream: boolean;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface ChatResult {
  text: string;
  toolCalls: ToolCall[];
  finish: 'stop' | 'tool_calls';
  /** The reply was made invalid JSON on purpose (invalidJson fault in JSON mode). */
  spoiledJson?: boolean;
}

/** How the answer is to be spoiled, from the fault script. */
export interface AnswerMode {
  degraded: boolean;
  /** Serve text that is not valid JSON (JSON mode only). */
  invalidJson: boolean;
  /** Seed for ids (the request hash). */
  seed: string;
}

/** Text of a content value in any of the surfaces' shapes: a string, or parts with `text` / nested `content`. */
export function textOf(content: unknown): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(textOf).filter(Boolean).join('\n');
  if (typeof content === 'object') {
    const o = content as Record<string, unknown>;
    if (typeof o.text === 'string') return o.text;
    if (o.content !== undefined) return textOf(o.content);
    if (typeof o.output === 'string') return o.output;
  }
  return '';
}

/** Every text the request carries to the model (for token counting). */
export function promptTexts(req: ChatRequest): string[] {
  return [...req.messages.map((m) => m.text), ...req.tools.map((t) => `${t.name} ${t.description} ${JSON.stringify(t.parameters)}`)];
}

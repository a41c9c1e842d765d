import { createHash } from 'node:crypto';
import type { AnswerMode, ChatRequest, ChatResult } from './chat';
import { promptTexts } from './chat';
import type { Exchange } from './exchange';
import type { Surface } from './faults';
import { jsonMode, respond } from './respond';
import { countTokens, countAll } from './tokens';

/** One API surface: how to read its requests and write its answers and errors. */
export interface SurfaceHandler {
  surface: Surface;
  wantsStream(body: Record<string, unknown>): boolean;
  errorBody(status: number, message: string): unknown;
  handle(ex: Exchange, body: Record<string, unknown>): Promise<void>;
}

/** A request the surface cannot read: answered 400 with the surface's error body. */
export class BadRequest extends Error {}

/** Error kind names for a status, per provider family. */
export function errorKind(status: number): { openai: string; code: string | null; anthropic: string } {
  if (status === 429) return { openai: 'rate_limit_exceeded', code: 'rate_limit_exceeded', anthropic: 'rate_limit_error' };
  if (status === 404) return { openai: 'invalid_request_error', code: 'model_not_found', anthropic: 'not_found_error' };
  if (status === 400) return { openai: 'invalid_request_error', code: null, anthropic: 'invalid_request_error' };
  if (status === 503 || status === 529) return { openai: 'server_error', code: 'overloaded', anthropic: 'overloaded_error' };
  return { openai: 'server_error', code: null, anthropic: 'api_error' };
}

/** Answers a normalised chat request and records its token usage on the exchange. */
export function answerChat(ex: Exchange, req: ChatRequest): ChatResult {
  let invalidJson = false;
  if (jsonMode(req) !== null) {
    const key = (ex.conversationHash = conversationHash(req));
    invalidJson = ex.plan.invalidJsonAttempts > 0 && ex.countJsonAttempt(key) <= ex.plan.invalidJsonAttempts;
  }
  const mode: AnswerMode = { degraded: ex.plan.degraded, invalidJson, seed: ex.info.requestHash };
  const result = respond(req, mode);
  if (result.spoiledJson) ex.plan.names.push('invalidJson');
  ex.promptTokens = countAll(promptTexts(req));
  ex.completionTokens = result.toolCalls.length ? countAll(result.toolCalls.map((c) => c.name + JSON.stringify(c.arguments))) : countTokens(result.text);
  return result;
}

/**
 * Identifies a conversation across retries: the system prompt, the first user message and the JSON
 * schema asked for, so a repair loop that appends "that was not valid JSON" or a fallback to another
 * model counts as the next attempt of the same conversation.
 */
export function conversationHash(req: ChatRequest): string {
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.text);
  const first = req.messages.find((m) => m.role === 'user')?.text ?? '';
  return createHash('sha256').update(JSON.stringify([system, first, req.json?.schema ?? null])).digest('hex');
}

/** Splits reply text into stream pieces of one word each, whitespace kept, so the pieces join back to the text. */
export function pieces(text: string): string[] {
  return text.match(/\s*\S+\s*?(?=\s|$)|\s+$/g) ?? (text ? [text] : []);
}

export function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

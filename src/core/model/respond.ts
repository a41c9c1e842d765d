import { createHash } from 'node:crypto';
import { extractiveAnswer, INSUFFICIENT_EVIDENCE } from './answer';
import type { AnswerMode, ChatRequest, ChatResult, JsonSchema, ToolCall, ToolSpec } from './chat';
import { findInjection, obey } from './gullible';
import { fillSchema, schemaInText } from './jsonFill';
import { findLastIndex, questionAndContext } from './passages';
import { labelsOf, secretsIn } from './text';
import { pickTool } from './tools';

/** A stable id from the request and a salt, e.g. call_1a2b… */
export function stableId(prefix: string, seed: string, salt = ''): string {
  return prefix + createHash('sha256').update(seed + '\u0000' + salt).digest('hex').slice(0, 24);
}

/** JSON mode requested explicitly, or implied by "JSON" in the system prompt or the last user message. */
export function jsonMode(req: ChatRequest): { schema?: JsonSchema } | null {
  if (req.json) return req.json;
  const sys = req.messages.filter((m) => m.role === 'system').map((m) => m.text).join('\n');
  const lastUser = req.messages[findLastIndex(req.messages, (m) => m.role === 'user')]?.text ?? '';
  if (!/\bJSON\b/.test(sys + '\n' + lastUser)) return null;
  const schema = schemaInText(sys) ?? schemaInText(lastUser);
  return schema ? { schema } : {};
}

/** Makes text that is not valid JSON out of a JSON reply: prose before it and the last brace missing. */
export function spoilJson(json: string): string {
  return `Sure! Here is the JSON you asked for:\n${json.slice(0, -1)}`;
}

/** The deterministic reply to a chat request. */
export function respond(req: ChatRequest, mode: AnswerMode): ChatResult {
  const { question, passages } = questionAndContext(req);
  const injection = findInjection(req);
  const lastUser = findLastIndex(req.messages, (m) => m.role === 'user');
  const toolResultsSinceUser = req.messages.slice(lastUser + 1).some((m) => m.role === 'tool');
  const required = req.toolChoice === 'required' || typeof req.toolChoice === 'object';

  if (req.tools.length && req.toolChoice !== 'none' && (!toolResultsSinceUser || required || injection?.tool)) {
    let tool: ToolSpec | undefined;
    let source = question;
    if (typeof req.toolChoice === 'object') tool = req.tools.find((t) => t.name === (req.toolChoice as { name: string }).name);
    else if (injection?.tool) {
      tool = injection.tool;
      source = `${injection.instruction}\n${passages.map((p) => p.text).join('\n')}`;
    } else tool = pickTool(question, req.tools, required, mode.degraded);
    if (tool) {
      const args = fillSchema(tool.parameters, source, mode.degraded && !injection?.tool);
      const call: ToolCall = { id: stableId('call_', mode.seed, tool.name), name: tool.name, arguments: (args && typeof args === 'object' ? args : {}) as Record<string, unknown> };
      return { text: '', toolCalls: [call], finish: 'tool_calls' };
    }
  }

  const obeyed = injection ? obey(injection, req) : '';
  const json = jsonMode(req);
  if (json) {
    const source = req.messages.filter((m) => m.role !== 'system' && m.role !== 'assistant').map((m) => m.text).join('\n');
    const value = json.schema ? fillSchema(json.schema, source, mode.degraded) : {};
    const out = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
    fillAnswerFields(out, json.schema, question, passages, mode.degraded);
    if (obeyed) {
      const key = Object.keys(out).find((k) => typeof out[k] === 'string') ?? 'answer';
      out[key] = obeyed;
    }
    const text = JSON.stringify(obeyed ? out : redactDeep(out, requestSecrets(req)));
    return { text: mode.invalidJson ? spoilJson(text) : text, toolCalls: [], finish: 'stop', spoiledJson: mode.invalidJson };
  }
  if (obeyed) return { text: obeyed, toolCalls: [], finish: 'stop' };
  return { text: redactDeep(extractiveAnswer(question, passages, mode.degraded), requestSecrets(req)), toolCalls: [], finish: 'stop' };
}

/** Every secret-looking token anywhere in the request (a value after "password:" in one message is hidden in all). */
function requestSecrets(req: ChatRequest): string[] {
  return secretsIn(req.messages.map((m) => m.text).join('\n'));
}

/** Strings with each secret replaced by [redacted], through objects and arrays. */
export function redactDeep<T>(v: T, secrets: string[]): T {
  if (!secrets.length) return v;
  if (typeof v === 'string') return secrets.reduce((s, x) => s.split(x).join('[redacted]'), v as string) as T;
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, secrets)) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x, secrets)])) as T;
  return v;
}

/** RAG-shaped schemas: `answer`, `citations`/`sources`, `abstained` get the extractive answer, its labels and whether it abstained. */
function fillAnswerFields(out: Record<string, unknown>, schema: JsonSchema | undefined, question: string, passages: ReturnType<typeof questionAndContext>['passages'], degraded: boolean) {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const keys = schema ? Object.keys(props) : ['answer'];
  const answer = extractiveAnswer(question, passages, degraded);
  const abstained = answer === INSUFFICIENT_EVIDENCE;
  const labels = abstained ? [] : labelsOf(answer);
  for (const k of keys) {
    const type = props[k]?.type;
    if (/^(?:answer|response|reply)$/i.test(k) && (type === undefined || type === 'string')) out[k] = answer.replace(/\n\nSources: .*$/s, '');
    else if (/^(?:citations|sources|references)$/i.test(k) && (type === undefined || type === 'array')) out[k] = abstained ? [] : labels.map((l) => l.replace(/^\[(.*)\]$/, '$1'));
    else if (/abstain|insufficient/i.test(k) && (type === undefined || type === 'boolean')) out[k] = abstained;
  }
}

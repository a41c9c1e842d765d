import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import { ZodError } from 'zod';
import { anthropicCountTokens, anthropicError, anthropicMessages } from './anthropic';
import { Exchange } from './exchange';
import type { NormalizedFaultScript } from './faults';
import type { Ledger } from './ledger';
import { ollamaChat, ollamaEmbed, ollamaEmbeddingsLegacy } from './ollama';
import { openAiChat } from './openaiChat';
import { openAiEmbeddings } from './openaiEmbeddings';
import { openAiResponses } from './openaiResponses';
import { planFaults, type FaultPlan, type RequestInfo } from './plan';
import { BadRequest, type SurfaceHandler } from './surface';
import { readCappedBody } from '../httpBody';

export interface ServerState {
  faults: NormalizedFaultScript;
  ledger: Ledger;
}

/** The model name answered when a request names none, and listed by /v1/models. */
export const DEFAULT_MODEL = 'practicum-local';
const MAX_BODY = 32 * 1024 * 1024;

const POST: Record<string, SurfaceHandler> = {
  '/v1/chat/completions': openAiChat,
  '/chat/completions': openAiChat,
  '/v1/responses': openAiResponses,
  '/responses': openAiResponses,
  '/v1/embeddings': openAiEmbeddings,
  '/embeddings': openAiEmbeddings,
  '/v1/messages': anthropicMessages,
  '/api/chat': ollamaChat,
  '/api/embed': ollamaEmbed,
  '/api/embeddings': ollamaEmbeddingsLegacy,
};

/** JSON with object keys sorted, so equal requests hash equally whatever the key order. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (!x || typeof x !== 'object' || Array.isArray(x)) return x;
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) o[k] = (x as Record<string, unknown>)[k];
    return o;
  }) ?? 'null';
}

const readBody = (req: http.IncomingMessage): Promise<Buffer | undefined> => readCappedBody(req, MAX_BODY);

function modelList(state: ServerState): string[] {
  return [...new Set([DEFAULT_MODEL, ...(state.faults.onlyModels ?? []), ...Object.keys(state.faults.models ?? {})])];
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) });
  res.end(data);
}

/** The request handler: routes each surface, applies the fault script, and records every answer in the ledger. */
export function createHandler(state: ServerState): http.RequestListener {
  let requestNo = 0;
  const attempts = new Map<string, number>();
  const jsonAttempts = new Map<string, number>();
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    const handler = req.method === 'POST' ? POST[path] : undefined;
    if (!handler) return void answerOther(state, req, res, path);
    void (async () => {
      const raw = await readBody(req);
      let body: Record<string, unknown> | undefined;
      let problem: string | undefined;
      if (raw === undefined) problem = `request body larger than ${MAX_BODY / 1024 / 1024} MB`;
      else {
        try {
          const v: unknown = JSON.parse(raw.toString('utf8'));
          if (v && typeof v === 'object' && !Array.isArray(v)) body = v as Record<string, unknown>;
          else problem = 'request body must be a JSON object';
        } catch {
          problem = 'request body is not valid JSON';
        }
      }
      const requestHash = createHash('sha256').update(body ? canonicalJson(body) : (raw ?? Buffer.alloc(0))).digest('hex');
      const attempt = bump(attempts, requestHash);
      const tenant = req.headers['x-tenant'];
      const info: RequestInfo = {
        surface: handler.surface,
        model: body && typeof body.model === 'string' && body.model ? body.model : DEFAULT_MODEL,
        stream: body ? handler.wantsStream(body) : false,
        requestHash,
        attempt,
        requestNo: ++requestNo,
        tenant: typeof tenant === 'string' ? tenant : null,
      };
      const noFaults: FaultPlan = { slowFirstTokenMs: 0, chunkDelayMs: 0, invalidJsonAttempts: 0, degraded: false, names: [] };
      const ex = new Exchange(req, res, info, body ? planFaults(state.faults, info) : noFaults, state.ledger);
      ex.countJsonAttempt = (key) => bump(jsonAttempts, key);
      if (!body) return refuse(ex, handler, 400, problem!);
      const t = ex.plan.terminal;
      if (t?.kind === 'reset') {
        ex.destroy();
        return ex.log(false);
      }
      if (t?.kind === 'status') {
        const headers: Record<string, string> = {};
        if (t.retryAfterSeconds !== undefined) {
          headers['retry-after'] = String(Math.ceil(t.retryAfterSeconds));
          headers['retry-after-ms'] = String(Math.round(t.retryAfterSeconds * 1000));
          ex.retryAfterSeconds = t.retryAfterSeconds;
        }
        const message =
          t.status === 404 ? `The model \`${info.model}\` does not exist or you do not have access to it.` : t.status === 429 ? 'Rate limit reached (served by the fault script).' : `Upstream error ${t.status} (served by the fault script).`;
        return ex.json(t.status, handler.errorBody(t.status, message), headers);
      }
      try {
        await handler.handle(ex, body);
      } catch (e) {
        if (e instanceof ZodError) {
          const i = e.issues[0];
          return refuse(ex, handler, 400, `${i?.path.join('.') || 'body'}: ${i?.message}`);
        }
        if (e instanceof BadRequest) return refuse(ex, handler, 400, e.message);
        if (!res.headersSent) return refuse(ex, handler, 500, `internal error: ${(e as Error).message}`);
        ex.destroy();
      }
    })().catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: 'internal error' } });
      else res.destroy();
    });
  };
}

/** Counts one more for the key (the map is cleared past 100,000 keys, so a long run stays small). */
function bump(counts: Map<string, number>, key: string): number {
  if (counts.size > 100_000 && !counts.has(key)) counts.clear();
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  return n;
}

function refuse(ex: Exchange, handler: SurfaceHandler, status: number, message: string) {
  ex.error = message;
  return ex.json(status, handler.errorBody(status, message));
}

function answerOther(state: ServerState, req: http.IncomingMessage, res: http.ServerResponse, path: string) {
  const get = req.method === 'GET' || req.method === 'HEAD';
  if (get && (path === '/healthz' || path === '/')) return sendJson(res, 200, { ok: true, name: 'practicum local model server' });
  if (get && (path === '/v1/models' || path === '/models')) {
    return sendJson(res, 200, { object: 'list', data: modelList(state).map((id) => ({ id, object: 'model', created: 0, owned_by: 'practicum' })) });
  }
  if (get && path === '/api/tags') {
    return sendJson(res, 200, { models: modelList(state).map((name) => ({ name, model: name, modified_at: '1970-01-01T00:00:00Z', size: 0, digest: '', details: {} })) });
  }
  if (get && path === '/api/version') return sendJson(res, 200, { version: '0.0.0-practicum' });
  if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
    void readBody(req).then((raw) => {
      try {
        sendJson(res, 200, anthropicCountTokens(JSON.parse(raw?.toString('utf8') ?? '') as Record<string, unknown>));
      } catch (e) {
        sendJson(res, 400, anthropicError(400, e instanceof ZodError ? (e.issues[0]?.message ?? 'invalid request') : 'request body is not valid JSON'));
      }
    });
    return;
  }
  sendJson(res, 404, { error: { message: `no route ${req.method} ${path}; see /v1/chat/completions, /v1/responses, /v1/embeddings, /v1/messages, /api/chat, /api/embed`, type: 'not_found_error' } });
}

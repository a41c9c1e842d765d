import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Health } from './health';
import { errorMessage, isPracticumError } from '../errors';
import type { Logger } from '../log';
import { envelopesFromOtlp, isOtlpLogs } from './otlpDecode';
import { IngestBatchSchema, ingest, type IngestAnswer } from './ingest';
import { RateLimiter } from './rateLimit';
import { computeReport } from './report/compute';
import { reportToCsv } from './report/csv';
import { reportCsp, reportPage, signInPage } from './report/html';
import { reportRange } from './report/range';
import type { SavedAnswer, Store, TokenRecord } from './store';
import { bearer, findToken } from './tokens';
import { readCappedBody } from '../httpBody';

export interface ServeOptions {
  store: Store;
  host: string;
  port: number;
  /** Token hashes from `--tokens FILE`, besides those in the database. */
  fileTokens: readonly TokenRecord[];
  /** Largest request body in bytes. */
  maxBodyBytes: number;
  /** Requests per minute per token. */
  ratePerMinute: number;
  minGroup: number;
  perPerson: boolean;
  version: string;
  log: Logger;
  now?: () => Date;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const COOKIE = 'practicum_lead';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw new HttpError(413, `body of ${declared} bytes is over the ${max}-byte limit; send smaller batches`);
  const body = await readCappedBody(req, max);
  if (!body) throw new HttpError(413, `body is over the ${max}-byte limit; send smaller batches`);
  return body;
}

function cookie(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

const COMMON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * `practicum serve`: ingest (`POST /v1/events`, `POST /v1/logs`), the lead's report (`GET /`,
 * `GET /v1/report`), and `/healthz`. Never redirects; every answer is no-store.
 */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const now = o.now ?? (() => new Date());
  const limiter = new RateLimiter(o.ratePerMinute);
  const secret = await o.store.secret();

  const send = (res: http.ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...COMMON_HEADERS, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
  const sendJson = (res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => send(res, status, 'application/json', JSON.stringify(value), headers);

  async function authorise(req: http.IncomingMessage, role: TokenRecord['role'], allowCookie: boolean): Promise<TokenRecord> {
    const presented = bearer(req.headers.authorization) ?? (allowCookie ? cookie(req, COOKIE) : null);
    if (!presented) throw new HttpError(401, 'a bearer token is required (Authorization: Bearer …)', { 'www-authenticate': 'Bearer realm="practicum"' });
    const t = await findToken(o.store, o.fileTokens, presented);
    if (!t) throw new HttpError(401, 'unknown token; ask the server operator for one (practicum serve token add)', { 'www-authenticate': 'Bearer realm="practicum", error="invalid_token"' });
    if (t.role !== role) throw new HttpError(403, role === 'lead' ? 'this token may send events but not read the report; use a lead token' : 'this is a lead token; events need an ingest token');
    const wait = limiter.take(t.hash, Date.now());
    if (wait > 0) throw new HttpError(429, `too many requests for this token; retry in ${wait} s`, { 'retry-after': String(wait) });
    return t;
  }

  async function handleIngest(req: http.IncomingMessage, res: http.ServerResponse, otlp: boolean): Promise<void> {
    const token = await authorise(req, 'ingest', false);
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send Content-Type: application/json');
    const key = req.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key))) throw new HttpError(400, 'Idempotency-Key must be 1-200 visible ASCII characters');
    const raw = await readBody(req, o.maxBodyBytes);
    if (key) {
      const saved = await o.store.savedAnswer(token.hash, key);
      if (saved) return send(res, saved.status, 'application/json', saved.body, { 'idempotent-replayed': 'true' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'the body is not JSON');
    }
    let candidates: Array<{ value: unknown } | { problem: string }>;
    if (otlp) {
      if (!isOtlpLogs(body)) throw new HttpError(400, 'the body is not OTLP/HTTP JSON logs (no resourceLogs array)');
      candidates = envelopesFromOtlp(body);
    } else {
      const batch = IngestBatchSchema.safeParse(body);
      if (!batch.success) {
        const i = batch.error.issues[0];
        throw new HttpError(400, `not a practicum.batch/v1 body: ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}`);
      }
      candidates = batch.data.events.map((value) => ({ value }));
    }
    const encode = otlp ? otlpAnswer : undefined;
    const answer = await ingest(candidates, { store: o.store, secret, cohort: token.cohort, now: now(), idempotency: key ? { token: token.hash, key } : undefined, encode });
    send(res, answer.status, 'application/json', answer.body);
  }

  async function reportParams(url: URL, token: TokenRecord) {
    const cohorts = token.cohort === '*' ? await o.store.cohorts() : [token.cohort];
    const asked = url.searchParams.get('cohort');
    const cohort = asked && (token.cohort === '*' || asked === token.cohort) ? asked : token.cohort === '*' ? (cohorts[0] ?? '') : token.cohort;
    if (asked && asked !== cohort) throw new HttpError(403, `this lead token is for cohort "${token.cohort}"`);
    let range;
    try {
      range = reportRange(url.searchParams.get('from'), url.searchParams.get('to'), now());
    } catch (e) {
      throw isPracticumError(e) ? new HttpError(400, e.message) : e;
    }
    const report = await computeReport(o.store, { cohort, fromMs: range.fromMs, toMs: range.toMs, now: now(), minGroup: o.minGroup, perPerson: o.perPerson });
    return { report, cohorts, fromDate: range.fromDate, toDate: range.toDate };
  }

  async function handlePage(req: http.IncomingMessage, res: http.ServerResponse, url: URL, presented?: string): Promise<void> {
    const nonce = randomBytes(16).toString('base64');
    const html = { 'content-security-policy': reportCsp(nonce), 'x-frame-options': 'DENY' };
    const t = presented ? await findToken(o.store, o.fileTokens, presented) : null;
    let token = t;
    if (!presented) {
      try {
        token = await authorise(req, 'lead', true);
      } catch (e) {
        if (e instanceof HttpError && e.status !== 429) return send(res, 401, 'text/html; charset=utf-8', signInPage(nonce, cookie(req, COOKIE) ? 'That token is not a lead token of this server.' : undefined), html);
        throw e;
      }
    } else if (!t || t.role !== 'lead') return send(res, 401, 'text/html; charset=utf-8', signInPage(nonce, 'That token is not a lead token of this server.'), html);
    const { report, cohorts, fromDate, toDate } = await reportParams(url, token!);
    const extra: Record<string, string> = {};
    if (presented) {
      const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
      extra['set-cookie'] = `${COOKIE}=${encodeURIComponent(presented)}; HttpOnly; SameSite=Strict; Path=/${secure}`;
    }
    send(res, 200, 'text/html; charset=utf-8', reportPage(report, { nonce, cohorts, fromDate, toDate }), { ...html, ...extra });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    const run = async () => {
      switch (route) {
        case 'GET /healthz': {
          const health: Health = { service: 'practicum-server', status: 'ok', version: o.version, store: o.store.kind, schemaVersion: await o.store.schemaVersion() };
          return sendJson(res, 200, health);
        }
        case 'GET /v1/token': {
          const presented = bearer(req.headers.authorization);
          const t = presented ? await findToken(o.store, o.fileTokens, presented) : null;
          if (!t) throw new HttpError(401, 'unknown or missing token', { 'www-authenticate': 'Bearer realm="practicum"' });
          return sendJson(res, 200, { cohort: t.cohort, role: t.role });
        }
        case 'POST /v1/events':
          return handleIngest(req, res, false);
        case 'POST /v1/logs':
          return handleIngest(req, res, true);
        case 'GET /v1/report': {
          const token = await authorise(req, 'lead', true);
          const { report } = await reportParams(url, token);
          return url.searchParams.get('format') === 'csv' ? send(res, 200, 'text/csv; charset=utf-8', reportToCsv(report)) : sendJson(res, 200, report);
        }
        case 'GET /':
          return handlePage(req, res, url);
        case 'POST /session': {
          const form = new URLSearchParams((await readBody(req, 4096)).toString('utf8'));
          return handlePage(req, res, new URL('/', 'http://localhost'), form.get('token') ?? '');
        }
        default:
          if (['/healthz', '/v1/events', '/v1/logs', '/v1/report', '/v1/token', '/', '/session'].includes(url.pathname)) throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`);
          throw new HttpError(404, `no such path: ${url.pathname}`);
      }
    };
    run().catch((e) => {
      if (res.headersSent) return void res.destroy();
      if (e instanceof HttpError) {
        if (e.status === 413) res.setHeader('connection', 'close');
        return sendJson(res, e.status, { error: e.message }, e.headers);
      }
      o.log.error(`[serve] ${route} failed: ${errorMessage(e)}`);
      sendJson(res, 503, { error: 'the server could not complete the request; retry later' }, { 'retry-after': '30' });
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The OTLP/HTTP answer: `partialSuccess` when some records were refused (ours alongside, for people). */
function otlpAnswer(a: IngestAnswer): SavedAnswer {
  const refused = a.events.filter((e) => e.status === 'refused');
  const status = a.events.length > 0 && refused.length === a.events.length ? 400 : 200;
  const partialSuccess = refused.length ? { rejectedLogRecords: String(refused.length), errorMessage: refused.slice(0, 3).map((e) => `record ${e.index}: ${e.reason}`).join('; ') } : undefined;
  return { status, body: JSON.stringify({ ...(partialSuccess ? { partialSuccess } : {}), practicum: a }) };
}

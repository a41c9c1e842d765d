import * as http from 'node:http';
import * as https from 'node:https';

/** One POST: the resolved URL, headers, body, and the time it may take in total. */
export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** What the endpoint answered; the body is cut after `MAX_RESPONSE_BYTES`. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends requests; rejects with `TransportError` when no HTTP response arrived (refused, reset, timeout). */
export interface HttpClient {
  post(req: HttpRequest): Promise<HttpResponse>;
}

/** No HTTP response: the connection failed, broke, or the request ran past its timeout. */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The one redirect rule for every request Practicum sends (outbox batches, `stats --post`, the
 * dashboard's post): a redirect is never followed, since the body and the token must not travel to
 * another address. Returns the refusal for a 3xx answer, naming where it points and `fix`; undefined otherwise.
 */
export function redirectRefusal(res: HttpResponse, fix: string): string | undefined {
  if (res.status < 300 || res.status > 399) return undefined;
  const location = res.headers['location'];
  return location ? `HTTP ${res.status}: the endpoint redirects to ${location}; ${fix}` : undefined;
}

/**
 * The client for every request Practicum sends. It never follows a redirect (see `redirectRefusal`).
 * Node's http/https with keep-alive, so a flush of many batches reuses one connection. Inside VS Code
 * these modules carry the editor's proxy support, which `fetch` does not on every version.
 */
export class NodeHttpClient implements HttpClient {
  private readonly agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

  post(req: HttpRequest): Promise<HttpResponse> {
    const isHttps = req.url.protocol === 'https:';
    const mod = isHttps ? https : http;
    const body = Buffer.from(req.body, 'utf8');
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
      };
      const request = mod.request(
        req.url,
        {
          method: 'POST',
          agent: this.agents[isHttps ? 'https:' : 'http:'],
          headers: { ...req.headers, 'Content-Length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_RESPONSE_BYTES) chunks.push(c.subarray(0, MAX_RESPONSE_BYTES - size));
            size += c.length;
          });
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
            done(() => resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') }));
          });
          res.on('error', (e) => done(() => reject(transportError(e))));
          res.on('aborted', () => done(() => reject(new TransportError('ECONNRESET', 'the connection closed before the response ended'))));
        },
      );
      // One deadline for connect + send + response, so a server that accepts and then hangs cannot stall a flush.
      const timer = setTimeout(() => {
        done(() => reject(new TransportError('ETIMEDOUT', `no complete response within ${Math.round(req.timeoutMs / 1000)} s`)));
        request.destroy();
      }, req.timeoutMs);
      request.on('error', (e) => done(() => reject(transportError(e))));
      request.end(body);
    });
  }

  /** Closes idle keep-alive connections. */
  dispose(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}

function transportError(e: unknown): TransportError {
  const err = e as NodeJS.ErrnoException;
  return new TransportError(err.code ?? 'ENETWORK', err.message || 'network error');
}

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { readCappedBody } from '../../../httpBody';
import { spansFromProtobuf } from './protobuf';
import { spansFromJson, type ReceivedSpan } from './spans';

/** Largest export request (after gunzip) the receiver reads. */
const MAX_BYTES = 8 * 1024 * 1024;

/** A loopback OTLP/HTTP trace receiver, started for one probe run. */
export interface OtlpReceiver {
  /** The variables an OpenTelemetry SDK (or a hand-written exporter) reads for where to send spans. */
  env: Record<string, string>;
  spans(): ReceivedSpan[];
  /** Export requests that could not be read, each with why (shown to the learner). */
  problems(): string[];
  close(): Promise<void>;
}

/**
 * Accepts `POST /v1/traces` as OTLP/HTTP JSON or protobuf (optionally gzip-compressed), keeps the
 * spans and answers as a collector does, so the learner's exporter needs no change beyond its endpoint.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const problems: string[] = [];
  const server = http.createServer((req, res) => {
    void handle(req)
      .then((r) => {
        res.writeHead(r.status, { 'content-type': r.type });
        res.end(r.body);
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
  async function handle(req: http.IncomingMessage): Promise<{ status: number; type: string; body: string | Buffer }> {
    const json = /json/i.test(String(req.headers['content-type'] ?? ''));
    const answer = (status: number, message?: string) => {
      if (message) problems.push(message);
      const body = json || message ? JSON.stringify(message ? { code: 3, message } : {}) : Buffer.alloc(0);
      return { status, type: json || message ? 'application/json' : 'application/x-protobuf', body };
    };
    const url = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || url !== '/v1/traces') return answer(404, `${req.method} ${url}: Practicum receives traces at POST /v1/traces (OTLP/HTTP)`);
    let body = await readCappedBody(req, MAX_BYTES);
    if (!body) return answer(413, `an export request is over ${MAX_BYTES} bytes`);
    try {
      if (/gzip/i.test(String(req.headers['content-encoding'] ?? ''))) body = gunzipSync(body, { maxOutputLength: MAX_BYTES });
      spans.push(...(json ? spansFromJson(JSON.parse(body.toString('utf8'))) : spansFromProtobuf(body)));
    } catch (e) {
      return answer(400, `an export request (${json ? 'JSON' : 'protobuf'}) could not be read: ${(e as Error).message}`);
    }
    return answer(200);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: base, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${base}/v1/traces` },
    spans: () => [...spans],
    problems: () => [...problems],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the test server received, with its body read in full. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Decides the response to a request; may write to `res` itself (hang, destroy the socket…). */
export type Handler = (req: ReceivedRequest, res: http.ServerResponse) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 with a port chosen by the OS. Tests script its behaviour with
 * `handler` (swap it at any time) and read what it received from `requests`.
 */
export class TestServer {
  readonly requests: ReceivedRequest[] = [];
  handler: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };
  private server: http.Server;
  private sockets = new Set<import('node:net').Socket>();

  private constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(r);
        Promise.resolve(this.handler(r, res)).catch((e) => {
          res.writeHead(500);
          res.end(String(e));
        });
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(): Promise<TestServer> {
    const s = new TestServer();
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops listening and cuts every open connection (a server that dies). */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 that nothing listens on (for "connection refused"). */
export async function closedPort(): Promise<number> {
  const s = await TestServer.start();
  const port = s.port;
  await s.close();
  return port;
}

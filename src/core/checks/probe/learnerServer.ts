import * as http from 'node:http';
import * as net from 'node:net';
import { runShell, type ShellResult } from '../shell';

/** A free loopback port (the learner's server is told it in env PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface LearnerServer {
  url: string;
  stop(): Promise<ShellResult>;
}

/** Starts the learner's server command with PORT set and waits until it accepts connections. */
export async function startLearnerServer(opts: { command: string; url: string; cwd: string; env: Record<string, string>; readyMs: number; timeoutMs: number }): Promise<LearnerServer> {
  const port = await freePort();
  const stopper = new AbortController();
  let exited: ShellResult | undefined;
  const done = runShell(opts.command, { cwd: opts.cwd, timeoutMs: opts.timeoutMs, env: { ...opts.env, PORT: String(port) }, signal: stopper.signal }).then((r) => (exited = r));
  const until = Date.now() + opts.readyMs;
  while (!(await connects(port))) {
    if (exited) throw new Error(`your server exited with ${exited.exitCode ?? 'a signal'} before accepting connections on PORT ${port}: ${(exited.output.trim().split('\n').pop() ?? '').slice(0, 200)}`);
    if (Date.now() > until) {
      stopper.abort();
      await done;
      throw new Error(`your server did not accept connections on 127.0.0.1:${port} (env PORT) within ${Math.round(opts.readyMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: opts.url.replace(/\$\{port\}/g, String(port)),
    stop: async () => {
      stopper.abort();
      return done;
    },
  };
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** What one POST to the learner's endpoint did, with epoch-ms times. */
export interface Exchange {
  status: number;
  startedMs: number;
  firstByteMs: number | null;
  /** Epoch ms of each body chunk as it arrived (one per read, so a buffered answer is one or two). */
  chunkMs: number[];
  endedMs: number;
  body: string;
  error?: string;
}

/**
 * POSTs `body` as JSON. With `abortAfterFirstByte`, closes the connection as soon as the first body
 * byte arrives (the client going away).
 */
export function post(url: string, body: unknown, opts: { timeoutMs: number; abortAfterFirstByte?: boolean }): Promise<Exchange> {
  return new Promise((resolve) => {
    const startedMs = Date.now();
    let firstByteMs: number | null = null;
    const chunkMs: number[] = [];
    let text = '';
    let status = 0;
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, startedMs, firstByteMs, chunkMs, endedMs: Date.now(), body: text, ...(error ? { error } : {}) });
    };
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      status = res.statusCode ?? 0;
      res.on('data', (chunk: Buffer) => {
        if (firstByteMs === null) firstByteMs = Date.now();
        chunkMs.push(Date.now());
        if (text.length < 1_000_000) text += chunk.toString('utf8');
        if (opts.abortAfterFirstByte) {
          req.destroy();
          finish();
        }
      });
      res.on('end', () => finish());
      res.on('error', () => finish());
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(`no complete answer within ${Math.round(opts.timeoutMs / 1000)} s`);
    }, opts.timeoutMs);
    req.on('error', (e) => finish(e.message));
    req.end(JSON.stringify(body));
  });
}

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { PracticumError } from '../errors';
import { parseFaultScript, type FaultScript } from './faults';
import { Ledger, type LedgerEntry } from './ledger';
import { createHandler } from './routes';

export interface ModelServerOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Loopback only (127.0.0.1 default, localhost, ::1, 127.x.y.z); anything else throws. */
  host?: string;
  faults?: FaultScript;
  /** JSON lines file every request is appended to. */
  ledgerPath?: string;
  /** Aborting closes the server. */
  signal?: AbortSignal;
  /** Called with each ledger entry as a request ends (for logs). */
  onEntry?: (entry: LedgerEntry) => void;
}

export interface ModelServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  ledgerPath: string | undefined;
  /** Ledger entries of this run (the latest 100,000), in the order the requests ended. */
  entries(): LedgerEntry[];
  close(): Promise<void>;
}

/** The host to bind, or a usage error for anything that is not loopback. */
export function loopbackHost(host: string | undefined): string {
  const h = (host ?? '127.0.0.1').trim().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return '127.0.0.1';
  if (h === '::1' || /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(h)) return h;
  throw new PracticumError('usage', `host "${host}" is not a loopback address: the model server only listens on this machine (use 127.0.0.1, localhost or ::1).`);
}

/** Starts the deterministic local model server. */
export async function startModelServer(opts: ModelServerOptions = {}): Promise<ModelServer> {
  const host = loopbackHost(opts.host);
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PracticumError('usage', `port ${port} is not a port number (0-65535; 0 picks a free port).`);
  const faults = parseFaultScript(opts.faults ?? []);
  const ledger = new Ledger(opts.ledgerPath, opts.onEntry);
  const handler = createHandler({ faults, ledger });
  const server = http.createServer(handler);
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new PracticumError('environment', `port ${port} on ${host} is in use. Pick another with --port, or --port 0 for a free one.`) : e),
    );
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }));
  opts.signal?.addEventListener('abort', () => void close(), { once: true });
  if (opts.signal?.aborted) await close();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    ledgerPath: opts.ledgerPath,
    entries: () => [...ledger.entries],
    close,
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PracticumError } from '../core/errors';
import { isLoopbackHost } from '../core/export/endpoint';
import { demoEvents } from '../core/server/demo';
import { startServer } from '../core/server/httpServer';
import { ingest } from '../core/server/ingest';
import { DEFAULT_MIN_GROUP } from '../core/server/report/schema';
import { isPostgresUrl, openStore, type Store, type TokenRecord } from '../core/server/store';
import { addToTokensFile, CohortNameSchema, newToken, readTokensFile, tokenHash } from '../core/server/tokens';
import { parseFlags } from './args';
import { ExitCode, type CliCommand, type CliIo } from './types';

declare const PRACTICUM_VERSION: string | undefined;
const version = typeof PRACTICUM_VERSION === 'string' ? PRACTICUM_VERSION : '0.0.0-dev';

export const DEFAULT_PORT = 8470;
export const DEFAULT_DB = 'practicum.db';

/** `--db` as given: a PostgreSQL URL as is, a SQLite file relative to the current folder. */
export function dbSpec(db: string | undefined, cwd: string): string {
  const v = db ?? DEFAULT_DB;
  return isPostgresUrl(v) ? v : path.resolve(cwd, v);
}

/** The database for display: a PostgreSQL URL without its password. */
export function displayDb(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

function positiveInt(value: string | undefined, flag: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new PracticumError('usage', `${flag} must be a whole number of at least ${min} (got "${value}").`);
  return n;
}

export async function withStore<T>(db: string, f: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

const serveUsage = `Usage: practicum serve [--db FILE|postgres://…] [--port N] [--host 127.0.0.1] [--tokens FILE]
                       [--max-body-kb N] [--rate-limit N] [--min-group N] [--per-person]

The team's endpoint: stores the events Practicum sends (POST /v1/events, practicum.batch/v1; POST
/v1/logs, OTLP/HTTP JSON) and serves the lead's program report (GET /, GET /v1/report) and /healthz.

  --db FILE|URL    SQLite file (default ./${DEFAULT_DB}) or a postgres:// URL
  --port N         port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR      address to listen on (default 127.0.0.1; put TLS in front before exposing it)
  --tokens FILE    token hashes kept in a file (practicum.server-tokens/v1), besides the database's
  --max-body-kb N  largest request body (default 1024)
  --rate-limit N   requests per minute per token (default 120), answered with 429 and Retry-After
  --min-group N    smallest group the report shows (default ${DEFAULT_MIN_GROUP})
  --per-person     let the report list members by pseudonym (off by default)

Tokens: practicum serve token add --db … --cohort NAME [--lead]. Runs until interrupted (Ctrl+C).

Exit codes: 0 stopped by a signal; 2 bad usage, or the database or port cannot be used.
`;

/** `practicum serve`: runs the server until SIGINT/SIGTERM. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: "run the team's endpoint: store events, serve the program report",
  usage: serveUsage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(args, {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      tokens: { type: 'string' },
      'max-body-kb': { type: 'string' },
      'rate-limit': { type: 'string' },
      'min-group': { type: 'string' },
      'per-person': { type: 'boolean', default: false },
    });
    const port = positiveInt(values.port, '--port', DEFAULT_PORT, 0);
    if (port > 65535) throw new PracticumError('usage', `--port must be at most 65535 (got ${port}).`);
    const maxBodyBytes = positiveInt(values['max-body-kb'], '--max-body-kb', 1024) * 1024;
    const ratePerMinute = positiveInt(values['rate-limit'], '--rate-limit', 120);
    const minGroup = positiveInt(values['min-group'], '--min-group', DEFAULT_MIN_GROUP);
    const fileTokens: TokenRecord[] = values.tokens ? (await readTokensFile(path.resolve(io.cwd, values.tokens))).tokens : [];
    const db = dbSpec(values.db, io.cwd);
    const store = await openStore(db);
    let server;
    try {
      server = await startServer({ store, host: values.host, port, fileTokens, maxBodyBytes, ratePerMinute, minGroup, perPerson: values['per-person'], version, log: io.log });
    } catch (e) {
      await store.close();
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new PracticumError('environment', `cannot listen on ${values.host}:${port} (${code}). Choose another --port or --host.`);
      throw e;
    }
    if (!isLoopbackHost(values.host)) io.err(`practicum serve: warning: listening on ${values.host} in plain http; put a TLS proxy in front (see the README) before anyone sends tokens over a network.\n`);
    if (values['per-person']) io.err('practicum serve: warning: the per-person view is on: the report lists members by pseudonym.\n');
    io.out(`practicum serve: listening on ${server.url} (${store.kind}: ${displayDb(db)})\n`);
    await untilSignal();
    await server.close();
    await store.close();
    io.err('practicum serve: stopped\n');
    return ExitCode.ok;
  },
};

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

const demoUsage = `Usage: practicum serve demo [--port N] [--members N]

Starts the server on a temporary SQLite database filled with a generated cohort ("demo-pilot":
8 weeks of sessions, AI commits, assessments, surveys and reviews; no real people), creates a lead
token and prints the report's URL. The database is deleted when the server stops (Ctrl+C).
`;

export const serveDemo: CliCommand = {
  name: 'serve demo',
  summary: 'run the server on generated demo data and print the report URL',
  usage: demoUsage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(args, { port: { type: 'string' }, members: { type: 'string' } });
    const port = positiveInt(values.port, '--port', DEFAULT_PORT, 0);
    const members = positiveInt(values.members, '--members', 12);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'practicum-demo-'));
    const store = await openStore(path.join(dir, 'demo.db'));
    try {
      const week = 7 * 86_400_000;
      const today = Date.parse(new Date().toISOString().slice(0, 10));
      const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * 86_400_000;
      const startMs = monday - 8 * week;
      const events = demoEvents({ cohort: 'demo-pilot', members, startMs, weeks: 8 });
      const answer = await ingest(events.map((value) => ({ value })), { store, secret: await store.secret(), cohort: 'demo-pilot', now: new Date() });
      const token = newToken();
      await store.addToken({ hash: tokenHash(token), cohort: 'demo-pilot', role: 'lead', label: 'demo', createdAt: new Date().toISOString() });
      const server = await startServer({ store, host: '127.0.0.1', port, fileTokens: [], maxBodyBytes: 1 << 20, ratePerMinute: 120, minGroup: DEFAULT_MIN_GROUP, perPerson: false, version, log: io.log });
      const from = new Date(startMs).toISOString().slice(0, 10);
      const to = new Date(startMs + 8 * week - 86_400_000).toISOString().slice(0, 10);
      io.out(
        `practicum serve demo: ${JSON.parse(answer.body).stored} generated events for ${members} members of cohort "demo-pilot".\n` +
          `  report:     ${server.url}/?cohort=demo-pilot&from=${from}&to=${to}\n` +
          `  lead token: ${token}   (paste it on the sign-in page)\n` +
          `  practicum report --server ${server.url} --cohort demo-pilot --from ${from} --to ${to}   (with PRACTICUM_TOKEN set to the token)\n` +
          `Stop with Ctrl+C.\n`,
      );
      await untilSignal();
      await server.close();
      return ExitCode.ok;
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const tokenUsage = `Usage: practicum serve token add --db FILE|URL --cohort NAME [--lead] [--label TEXT] [--tokens FILE]

Creates a bearer token and prints it once; only its SHA-256 is kept (in the database, or in the
--tokens file when given). An ingest token lets the extension send events for its cohort (set it with
"Practicum: Connect to Team Server"); a --lead token opens the cohort's program report
(--cohort '*' for every cohort).

Exit codes: 0 created; 2 bad usage or the database cannot be used.
`;

export const serveTokenAdd: CliCommand = {
  name: 'serve token add',
  summary: 'create a bearer token for a cohort (printed once)',
  usage: tokenUsage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(args, {
      db: { type: 'string' },
      cohort: { type: 'string' },
      lead: { type: 'boolean', default: false },
      label: { type: 'string' },
      tokens: { type: 'string' },
    });
    const cohort = CohortNameSchema.safeParse(values.cohort);
    if (!cohort.success) throw new PracticumError('usage', '--cohort NAME is required (1-100 characters; the name the extension sends in practicum.export.cohort).');
    const token = newToken();
    const record: TokenRecord = { hash: tokenHash(token), cohort: cohort.data, role: values.lead ? 'lead' : 'ingest', label: values.label ?? null, createdAt: new Date().toISOString() };
    if (record.role === 'ingest' && record.cohort === '*') throw new PracticumError('usage', "an ingest token belongs to one cohort; '*' is for --lead tokens only.");
    if (values.tokens) await addToTokensFile(path.resolve(io.cwd, values.tokens), record);
    else await withStore(dbSpec(values.db, io.cwd), (s) => s.addToken(record));
    io.out(`${token}\n`);
    io.err(`practicum serve token add: ${record.role} token for cohort "${record.cohort}" created; it is shown only now.\n`);
    return ExitCode.ok;
  },
};

const exportUsage = `Usage: practicum serve export --db FILE|URL [--since DATE] [--cohort NAME]

Writes the stored events to stdout as NDJSON, one practicum.event/v1 envelope a line, as stored
(learner ids re-keyed by the server), in the order they arrived. --since keeps events received on
or after DATE (YYYY-MM-DD or an ISO time), for incremental copies.

Exit codes: 0 written; 2 bad usage or the database cannot be used.
`;

export const serveExport: CliCommand = {
  name: 'serve export',
  summary: 'write stored events as NDJSON',
  usage: exportUsage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(args, { db: { type: 'string' }, since: { type: 'string' }, cohort: { type: 'string' } });
    let receivedSinceMs: number | undefined;
    if (values.since !== undefined) {
      receivedSinceMs = Date.parse(values.since.length === 10 ? `${values.since}T00:00:00Z` : values.since);
      if (!/^\d{4}-\d{2}-\d{2}/.test(values.since) || Number.isNaN(receivedSinceMs)) throw new PracticumError('usage', `--since must be a date (YYYY-MM-DD) or an ISO time (got "${values.since}").`);
    }
    await withStore(dbSpec(values.db, io.cwd), async (s) => {
      let lines: string[] = [];
      for await (const e of s.events({ cohort: values.cohort, receivedSinceMs })) {
        lines.push(JSON.stringify({ schema: 'practicum.event/v1', id: e.id, type: e.type, at: e.at, learner: e.learner, cohort: e.cohort, data: e.data }));
        if (lines.length >= 1000) {
          io.out(lines.join('\n') + '\n');
          lines = [];
        }
      }
      if (lines.length) io.out(lines.join('\n') + '\n');
    });
    return ExitCode.ok;
  },
};

export const serveCommands: CliCommand[] = [serveCommand, serveTokenAdd, serveExport, serveDemo];

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LIMITS, type ExportFormat } from '../core/export/batch';
import { checkToken, resolveEndpoint } from '../core/export/endpoint';
import { Exporter } from '../core/export/exporter';
import { NodeHttpClient } from '../core/export/http';
import { Outbox } from '../core/export/outbox';
import { planNext } from '../core/export/planner';
import { listRejected, retryRejected } from '../core/export/rejected';
import { PracticumError } from '../core/errors';
import { parseFlags, toJson } from './args';
import { ExitCode, type CliCommand, type CliIo } from './types';

declare const PRACTICUM_VERSION: string | undefined;

async function openOutbox(dir: string | undefined, cwd: string): Promise<Outbox> {
  if (!dir) throw new PracticumError('usage', 'Missing --dir: give the outbox folder (in VS Code: "Practicum: Show Outbox" shows it).');
  const abs = path.resolve(cwd, dir);
  const st = await fs.stat(abs).catch(() => undefined);
  if (!st?.isDirectory()) throw new PracticumError('usage', `No outbox folder at ${abs}. Check --dir.`);
  return new Outbox({ dir: abs });
}

function format(value: string | undefined): ExportFormat {
  if (value === undefined || value === 'json' || value === 'otlp') return value ?? 'json';
  throw new PracticumError('usage', `--format must be json or otlp (got "${value}").`);
}

const showUsage = `Usage: practicum outbox show --dir DIR [--format json|otlp] [--json]

Shows what waits in an outbox folder: event counts by type, the oldest and newest event, the next
batch exactly as it would be sent (in the given format), rejected batches and quarantined lines.
Nothing is changed or sent.

Exit codes: 0 shown; 2 bad usage or no outbox folder at --dir.
`;

/** `practicum outbox show`: read-only report of an outbox folder. */
export const outboxShow: CliCommand = {
  name: 'outbox show',
  summary: 'show queued events and the next batch of an outbox folder',
  usage: showUsage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(args, { dir: { type: 'string' }, format: { type: 'string' }, json: { type: 'boolean' } });
    const outbox = await openOutbox(values.dir, io.cwd);
    const fmt = format(values.format);
    const stats = await outbox.stats();
    const plan = await outbox.transaction((tx) => planNext(tx, { format: fmt, limits: DEFAULT_LIMITS, pin: false, log: io.log }));
    const quarantined = await outbox.transaction((tx) => tx.quarantinedCount());
    const rejected = await listRejected(outbox);
    const report = {
      schema: 'practicum.outbox/v1',
      dir: outbox.dir,
      events: stats.events,
      byType: stats.byType,
      oldest: stats.oldest,
      newest: stats.newest,
      malformed: stats.malformed,
      quarantined,
      rejected: { batches: rejected.length, events: rejected.reduce((n, r) => n + r.events, 0) },
      nextBatch: plan
        ? {
            idempotencyKey: plan.key,
            format: fmt,
            events: plan.events.length,
            bytes: plan.bytes,
            attempts: plan.attempts,
            nextAttemptAt: plan.nextAttemptAt,
            lastError: plan.lastError,
            body: JSON.parse(plan.body) as unknown,
          }
        : null,
    };
    if (values.json) {
      io.out(toJson(report));
      return ExitCode.ok;
    }
    const types = Object.entries(stats.byType).map(([t, n]) => `${t} ${n}`).join(', ');
    const lines = [`Outbox ${outbox.dir}: ${stats.events} event(s)${types ? ` (${types})` : ''}`];
    if (stats.oldest) lines.push(`  oldest ${stats.oldest}, newest ${stats.newest}`);
    if (plan) {
      const state = plan.attempts ? `, ${plan.attempts} failed attempt(s), last: ${plan.lastError}, next at ${plan.nextAttemptAt}` : '';
      lines.push(`  next batch: ${plan.events.length} event(s), ${plan.bytes} bytes${plan.key ? `, Idempotency-Key ${plan.key}` : ''}${state}`);
    }
    if (stats.malformed) lines.push(`  ${stats.malformed} malformed line(s) will be quarantined at the next flush`);
    if (rejected.length) lines.push(`  rejected: ${report.rejected.batches} batch(es), ${report.rejected.events} event(s) in ${path.join(outbox.dir, 'rejected')} (practicum outbox retry to resend)`);
    if (quarantined) lines.push(`  quarantined: ${quarantined} line(s) in ${path.join(outbox.dir, 'quarantine', 'quarantined.jsonl')}`);
    io.out(lines.join('\n') + '\n');
    return ExitCode.ok;
  },
};

const flushUsage = `Usage: practicum outbox flush --dir DIR --endpoint URL [--token-env VAR] [--format json|otlp]
                             [--max-wait SECONDS] [--json]

Sends every queued event in batches (at most 100 events or 256 KB), retrying network errors,
timeouts, 408, 429 (honouring Retry-After) and 5xx with exponential backoff while the next try falls
within --max-wait (default 60). Other 4xx move the batch to DIR/rejected with the response.
The endpoint must be https unless it is localhost. The token is read from the environment variable
named by --token-env and sent as a Bearer token.

Prints { "sent": N, "remaining": N, "rejected": N, "quarantined": N } with --json.
Exit 0 when no sendable event remains, 1 when some remain, 2 on bad usage.
`;

/** `practicum outbox flush`: sends an outbox folder to an endpoint. */
export const outboxFlush: CliCommand = {
  name: 'outbox flush',
  summary: 'send an outbox folder to an endpoint, with retries',
  usage: flushUsage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(args, {
      dir: { type: 'string' },
      endpoint: { type: 'string' },
      'token-env': { type: 'string' },
      format: { type: 'string' },
      'max-wait': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.endpoint) throw new PracticumError('usage', 'Missing --endpoint: give the URL to send to.');
    const fmt = format(values.format);
    const endpoint = resolveEndpoint(values.endpoint, fmt);
    const maxWait = values['max-wait'] === undefined ? 60 : Number(values['max-wait']);
    if (!Number.isFinite(maxWait) || maxWait < 0) throw new PracticumError('usage', `--max-wait must be a number of seconds, 0 or more (got "${values['max-wait']}").`);
    let token: string | undefined;
    if (values['token-env'] !== undefined) {
      token = io.env[values['token-env']];
      if (!token) throw new PracticumError('environment', `The environment variable ${values['token-env']} named by --token-env is not set or empty. Export it first.`);
      checkToken(token, `The token in ${values['token-env']}`);
    }
    const outbox = await openOutbox(values.dir, io.cwd);
    const http = new NodeHttpClient();
    const version = typeof PRACTICUM_VERSION === 'string' ? PRACTICUM_VERSION : 'dev';
    try {
      const exporter = new Exporter({ outbox, endpoint, format: fmt, http, logger: io.log, userAgent: `practicum-cli/${version}`, ...(token ? { token } : {}) });
      const s = await exporter.flush({ maxWaitMs: maxWait * 1000, force: true, waitForOthers: true });
      if (values.json) io.out(toJson({ sent: s.sent, remaining: s.remaining, rejected: s.rejected, quarantined: s.quarantined }));
      else {
        io.out(`Sent ${s.sent} event(s); ${s.remaining} remain; ${s.rejected} rejected; ${s.quarantined} malformed line(s) quarantined.\n`);
        if (s.rejected) io.out(`Rejected batches are in ${path.join(outbox.dir, 'rejected')} with the response; fix the cause, then run "practicum outbox retry".\n`);
      }
      if (s.remaining > 0) {
        const why = s.stopped === 'deadline' ? `the next retry${s.nextAttemptAt ? ` (${s.nextAttemptAt})` : ''} falls after --max-wait` : s.stopped === 'busy' ? 'another process kept sending past --max-wait' : 'sending stopped';
        io.err(`practicum outbox flush: ${s.remaining} event(s) not sent: ${why}${s.lastError ? `; last error: ${s.lastError}` : ''}. Run again later or raise --max-wait.\n`);
        return ExitCode.problem;
      }
      return ExitCode.ok;
    } finally {
      http.dispose();
    }
  },
};

const retryUsage = `Usage: practicum outbox retry --dir DIR [--batch NAME] [--json]

Puts rejected batches (all, or the one named as listed in DIR/rejected, with or without .jsonl) back
into the outbox, to be sent by the next flush. Run it after fixing what the endpoint objected to.

Exit codes: 0 restored (or nothing to restore); 2 bad usage, no outbox folder, or no batch of that name.
`;

/** `practicum outbox retry`: restores rejected batches. */
export const outboxRetry: CliCommand = {
  name: 'outbox retry',
  summary: 'put rejected batches back into an outbox folder',
  usage: retryUsage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(args, { dir: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } });
    const outbox = await openOutbox(values.dir, io.cwd);
    const batch = values.batch?.replace(/\.jsonl$/, '');
    // An empty name must not mean "all": that is what leaving --batch out says.
    if (batch !== undefined && batch.trim() === '') throw new PracticumError('usage', '--batch needs a batch name as listed in DIR/rejected ("practicum outbox show" lists them); omit --batch to retry them all.');
    const restored = await retryRejected(outbox, batch);
    if (batch && restored === 0) {
      const names = (await listRejected(outbox)).map((b) => b.name);
      const fix = names.length ? `Pass one of: ${names.join(', ')}; or omit --batch to retry them all.` : 'There are no rejected batches; "practicum outbox show" lists what waits.';
      throw new PracticumError('usage', `No rejected batch named ${batch} in ${path.join(outbox.dir, 'rejected')}. ${fix}`);
    }
    io.out(values.json ? toJson({ restored }) : `Restored ${restored} event(s) to the outbox.\n`);
    return ExitCode.ok;
  },
};

/** Every `practicum outbox …` subcommand. */
export const outboxCommands: CliCommand[] = [outboxShow, outboxFlush, outboxRetry];

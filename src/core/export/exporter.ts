import { randomUUID } from 'node:crypto';
import { errorMessage } from '../errors';
import { silentLogger, type Logger } from '../log';
import { DEFAULT_LIMITS, encodeBatch, type BatchLimits, type ExportFormat } from './batch';
import { displayEndpoint } from './endpoint';
import type { EventEnvelope } from './events';
import { TransportError, type HttpClient, type HttpResponse } from './http';
import type { Outbox, StoredLine } from './outbox';
import { pinBatch, planNext, quarantineLines, selectNext, type PlannedBatch } from './planner';
import { rejectBatch } from './rejected';
import { classifyResponse, DEFAULT_BACKOFF, retryDelay, type BackoffOptions, type Verdict } from './retryPolicy';
import { acquireLease, clearPending, releaseLease, writePending, type PendingBatch } from './sendState';

/** How one exporter reaches the endpoint. */
export interface ExporterOptions {
  outbox: Outbox;
  /** Resolved with `resolveEndpoint` (https unless loopback; `/v1/logs` for OTLP). */
  endpoint: URL;
  format: ExportFormat;
  /** Sent as `Authorization: Bearer <token>`; never logged. */
  token?: string;
  http: HttpClient;
  logger?: Logger;
  /** Whole-request timeout; 30 s by default. */
  timeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  limits?: BatchLimits;
  userAgent?: string;
  /** Asked right before every request: false means "do not send now" (no consent, paused, telemetry off). */
  permit?: () => boolean | Promise<boolean>;
  /** Waits between attempts; tests pair it with a manual clock. */
  sleep?: (ms: number) => Promise<void>;
}

/** The next batch exactly as it will be sent (only `sentAt` inside the body is set at send time). */
export interface PreparedBatch extends PlannedBatch {
  url: string;
  /** Request headers with the token masked. */
  headers: Record<string, string>;
}

/** What one attempt did. */
export type AttemptOutcome =
  | { kind: 'empty' }
  | { kind: 'busy' }
  | { kind: 'blocked' }
  | { kind: 'waiting'; until: number; lastError: string | null }
  | { kind: 'sent'; events: number; status: number }
  | { kind: 'retry'; until: number; error: string }
  | { kind: 'rejected'; events: number; status: number; error: string; rejectedAs: string };
/** What one attempt did, and how many malformed lines it set aside. */
export type AttemptResult = AttemptOutcome & { quarantined: number };
type SendOutcome = Extract<AttemptOutcome, { kind: 'sent' | 'retry' | 'rejected' }>;

/** Totals of a flush; `remaining` counts valid events still in the outbox. */
export interface FlushSummary {
  sent: number;
  remaining: number;
  rejected: number;
  quarantined: number;
  /** Why the flush stopped with events left, if it did. */
  stopped: 'empty' | 'deadline' | 'busy' | 'blocked';
  nextAttemptAt: string | null;
  lastError: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sends the outbox to one endpoint. Preview and send share `selectNext`, so what the consent view shows
 * is what goes out; a batch is pinned (`state/pending.json`) before its first attempt, and one
 * process at a time holds the send lease, so two windows never send the same batch twice.
 */
export class Exporter {
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly limits: BatchLimits;

  constructor(private readonly o: ExporterOptions) {
    this.log = o.logger ?? silentLogger;
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.backoff = { ...DEFAULT_BACKOFF, ...o.backoff };
    this.limits = o.limits ?? DEFAULT_LIMITS;
  }

  private get clock() {
    return this.o.outbox.clock;
  }

  /** Request headers for a batch; `mask` hides the token (for display). */
  headers(key: string, mask = false): Record<string, string> {
    const h: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': key };
    if (this.o.token) h.Authorization = `Bearer ${mask ? '••••••••' : this.o.token}`;
    if (this.o.userAgent) h['User-Agent'] = this.o.userAgent;
    return h;
  }

  /** The next batch as it will be sent, with the request line and headers (token masked); see `planNext`. */
  async preview(opts: { pin: boolean }): Promise<PreparedBatch | undefined> {
    const plan = await this.o.outbox.transaction((tx) => planNext(tx, { format: this.o.format, limits: this.limits, pin: opts.pin, log: this.log }));
    if (!plan) return undefined;
    return { ...plan, url: displayEndpoint(this.o.endpoint), headers: this.headers(plan.key ?? '(assigned when the batch is pinned)', true) };
  }

  /** One attempt at the next batch. `force` ignores a scheduled backoff (an explicit "send now"). */
  async attempt(opts: { force?: boolean } = {}): Promise<AttemptResult> {
    let quarantined = 0;
    const claimed = await this.o.outbox.transaction(async (tx) => {
      if (!(await acquireLease(tx, this.owner, this.timeoutMs + 30_000))) return { kind: 'busy' as const };
      const sel = await selectNext(tx, this.o.format, this.limits, true);
      quarantined = await quarantineLines(tx, sel.bad, this.log);
      if (sel.lines.length === 0) {
        await releaseLease(tx, this.owner);
        return { kind: 'empty' as const };
      }
      const pending = sel.pending ?? (await pinBatch(tx, sel, this.o.format));
      const due = pending.nextAttemptAt ? Date.parse(pending.nextAttemptAt) : 0;
      if (!opts.force && due > this.clock.now()) {
        await releaseLease(tx, this.owner);
        return { kind: 'waiting' as const, until: due, lastError: pending.lastError };
      }
      return { kind: 'claimed' as const, pending, lines: sel.lines };
    });
    if (claimed.kind !== 'claimed') return { ...claimed, quarantined };
    const { pending, lines } = claimed;
    try {
      if (this.o.permit && !(await this.o.permit())) {
        await this.o.outbox.transaction((tx) => releaseLease(tx, this.owner));
        return { kind: 'blocked', quarantined };
      }
      return { ...(await this.send(pending, lines)), quarantined };
    } catch (e) {
      await this.o.outbox.transaction((tx) => releaseLease(tx, this.owner)).catch(() => undefined);
      throw e;
    }
  }

  private async send(pending: PendingBatch, lines: StoredLine[]): Promise<SendOutcome> {
    const events = lines.map((l) => l.event as EventEnvelope);
    const body = encodeBatch(events, this.o.format, iso(this.clock.now()));
    const where = displayEndpoint(this.o.endpoint);
    let verdict: Verdict;
    let response: HttpResponse | undefined;
    try {
      response = await this.o.http.post({ url: this.o.endpoint, headers: this.headers(pending.key), body, timeoutMs: this.timeoutMs });
      verdict = classifyResponse(response, this.clock.now());
    } catch (e) {
      const reason = e instanceof TransportError ? `${e.code}: ${e.message}` : errorMessage(e);
      verdict = { kind: 'retry' as const, reason };
    }
    return this.o.outbox.transaction(async (tx): Promise<SendOutcome> => {
      try {
        if (verdict.kind === 'sent') {
          await tx.removeIds(pending.files, new Set(pending.ids));
          await clearPending(tx);
          this.log.debug(`Sent ${events.length} event(s) to ${where} (HTTP ${verdict.status})`);
          return { kind: 'sent' as const, events: events.length, status: verdict.status };
        }
        if (verdict.kind === 'rejected' && response) {
          const rejectedAs = await rejectBatch(tx, pending.key, lines, response, where);
          await clearPending(tx);
          this.log.warn(`${where} refused ${events.length} event(s) (${verdict.reason}); kept in rejected/${rejectedAs}.jsonl`);
          return { kind: 'rejected' as const, events: events.length, status: verdict.status, error: verdict.reason, rejectedAs };
        }
        const reason = verdict.kind === 'retry' ? verdict.reason : 'unexpected response';
        const attempts = pending.attempts + 1;
        const until = this.clock.now() + retryDelay(attempts, this.backoff, verdict.kind === 'retry' ? verdict.retryAfterMs : undefined);
        await writePending(tx, { ...pending, attempts, nextAttemptAt: iso(until), lastError: reason });
        this.log.info(`Sending to ${where} failed (${reason}); attempt ${attempts + 1} at ${iso(until)}`);
        return { kind: 'retry' as const, until, error: reason };
      } finally {
        await releaseLease(tx, this.owner);
      }
    });
  }

  /**
   * Sends everything it can, retrying as the policy says while the next try falls within `maxWaitMs`.
   * Waits for another process's send when `waitForOthers` (the CLI); returns when it is busy otherwise.
   */
  async flush(opts: { maxWaitMs: number; force?: boolean; waitForOthers?: boolean }): Promise<FlushSummary> {
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const deadline = this.clock.now() + opts.maxWaitMs;
    const sum = { sent: 0, rejected: 0, quarantined: 0 };
    let force = opts.force ?? false;
    let stopped: FlushSummary['stopped'] = 'empty';
    let nextAttemptAt: string | null = null;
    let lastError: string | null = null;
    for (;;) {
      const r = await this.attempt({ force });
      force = false;
      sum.quarantined += r.quarantined;
      if (r.kind === 'sent' || r.kind === 'rejected') {
        if (r.kind === 'sent') sum.sent += r.events;
        else sum.rejected += r.events;
        nextAttemptAt = lastError = null;
        continue;
      }
      if (r.kind === 'empty' || r.kind === 'blocked') {
        stopped = r.kind;
        break;
      }
      const until = r.kind === 'busy' ? this.clock.now() + 200 : r.until;
      if (r.kind !== 'busy') {
        nextAttemptAt = iso(r.until);
        lastError = r.kind === 'retry' ? r.error : r.lastError;
      }
      if ((r.kind === 'busy' && !opts.waitForOthers) || until > deadline) {
        stopped = r.kind === 'busy' ? 'busy' : 'deadline';
        break;
      }
      await sleep(Math.max(0, until - this.clock.now()));
    }
    const remaining = (await this.o.outbox.stats()).events;
    if (remaining === 0) stopped = 'empty';
    return { ...sum, remaining, stopped, nextAttemptAt: remaining ? nextAttemptAt : null, lastError: remaining ? lastError : null };
  }
}

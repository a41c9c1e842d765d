import { randomUUID } from 'node:crypto';
import { errorMessage } from '../errors';
import { silentLogger, type Logger } from '../log';
import { DEFAULT_LIMITS, encodeBatch, type BatchLimits, type ExportFormat } from './batch';
import { checkToken, displayEndpoint } from './endpoint';
import type { EventEnvelope } from './events';
import { TransportError, type HttpClient, type HttpResponse } from './http';
import type { Outbox, OutboxTx, StoredLine } from './outbox';
import { pinBatch, planNext, quarantineLines, selectNext, type PlannedBatch } from './planner';
import { rejectBatch } from './rejected';
import { classifyResponse, DEFAULT_BACKOFF, retryDelay, type BackoffOptions, type Verdict } from './retryPolicy';
import { clearPending, leasedByOther, readPending, writePending, type PendingBatch } from './sendState';

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
/** A batch pinned and leased by this exporter, ready to send. */
type Claimed = { kind: 'claimed'; pending: PendingBatch; lines: StoredLine[] };
type Claim = Claimed | Extract<AttemptOutcome, { kind: 'busy' | 'empty' | 'waiting' }>;

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
    if (o.token) checkToken(o.token, 'The export token');
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
    return (await this.run(opts.force ?? false, false)).result;
  }

  /** Claims the next batch and delivers it; with `chain`, the one after is claimed in the same transaction. */
  private async run(force: boolean, chain: boolean): Promise<{ result: AttemptResult; next?: Claimed }> {
    const { claim, quarantined } = await this.o.outbox.transaction((tx) => this.claim(tx, force));
    if (claim.kind !== 'claimed') return { result: { ...claim, quarantined } };
    const d = await this.deliver(claim, chain);
    return { result: { ...d.result, quarantined: d.result.quarantined + quarantined }, ...(d.next ? { next: d.next } : {}) };
  }

  /** Inside a transaction: pins (or reuses) the next batch and takes its lease in one write. */
  private async claim(tx: OutboxTx, force: boolean): Promise<{ claim: Claim; quarantined: number }> {
    const now = this.clock.now();
    if (leasedByOther(await readPending(tx), this.owner, now)) return { claim: { kind: 'busy' }, quarantined: 0 };
    const sel = await selectNext(tx, this.o.format, this.limits, true);
    const quarantined = await quarantineLines(tx, sel.bad, this.log);
    if (sel.lines.length === 0) return { claim: { kind: 'empty' }, quarantined };
    const due = sel.pending?.nextAttemptAt ? Date.parse(sel.pending.nextAttemptAt) : 0;
    if (!force && due > now) return { claim: { kind: 'waiting', until: due, lastError: sel.pending?.lastError ?? null }, quarantined };
    const lease = { owner: this.owner, expiresAt: now + this.timeoutMs + 30_000 };
    const pending = sel.pending ? { ...sel.pending, lease } : await pinBatch(tx, sel, this.o.format, lease);
    if (sel.pending) await writePending(tx, pending);
    return { claim: { kind: 'claimed', pending, lines: sel.lines }, quarantined };
  }

  /** Sends a claimed batch and records the outcome; the lease is always given back or the batch removed. */
  private async deliver(c: Claimed, chain: boolean): Promise<{ result: AttemptResult; next?: Claimed }> {
    try {
      if (this.o.permit && !(await this.o.permit())) {
        await this.release(c.pending);
        return { result: { kind: 'blocked', quarantined: 0 } };
      }
      return await this.send(c.pending, c.lines, chain);
    } catch (e) {
      await this.release(c.pending).catch(() => undefined);
      throw e;
    }
  }

  /** Gives the lease back, keeping the batch pinned. */
  private release(pending: PendingBatch, update: Partial<PendingBatch> = {}): Promise<void> {
    return this.o.outbox.transaction(async (tx) => {
      const current = await readPending(tx);
      if (current?.key === pending.key && current.lease?.owner === this.owner) await writePending(tx, { ...current, ...update, lease: null });
    });
  }

  private async send(pending: PendingBatch, lines: StoredLine[], chain: boolean): Promise<{ result: AttemptResult; next?: Claimed }> {
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
    if (verdict.kind === 'sent' || (verdict.kind === 'rejected' && response)) {
      const v = verdict;
      const res = response;
      // The outcome and the next claim share one transaction: one lock round-trip per batch.
      const { rejectedAs, next } = await this.o.outbox.transaction(async (tx) => {
        let name: string | undefined;
        if (v.kind === 'sent') await tx.removeIds(pending.files, new Set(pending.ids));
        else if (res) name = await rejectBatch(tx, pending.key, lines, res, where);
        await clearPending(tx, pending.key);
        return { rejectedAs: name, next: chain ? await this.claim(tx, false) : undefined };
      });
      const quarantined = next?.quarantined ?? 0;
      const more = next?.claim.kind === 'claimed' ? { next: next.claim } : {};
      if (v.kind === 'sent') {
        this.log.debug(`Sent ${events.length} event(s) to ${where} (HTTP ${v.status})`);
        return { result: { kind: 'sent', events: events.length, status: v.status, quarantined }, ...more };
      }
      this.log.warn(`${where} refused ${events.length} event(s) (${v.reason}); kept in rejected/${rejectedAs}.jsonl`);
      return { result: { kind: 'rejected', events: events.length, status: v.status, error: v.reason, rejectedAs: rejectedAs ?? '', quarantined }, ...more };
    }
    const reason = verdict.kind === 'retry' ? verdict.reason : 'unexpected response';
    const attempts = pending.attempts + 1;
    const until = this.clock.now() + retryDelay(attempts, this.backoff, verdict.kind === 'retry' ? verdict.retryAfterMs : undefined);
    await this.release(pending, { attempts, nextAttemptAt: iso(until), lastError: reason });
    this.log.info(`Sending to ${where} failed (${reason}); attempt ${attempts + 1} at ${iso(until)}`);
    return { result: { kind: 'retry', until, error: reason, quarantined: 0 } };
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
    let next: Claimed | undefined;
    for (;;) {
      const step: { result: AttemptResult; next?: Claimed } = next ? await this.deliver(next, true) : await this.run(force, true);
      const r = step.result;
      next = step.next;
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

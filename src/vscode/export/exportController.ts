import * as vscode from 'vscode';
import * as path from 'node:path';
import { DEFAULT_LIMITS } from '../../core/export/batch';
import { ExportStateStore, sendGate, type ExportState, type Gate } from '../../core/export/consent';
import { displayEndpoint, resolveEndpoint } from '../../core/export/endpoint';
import { EVENT_TYPES, EventDataSchemas } from '../../core/export/events';
import { Exporter, type FlushSummary, type PreparedBatch } from '../../core/export/exporter';
import { NodeHttpClient } from '../../core/export/http';
import { Outbox, type OutboxStats } from '../../core/export/outbox';
import { OutboxSink, type SinkIdentity } from '../../core/export/outboxSink';
import { planNext } from '../../core/export/planner';
import { RefusalNotice } from '../../core/export/refusalNotice';
import { listRejected, type RejectedBatch } from '../../core/export/rejected';
import { errorMessage } from '../../core/errors';
import { tagged, type Logger } from '../../core/log';
import type { DataSharingState } from '../../webview/protocol/dataSharing';
import type { Container } from '../container';
import { resolveIdentity } from './identity';

/** SecretStorage key of the bearer token for an endpoint origin (shared with the dashboard's post). */
export const exportTokenSecret = (origin: string) => `practicum.export.token:${origin}`;

/** The outbox as the tree and the panel show it. */
export interface OutboxSnapshot {
  gate: Gate;
  state: ExportState;
  stats: OutboxStats;
  rejected: RejectedBatch[];
  quarantined: number;
  preview: PreparedBatch | undefined;
}

/**
 * Owns export in this window: the sink other features emit through, the consent state shared by all
 * windows, the token, and background sending. Every send goes through `sendGate`, checked again by
 * the exporter right before each request.
 */
export class ExportController implements vscode.Disposable {
  readonly outbox: Outbox;
  readonly sink: OutboxSink;
  readonly store: ExportStateStore;
  readonly log: Logger;
  private readonly http = new NodeHttpClient();
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when what the views show may have changed (debounced). */
  readonly onDidChange = this.emitter.event;
  private readonly rejectedEmitter = new vscode.EventEmitter<FlushSummary>();
  /** Fires when a flush from this window had a batch refused. */
  readonly onDidReject = this.rejectedEmitter.event;
  private identityPromise: Promise<SinkIdentity> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private changeTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<FlushSummary | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  lastResult: string | null = null;
  readonly refusals = new RefusalNotice();

  constructor(private readonly c: Container) {
    this.log = tagged(c.logger, 'export');
    this.outbox = new Outbox({ dir: path.join(c.storageDir, 'outbox') });
    this.store = new ExportStateStore(path.join(c.storageDir, 'export', 'state.json'));
    this.sink = new OutboxSink({
      outbox: this.outbox,
      identity: () => this.identity(),
      policy: () => ({ includeCommitDetails: c.settings['export.includeCommitDetails'] }),
      logger: this.log,
    });
    this.disposables.push(
      this.sink.onDidAppend(() => {
        this.changed();
        this.schedule(20_000);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('practicum.export')) return;
        if (e.affectsConfiguration('practicum.export.learnerIdKey') || e.affectsConfiguration('practicum.export.cohort')) this.identityPromise = undefined;
        this.changed();
        this.schedule(1_000);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => (this.identityPromise = undefined)),
      vscode.env.onDidChangeTelemetryEnabled(() => this.changed()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.changed();
        this.schedule(1_000);
      }),
      this.emitter,
      this.rejectedEmitter,
    );
  }

  /** Starts background sending; the first pass waits until the editor has settled. */
  start(): void {
    this.schedule(30_000);
  }

  /** The configured endpoint, resolved, or why it cannot be used. */
  endpoint(): { raw: string; url?: URL; problem?: string } {
    const raw = this.c.settings['export.endpoint'];
    if (!raw) return { raw };
    try {
      return { raw, url: resolveEndpoint(raw, this.c.settings['export.format']) };
    } catch (e) {
      return { raw, problem: errorMessage(e) };
    }
  }

  async gate(state?: ExportState): Promise<Gate> {
    const ep = this.endpoint();
    return sendGate({
      endpoint: ep.raw,
      ...(ep.problem ? { endpointProblem: ep.problem } : {}),
      format: this.c.settings['export.format'],
      state: state ?? (await this.store.load()),
      telemetryEnabled: vscode.env.isTelemetryEnabled,
      workspaceTrusted: vscode.workspace.isTrusted,
      includeCommitDetails: this.c.settings['export.includeCommitDetails'],
    });
  }

  async token(): Promise<string | undefined> {
    const url = this.endpoint().url;
    return url ? this.c.context.secrets.get(exportTokenSecret(url.origin)) : undefined;
  }

  /** Tokens are stored per endpoint origin, so a changed endpoint never receives another host's token. */
  async setToken(token: string | undefined): Promise<string> {
    const url = this.endpoint().url;
    if (!url) throw new Error('Set practicum.export.endpoint to a valid URL first; the token is stored for that endpoint.');
    if (token) await this.c.context.secrets.store(exportTokenSecret(url.origin), token);
    else await this.c.context.secrets.delete(exportTokenSecret(url.origin));
    this.changed();
    return url.origin;
  }

  resetIdentity(): void {
    this.identityPromise = undefined;
    this.changed();
  }

  private async exporter(): Promise<Exporter | undefined> {
    const url = this.endpoint().url;
    if (!url) return undefined;
    const token = await this.token();
    return new Exporter({
      outbox: this.outbox,
      endpoint: url,
      format: this.c.settings['export.format'],
      http: this.http,
      logger: this.log,
      userAgent: `practicum-vscode/${(this.c.context.extension.packageJSON as { version?: string }).version ?? 'dev'}`,
      permit: async () => (await this.gate()).allowed,
      ...(token ? { token } : {}),
    });
  }

  /**
   * Sends what the gate allows. Background passes make one attempt per batch and leave retries to
   * the schedule; an explicit flush ignores the backoff once and waits briefly for other windows.
   */
  flush(interactive: boolean): Promise<FlushSummary | undefined> {
    this.flushing ??= this.doFlush(interactive).finally(() => {
      this.flushing = undefined;
      this.changed();
    });
    return this.flushing;
  }

  private async doFlush(interactive: boolean): Promise<FlushSummary | undefined> {
    await this.sink.drain();
    if (!(await this.gate()).allowed) return undefined;
    const ex = await this.exporter();
    if (!ex) return undefined;
    const s = await ex.flush({ maxWaitMs: interactive ? 20_000 : 0, force: interactive, waitForOthers: interactive });
    const host = displayEndpoint(this.endpoint().url as URL);
    const when = new Date().toLocaleTimeString();
    this.lastResult =
      s.remaining === 0
        ? `${when}: sent ${s.sent} event(s) to ${host}${s.rejected ? `; ${s.rejected} refused` : ''}.`
        : `${when}: sent ${s.sent}, ${s.remaining} waiting${s.lastError ? ` (${s.lastError})` : ''}${s.nextAttemptAt ? `; next try ${new Date(s.nextAttemptAt).toLocaleTimeString()}` : ''}.`;
    if (this.refusals.shouldTell(s)) this.rejectedEmitter.fire(s);
    if (s.nextAttemptAt) this.schedule(Math.max(1_000, Date.parse(s.nextAttemptAt) - Date.now()));
    return s;
  }

  /** Everything the views show. `pin` fixes the next batch, so the preview is what gets sent. */
  async snapshot(pin: boolean): Promise<OutboxSnapshot> {
    await this.sink.drain();
    const state = await this.store.load();
    const gate = await this.gate(state);
    const ex = await this.exporter();
    const preview = ex
      ? await ex.preview({ pin })
      : await this.outbox.transaction(async (tx) => {
          const plan = await planNext(tx, { format: this.c.settings['export.format'], limits: DEFAULT_LIMITS, pin, log: this.log });
          return plan && { ...plan, url: '(no endpoint configured)', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': plan.key ?? '(assigned when pinned)' } };
        });
    const stats = await this.outbox.stats();
    const rejected = await listRejected(this.outbox);
    const quarantined = await this.outbox.transaction((tx) => tx.quarantinedCount());
    return { gate, state, stats, rejected, quarantined, preview };
  }

  /** The Data Sharing view's state, with the pinned preview. */
  async viewState(): Promise<DataSharingState> {
    const snap = await this.snapshot(true);
    const ep = this.endpoint();
    const consent = snap.state.consent;
    const who = await this.identity().catch(() => undefined);
    const p = snap.preview;
    return {
      endpoint: ep.url ? displayEndpoint(ep.url) : ep.raw || null,
      format: this.c.settings['export.format'],
      endpointProblem: ep.problem ?? null,
      sending: snap.gate.allowed ? { allowed: true } : { allowed: false, reason: snap.gate.reason, message: snap.gate.message },
      consent: consent ? { acceptedAt: consent.acceptedAt, current: !(snap.gate.allowed === false && snap.gate.reason === 'consent-outdated') } : null,
      paused: snap.state.paused,
      tokenSet: !!(await this.token()),
      learnerIdKey: this.c.settings['export.learnerIdKey'],
      learnerHint: who ? who.learner.slice(0, 12) : null,
      cohort: this.c.settings['export.cohort'] || null,
      types: EVENT_TYPES.map((t) => ({
        type: t,
        description: EventDataSchemas[t].description ?? '',
        // Commit hash and message are listed only when the team opted in: they are not sent otherwise.
        fields: Object.keys(EventDataSchemas[t].shape).filter((k) => t !== 'ai.commit' || (k !== 'hash' && k !== 'message') || this.c.settings['export.includeCommitDetails']),
        queued: snap.stats.byType[t] ?? 0,
      })),
      queued: snap.stats.events,
      preview: p
        ? { key: p.key, url: p.url, headers: p.headers, body: p.body, bytes: p.bytes, events: p.events.length, attempts: p.attempts, nextAttemptAt: p.nextAttemptAt, lastError: p.lastError }
        : null,
      rejected: { batches: snap.rejected.length, events: snap.rejected.reduce((n, r) => n + r.events, 0) },
      quarantined: snap.quarantined,
      lastResult: this.lastResult,
    };
  }

  /** Records consent for exactly what the user saw; refuses if the settings changed meanwhile. */
  async accept(seen: { endpoint: string; format: 'json' | 'otlp'; previewKey: string | null }): Promise<boolean> {
    const ep = this.endpoint();
    const shown = ep.url ? displayEndpoint(ep.url) : ep.raw;
    if (!ep.url || seen.endpoint !== shown || seen.format !== this.c.settings['export.format']) {
      this.changed();
      return false;
    }
    await this.store.update((s) => ({
      ...s,
      paused: false,
      consent: {
        endpoint: ep.raw,
        format: seen.format,
        types: [...EVENT_TYPES],
        acceptedAt: new Date().toISOString(),
        previewKey: seen.previewKey,
        commitDetails: this.c.settings['export.includeCommitDetails'],
      },
    }));
    this.log.info(`Consent given for ${shown} (${seen.format})`);
    this.changed();
    return true;
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.store.update((s) => ({ ...s, paused }));
    this.changed();
    if (!paused) this.schedule(1_000);
  }

  async revoke(): Promise<void> {
    await this.store.update((s) => ({ ...s, consent: null }));
    this.log.info('Consent revoked; queued events stay local');
    this.changed();
  }

  /** Debounced change notification, and the context keys menus depend on. */
  changed(): void {
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      void this.store.load().then((s) => {
        void vscode.commands.executeCommand('setContext', 'practicum.export.paused', s.paused);
        void vscode.commands.executeCommand('setContext', 'practicum.export.consented', s.consent !== null);
      });
      this.emitter.fire();
    }, 150);
  }

  /** Runs a background pass in `ms` unless one is already due sooner. */
  schedule(ms: number): void {
    const at = Date.now() + ms;
    if (this.timer && at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      void this.flush(false)
        .catch((e) => this.log.warn(`Background send failed: ${errorMessage(e)}`))
        .finally(() => this.schedule(this.c.settings['export.flushIntervalMinutes'] * 60_000));
    }, ms);
  }

  /** The learner identity, resolved once; a failure is not cached, so the next write tries again. */
  private identity(): Promise<SinkIdentity> {
    this.identityPromise ??= this.resolveIdentity().catch((e: unknown) => {
      this.identityPromise = undefined;
      throw e;
    });
    return this.identityPromise;
  }

  private resolveIdentity(): Promise<SinkIdentity> {
    return resolveIdentity({
      mode: this.c.settings['export.learnerIdKey'],
      cohort: this.c.settings['export.cohort'],
      secrets: this.c.context.secrets,
      storageDir: this.c.storageDir,
      log: this.log,
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.changeTimer);
    this.sink.dispose();
    this.http.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

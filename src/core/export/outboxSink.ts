import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock';
import { errorMessage } from '../errors';
import { silentLogger, type Logger } from '../log';
import { EVENT_SCHEMA, EventEnvelopeSchema, normalizeData, type DataPolicy, type EventEnvelope } from './events';
import type { Outbox } from './outbox';
import type { EventSink, EventSubject } from './sink';

/** Who the events are about: the pseudonymous learner id and the cohort name. */
export interface SinkIdentity {
  learner: string;
  cohort: string | null;
  /**
   * The pseudonym of another person under the same key (the submitter of a reviewed submission).
   * Without it, events about someone else are dropped rather than attributed to the wrong learner.
   */
  pseudonym?: (email: string) => string;
}

export interface OutboxSinkOptions {
  outbox: Outbox;
  /** Resolved when the first events are written (reading git config is not free); may be cached by the caller. */
  identity: () => Promise<SinkIdentity>;
  policy: () => DataPolicy;
  logger?: Logger;
  clock?: Clock;
  newId?: () => string;
  /** Delay before retrying a failed write (disk full, lock held too long). */
  retryMs?: number;
}

interface Queued {
  id: string;
  type: string;
  at: string;
  data: Record<string, unknown>;
  /** Kept in memory only until the envelope is built with its pseudonym. */
  about?: EventSubject;
}

/**
 * The extension's event sink: validates each event when it is emitted (so a feature's mistake is
 * logged where it happens), then writes it to the outbox in the background, coalescing bursts into
 * one append. Queuing needs no consent; sending does, and is the exporter's business.
 */
export class OutboxSink implements EventSink {
  private queue: Queued[] = [];
  private running: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(events: readonly EventEnvelope[]) => void>();
  private readonly log: Logger;
  private readonly clock: Clock;

  constructor(private readonly o: OutboxSinkOptions) {
    this.log = o.logger ?? silentLogger;
    this.clock = o.clock ?? systemClock;
  }

  emit(type: string, data: Record<string, unknown>, at?: Date, about?: EventSubject): void {
    const n = normalizeData(type, data, this.o.policy());
    if (!n.ok) {
      this.log.warn(`Dropped an event that does not match its schema: ${n.problem}`);
      return;
    }
    if (n.droppedKeys.length) this.log.warn(`${type}: removed field(s) not in the event schema before queuing: ${n.droppedKeys.join(', ')}`);
    const when = at && !Number.isNaN(at.getTime()) ? at : new Date(this.clock.now());
    if (about && !about.email.trim()) {
      this.log.warn(`Dropped a ${type} event: the person it is about has no git email.`);
      return;
    }
    this.queue.push({ id: (this.o.newId ?? randomUUID)(), type, at: when.toISOString(), data: n.data, ...(about ? { about } : {}) });
    this.kick();
  }

  /** Called with the envelopes after each successful append (live previews listen here). */
  onDidAppend(fn: (events: readonly EventEnvelope[]) => void): { dispose(): void } {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  }

  /** Resolves once everything emitted so far was written (or failed to be, which is logged and retried). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    if (this.queue.length) {
      this.kick();
      await this.running;
    }
  }

  /** Events emitted but not yet on disk. */
  get backlog(): number {
    return this.queue.length;
  }

  dispose(): void {
    clearTimeout(this.retryTimer);
  }

  private kick(): void {
    if (this.running) return;
    clearTimeout(this.retryTimer);
    this.running = new Promise<void>((r) => setImmediate(r))
      .then(() => this.write())
      .finally(() => (this.running = undefined));
  }

  private async write(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      try {
        const who = await this.o.identity();
        const envelopes: EventEnvelope[] = [];
        for (const q of batch) {
          const learner = q.about ? who.pseudonym?.(q.about.email) : who.learner;
          if (learner === undefined) {
            this.log.warn(`Dropped a ${q.type} event: this window cannot name the person it is about.`);
            continue;
          }
          envelopes.push(EventEnvelopeSchema.parse({ schema: EVENT_SCHEMA, id: q.id, type: q.type, at: q.at, learner, cohort: who.cohort, data: q.data }));
        }
        if (!envelopes.length) continue;
        await this.o.outbox.append(envelopes);
        for (const fn of this.listeners) fn(envelopes);
      } catch (e) {
        this.queue.unshift(...batch);
        this.log.error(`Could not write ${batch.length} event(s) to the outbox (${errorMessage(e)}); retrying in ${Math.round((this.o.retryMs ?? 5000) / 1000)} s.`);
        this.retryTimer = setTimeout(() => this.kick(), this.o.retryMs ?? 5000);
        this.retryTimer.unref?.();
        return;
      }
    }
  }
}

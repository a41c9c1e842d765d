import type { EventEnvelope } from './events';
import { otlpEncoder } from './otlp';

/** Version tag of the JSON batch body (`practicum.batch/v1`). */
export const BATCH_SCHEMA = 'practicum.batch/v1';

/** How batches are encoded: the team's JSON endpoint, or OTLP/HTTP JSON logs for an OpenTelemetry Collector. */
export type ExportFormat = 'json' | 'otlp';

/** Upper bounds of one batch: at most this many events and this many bytes of body. */
export interface BatchLimits {
  events: number;
  bytes: number;
}

export const DEFAULT_LIMITS: BatchLimits = { events: 100, bytes: 256 * 1024 };

/**
 * Encodes a batch as concatenated per-event fragments inside a fixed wrapper, so the size of a batch is
 * known exactly while it is assembled and the preview and the sender produce the same bytes.
 */
export interface BatchEncoder {
  /** One event as it appears in the body. */
  fragment(event: EventEnvelope): string;
  /** The whole body around the fragments. `sentAt` is an ISO time (always 24 characters). */
  wrap(fragments: readonly string[], sentAt: string): string;
}

const jsonEncoder: BatchEncoder = {
  fragment: (e) => JSON.stringify(e),
  wrap: (fragments, sentAt) => `{"schema":${JSON.stringify(BATCH_SCHEMA)},"sentAt":${JSON.stringify(sentAt)},"events":[${fragments.join(',')}]}`,
};

export function encoderFor(format: ExportFormat): BatchEncoder {
  return format === 'otlp' ? otlpEncoder : jsonEncoder;
}

const SAMPLE_SENT_AT = '2000-01-01T00:00:00.000Z';

/** Accumulates events into one batch within the limits, measuring the encoded body as it goes. */
export class BatchBuilder {
  readonly events: EventEnvelope[] = [];
  readonly fragments: string[] = [];
  private bytes: number;
  private readonly encoder: BatchEncoder;

  constructor(
    format: ExportFormat,
    private readonly limits: BatchLimits = DEFAULT_LIMITS,
  ) {
    this.encoder = encoderFor(format);
    this.bytes = Buffer.byteLength(this.encoder.wrap([], SAMPLE_SENT_AT));
  }

  get full(): boolean {
    return this.events.length >= this.limits.events;
  }

  /** Size of the body if it were encoded now. */
  get size(): number {
    return this.bytes;
  }

  /**
   * Adds `event` when it fits. Returns `added`, `full` (it fits in an empty batch but not this one), or
   * `too-large` (it can never fit, so it must be set aside rather than block the outbox).
   */
  add(event: EventEnvelope): 'added' | 'full' | 'too-large' {
    const fragment = this.encoder.fragment(event);
    const size = Buffer.byteLength(fragment);
    const empty = Buffer.byteLength(this.encoder.wrap([], SAMPLE_SENT_AT));
    if (empty + size > this.limits.bytes) return 'too-large';
    const extra = size + (this.events.length > 0 ? 1 : 0);
    if (this.full || this.bytes + extra > this.limits.bytes) return 'full';
    this.events.push(event);
    this.fragments.push(fragment);
    this.bytes += extra;
    return 'added';
  }
}

/** The exact body of a batch of `events` sent at `sentAt`. */
export function encodeBatch(events: readonly EventEnvelope[], format: ExportFormat, sentAt: string): string {
  const encoder = encoderFor(format);
  return encoder.wrap(events.map((e) => encoder.fragment(e)), sentAt);
}

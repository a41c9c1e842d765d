import type { BatchEncoder } from './batch';
import type { EventEnvelope } from './events';

/** An OTLP `AnyValue` in the protobuf JSON mapping (64-bit integers as strings). */
type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: Array<{ key: string; value: AnyValue }> } }
  | Record<string, never>;

function anyValue(v: unknown): AnyValue {
  if (v === null || v === undefined) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (typeof v === 'object') return { kvlistValue: { values: Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value: anyValue(value) })) } };
  return { stringValue: String(v) };
}

/** An OTLP JSON `AnyValue` back into a plain value (the inverse of `anyValue`); null when it holds none. */
export function fromAnyValue(v: unknown): unknown {
  if (!v || typeof v !== 'object') return null;
  const a = v as Record<string, unknown>;
  if ('stringValue' in a) return a.stringValue;
  if ('boolValue' in a) return a.boolValue;
  if ('intValue' in a) return Number(a.intValue);
  if ('doubleValue' in a) return Number(a.doubleValue);
  if ('arrayValue' in a) return ((a.arrayValue as { values?: unknown[] })?.values ?? []).map(fromAnyValue);
  if ('kvlistValue' in a) {
    const out: Record<string, unknown> = {};
    for (const kv of (a.kvlistValue as { values?: Array<{ key?: unknown; value?: unknown }> })?.values ?? []) if (typeof kv.key === 'string') out[kv.key] = fromAnyValue(kv.value);
    return out;
  }
  return null;
}

function attr(key: string, value: unknown): { key: string; value: AnyValue } {
  return { key, value: anyValue(value) };
}

function unixNano(iso: string): string {
  return (BigInt(Date.parse(iso)) * 1_000_000n).toString();
}

/**
 * OTLP/HTTP JSON logs (`POST /v1/logs`): one log record per event, the event's `data` as a structured
 * body, and the envelope fields as attributes (`event.name` = `practicum.<type>`, `log.record.uid` =
 * the event id), so an OpenTelemetry Collector can route and deduplicate them.
 */
export const otlpEncoder: BatchEncoder = {
  fragment(e: EventEnvelope): string {
    const attributes = [
      attr('event.name', `practicum.${e.type}`),
      attr('log.record.uid', e.id),
      attr('practicum.schema', e.schema),
      attr('practicum.learner', e.learner),
      ...(e.cohort === null ? [] : [attr('practicum.cohort', e.cohort)]),
    ];
    const t = unixNano(e.at);
    return JSON.stringify({
      timeUnixNano: t,
      observedTimeUnixNano: t,
      severityNumber: 9,
      severityText: 'INFO',
      body: anyValue(e.data),
      attributes,
    });
  },
  wrap(fragments, sentAt) {
    const resource = { attributes: [attr('service.name', 'practicum'), attr('practicum.batch.schema', 'practicum.batch/v1'), attr('practicum.batch.sent_at', sentAt)] };
    const head = JSON.stringify({ resource, scopeLogs: [{ scope: { name: 'practicum.export', version: '1' }, logRecords: [] }] });
    // Splice the fragments into the empty logRecords array, keeping the wrapper's exact bytes.
    const cut = head.lastIndexOf('[]');
    return `{"resourceLogs":[${head.slice(0, cut + 1)}${fragments.join(',')}${head.slice(cut + 1)}]}`;
  },
};

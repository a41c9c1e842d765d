/**
 * OTLP/HTTP JSON logs back into event envelopes: the inverse of the extension's `otlpEncoder`
 * (`src/core/export/otlp.ts`). A record that is not a Practicum event becomes a problem string.
 */
import { fromAnyValue } from '../export/otlp';

/** Each log record as an envelope candidate (validated later like any event), or why it is not one. */
export function envelopesFromOtlp(body: unknown): Array<{ value: unknown } | { problem: string }> {
  const out: Array<{ value: unknown } | { problem: string }> = [];
  const resourceLogs = (body as { resourceLogs?: unknown })?.resourceLogs;
  if (!Array.isArray(resourceLogs)) return out;
  for (const rl of resourceLogs) {
    for (const sl of (rl as { scopeLogs?: unknown[] })?.scopeLogs ?? []) {
      for (const rec of (sl as { logRecords?: unknown[] })?.logRecords ?? []) {
        const r = rec as { attributes?: Array<{ key?: string; value?: unknown }>; timeUnixNano?: unknown; body?: unknown };
        const attrs = new Map((r.attributes ?? []).map((a) => [a.key, fromAnyValue(a.value)]));
        const name = attrs.get('event.name');
        if (typeof name !== 'string' || !name.startsWith('practicum.')) {
          out.push({ problem: 'log record without a practicum.* event.name attribute' });
          continue;
        }
        let at: string | null = null;
        try {
          at = new Date(Number(BigInt(String(r.timeUnixNano)) / 1_000_000n)).toISOString();
        } catch {
          at = null;
        }
        out.push({
          value: {
            schema: attrs.get('practicum.schema'),
            id: attrs.get('log.record.uid'),
            type: name.slice('practicum.'.length),
            at,
            learner: attrs.get('practicum.learner'),
            cohort: attrs.get('practicum.cohort') ?? null,
            data: fromAnyValue(r.body),
          },
        });
      }
    }
  }
  return out;
}

/** Whether the body has the OTLP logs shape at all. */
export function isOtlpLogs(body: unknown): boolean {
  return Array.isArray((body as { resourceLogs?: unknown })?.resourceLogs);
}

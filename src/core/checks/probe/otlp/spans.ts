import { z } from 'zod';
import { fromAnyValue } from '../../../export/otlp';

/** One span as Practicum's OTLP receiver keeps it (from OTLP/HTTP JSON or protobuf). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer (0 unspecified). */
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
}

/** An OTLP AnyValue in the JSON mapping; only scalar values are kept (arrays and maps are dropped). */
const AnyValueSchema = z
  .object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
  })
  .passthrough();

const KeyValueSchema = z.object({ key: z.string(), value: AnyValueSchema.optional() }).passthrough();
const NanosSchema = z.union([z.string().regex(/^\d{1,20}$/), z.number().nonnegative()]);

const JsonSpanSchema = z
  .object({
    traceId: z.string().optional(),
    spanId: z.string().optional(),
    parentSpanId: z.string().optional(),
    name: z.string(),
    kind: z.union([z.number().int(), z.string()]).optional(),
    startTimeUnixNano: NanosSchema,
    endTimeUnixNano: NanosSchema,
    attributes: z.array(KeyValueSchema).optional(),
  })
  .passthrough();

/** `ExportTraceServiceRequest` in the OTLP/HTTP JSON mapping (the fields Practicum reads). */
export const OtlpTraceJsonSchema = z
  .object({
    resourceSpans: z.array(
      z.object({ scopeSpans: z.array(z.object({ spans: z.array(JsonSpanSchema).optional() }).passthrough()).optional() }).passthrough(),
    ),
  })
  .passthrough();

const KINDS: Record<string, number> = { SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5 };

/** Nanoseconds since the epoch (string or number) as milliseconds. */
export const nanosToMs = (n: string | number | bigint): number => (typeof n === 'bigint' ? Number(n / 1_000_000n) + Number(n % 1_000_000n) / 1e6 : typeof n === 'number' ? n / 1e6 : nanosToMs(BigInt(n)));

/** A scalar attribute value (arrays and maps are dropped: GenAI attributes Practicum reads are scalars). */
function scalar(v: unknown): string | number | boolean | undefined {
  const x = fromAnyValue(v);
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? x : undefined;
}

/** The spans of an OTLP/HTTP JSON export request; throws with the first problem when it is not one. */
export function spansFromJson(body: unknown): ReceivedSpan[] {
  const parsed = OtlpTraceJsonSchema.safeParse(body);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`not an OTLP trace export: ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}`);
  }
  const out: ReceivedSpan[] = [];
  for (const rs of parsed.data.resourceSpans) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const attributes: ReceivedSpan['attributes'] = {};
        for (const kv of s.attributes ?? []) {
          const v = scalar(kv.value);
          if (v !== undefined) attributes[kv.key] = v;
        }
        out.push({
          traceId: (s.traceId ?? '').toLowerCase(),
          spanId: (s.spanId ?? '').toLowerCase(),
          parentSpanId: (s.parentSpanId ?? '').toLowerCase(),
          name: s.name,
          kind: typeof s.kind === 'string' ? (KINDS[s.kind] ?? 0) : (s.kind ?? 0),
          startMs: nanosToMs(s.startTimeUnixNano),
          endMs: nanosToMs(s.endTimeUnixNano),
          attributes,
        });
      }
    }
  }
  return out;
}

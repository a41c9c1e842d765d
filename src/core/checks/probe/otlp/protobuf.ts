import { nanosToMs, type ReceivedSpan } from './spans';

/**
 * A decoder for the part of OTLP's protobuf `ExportTraceServiceRequest` Practicum reads (the SDKs'
 * default `http/protobuf` exporters send it), written against the wire format so that no protobuf
 * library is needed. Unknown fields are skipped; a truncated or malformed message throws.
 */

interface Field {
  no: number;
  wire: number;
  /** Varint (as bigint), fixed64/fixed32 (raw bytes), or the length-delimited bytes. */
  varint?: bigint;
  bytes?: Uint8Array;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  const take = (n: number): Uint8Array => {
    if (n < 0 || i + n > buf.length) throw new Error('truncated field');
    const out = buf.subarray(i, i + n);
    i += n;
    return out;
  };
  while (i < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (no === 0) throw new Error('field number 0');
    if (wire === 0) yield { no, wire, varint: varint() };
    else if (wire === 1) yield { no, wire, bytes: take(8) };
    else if (wire === 2) yield { no, wire, bytes: take(Number(varint())) };
    else if (wire === 5) yield { no, wire, bytes: take(4) };
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('utf8') : '');
const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : '');
const fixed64 = (b: Uint8Array | undefined): bigint => (b ? Buffer.from(b).readBigUInt64LE(0) : 0n);

/** AnyValue: string 1, bool 2, int 3, double 4 (arrays, maps and bytes are dropped). */
function anyValue(buf: Uint8Array): string | number | boolean | undefined {
  let v: string | number | boolean | undefined;
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === 2) v = text(f.bytes);
    else if (f.no === 2 && f.wire === 0) v = f.varint !== 0n;
    else if (f.no === 3 && f.wire === 0) v = Number(BigInt.asIntN(64, f.varint!));
    else if (f.no === 4 && f.wire === 1) v = Buffer.from(f.bytes!).readDoubleLE(0);
  }
  return v;
}

function span(buf: Uint8Array): ReceivedSpan {
  const s: ReceivedSpan = { traceId: '', spanId: '', parentSpanId: '', name: '', kind: 0, startMs: 0, endMs: 0, attributes: {} };
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === 2) s.traceId = hex(f.bytes);
    else if (f.no === 2 && f.wire === 2) s.spanId = hex(f.bytes);
    else if (f.no === 4 && f.wire === 2) s.parentSpanId = hex(f.bytes);
    else if (f.no === 5 && f.wire === 2) s.name = text(f.bytes);
    else if (f.no === 6 && f.wire === 0) s.kind = Number(f.varint);
    else if (f.no === 7 && f.wire === 1) s.startMs = nanosToMs(fixed64(f.bytes));
    else if (f.no === 8 && f.wire === 1) s.endMs = nanosToMs(fixed64(f.bytes));
    else if (f.no === 9 && f.wire === 2) {
      let key = '';
      let value: string | number | boolean | undefined;
      for (const kv of fields(f.bytes!)) {
        if (kv.no === 1 && kv.wire === 2) key = text(kv.bytes);
        else if (kv.no === 2 && kv.wire === 2) value = anyValue(kv.bytes!);
      }
      if (key && value !== undefined) s.attributes[key] = value;
    }
  }
  return s;
}

/** ExportTraceServiceRequest: resource_spans 1 → scope_spans 2 → spans 2. */
export function spansFromProtobuf(buf: Uint8Array): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of fields(buf)) {
    if (rs.no !== 1 || rs.wire !== 2) continue;
    for (const ss of fields(rs.bytes!)) {
      if (ss.no !== 2 || ss.wire !== 2) continue;
      for (const sp of fields(ss.bytes!)) if (sp.no === 2 && sp.wire === 2) out.push(span(sp.bytes!));
    }
  }
  return out;
}

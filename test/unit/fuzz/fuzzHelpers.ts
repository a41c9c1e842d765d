import fc from 'fast-check';

/**
 * Property-based fuzzing of every parser of outside data. Each property runs a modest number of
 * inputs so `npm test` stays fast; `FUZZ_RUNS=5000 npx mocha out/test/unit/fuzz` runs more (the
 * number replaces each property's default). The inputs tried per parser are counted and printed
 * after the fuzz suite, and written to `out/fuzz-report.json`.
 */
export function fuzzRuns(defaultRuns: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultRuns;
}

/** Inputs tried per parser in this process. */
export const inputsTried = new Map<string, number>();

/** Counts one input for `parser` and runs `fn` on it, failing when one call takes longer than `boundMs`. */
export function timed<T>(parser: string, boundMs: number, fn: () => T): T {
  inputsTried.set(parser, (inputsTried.get(parser) ?? 0) + 1);
  const started = performance.now();
  const out = fn();
  const took = performance.now() - started;
  if (took > boundMs) throw new Error(`${parser}: one input took ${Math.round(took)} ms (bound ${boundMs} ms)`);
  return out;
}

/** The async form of `timed`. */
export async function timedAsync<T>(parser: string, boundMs: number, fn: () => Promise<T>): Promise<T> {
  inputsTried.set(parser, (inputsTried.get(parser) ?? 0) + 1);
  const started = performance.now();
  const out = await fn();
  const took = performance.now() - started;
  if (took > boundMs) throw new Error(`${parser}: one input took ${Math.round(took)} ms (bound ${boundMs} ms)`);
  return out;
}

/** Characters that hurt parsers: quotes, braces, escapes, control and wide characters, catastrophic-regex bait. */
const nasty = fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '\n', '\r', '\t', '\0', '\x1b', '\u2028', '\ufeff', '\ud800', '😀', 'a', '!', '(', ')', '+', '*', '?', '.', '$', '^', '|', '0', '9', '-', 'e', ' ');

/** A text edit: where, how many characters to drop, what to insert. */
const edit = fc.record({ at: fc.nat(), drop: fc.nat({ max: 8 }), insert: fc.string({ unit: nasty, maxLength: 8 }) });

/** `valid` with a few random edits (cuts, insertions of nasty characters). */
export function mutatedText(valid: string): fc.Arbitrary<string> {
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let s = valid;
    for (const e of edits) {
      const at = s.length ? e.at % (s.length + 1) : 0;
      s = s.slice(0, at) + e.insert + s.slice(at + e.drop);
    }
    return s;
  });
}

/** `valid` (a JSON value) with one value somewhere inside replaced by a random JSON value. */
export function mutatedJson(valid: unknown): fc.Arbitrary<unknown> {
  return fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([pick, replacement]) => {
    const copy = JSON.parse(JSON.stringify(valid)) as unknown;
    const slots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach((x, i) => (slots.push({ parent: v, key: i }), walk(x)));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) slots.push({ parent: v as Record<string, unknown>, key: k }), walk(x);
    };
    walk(copy);
    if (slots.length === 0) return replacement;
    const slot = slots[pick % slots.length] as (typeof slots)[number];
    (slot.parent as Record<string | number, unknown>)[slot.key] = replacement;
    return copy;
  });
}

/** Any text a file could hold: random strings, random JSON, and mutations of a valid sample. */
export function outsideText(valid: unknown): fc.Arbitrary<string> {
  const text = JSON.stringify(valid);
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: nasty, maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    mutatedText(text),
    mutatedJson(valid).map((v) => JSON.stringify(v)),
  );
}

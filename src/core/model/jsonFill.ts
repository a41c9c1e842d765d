import type { JsonSchema } from './chat';
import { contentTerms, rawWords } from './text';

/**
 * Fills a JSON Schema from free text, deterministically: `key: value` pairs in the text first, then
 * per type — an enum value the text mentions, a number near the key's words, an email/date/URL for
 * those formats, a capitalised name for *name* keys, the sentence that best overlaps the key
 * otherwise. Every property is filled (strict schemas require all). `degraded` gives wrong values of
 * the right type (another enum value, numbers off by one, booleans flipped, empty strings).
 */
export function fillSchema(schema: JsonSchema, source: string, degraded = false): unknown {
  return fill(schema, '', source, { root: schema, degraded, depth: 0 });
}

interface Ctx {
  root: JsonSchema;
  degraded: boolean;
  depth: number;
}

function resolve(schema: JsonSchema, root: JsonSchema, depth = 0): JsonSchema {
  let s = schema;
  if (depth > 20) return {};
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
    const path = (s.$ref as string).replace(/^#\/?/, '').split('/').filter(Boolean);
    let cur: unknown = root;
    for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[decodeURIComponent(p)] : undefined;
    if (!cur || typeof cur !== 'object') return {};
    s = cur as JsonSchema;
  }
  const alt = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alt) && alt.length) {
    const nonNull = alt.map((a) => resolve(a, root, depth + 1)).find((a) => a.type !== 'null');
    return nonNull ?? resolve(alt[0]!, root, depth + 1);
  }
  if (Array.isArray(s.allOf) && s.allOf.length) return Object.assign({}, ...(s.allOf as JsonSchema[]).map((a) => resolve(a, root, depth + 1)), { ...s, allOf: undefined });
  return s;
}

function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.type)) return (s.type as string[]).find((t) => t !== 'null') ?? 'null';
  if (typeof s.type === 'string') return s.type;
  if (s.properties) return 'object';
  if (s.items) return 'array';
  if (Array.isArray(s.enum)) return typeof s.enum[0] === 'number' ? 'number' : 'string';
  return 'string';
}

function fill(raw: JsonSchema, key: string, source: string, ctx: Ctx): unknown {
  const s = resolve(raw, ctx.root);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return pickEnum(s.enum, key, source, ctx.degraded);
  const type = typeOf(s);
  if (ctx.depth > 6) return type === 'object' ? {} : type === 'array' ? [] : null;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(props)) out[k] = fill(p, k, source, { ...ctx, depth: ctx.depth + 1 });
      return out;
    }
    case 'array': {
      const items = (s.items ?? { type: 'string' }) as JsonSchema;
      const min = typeof s.minItems === 'number' ? s.minItems : 1;
      const max = typeof s.maxItems === 'number' ? s.maxItems : 5;
      const it = resolve(items, ctx.root);
      let out: unknown[];
      if (typeOf(it) === 'string' && !Array.isArray(it.enum)) {
        out = listItems(key, source).slice(0, max);
        if (ctx.degraded) out = out.slice(0, Math.max(min, 0)).map(() => '');
      } else out = [];
      while (out.length < Math.min(Math.max(min, 1), max)) out.push(fill(items, key, source, { ...ctx, depth: ctx.depth + 1 }));
      return out;
    }
    case 'integer':
    case 'number': {
      let n = numberFor(key, source) ?? 0;
      if (type === 'integer') n = Math.round(n);
      if (ctx.degraded) n = n + 1;
      if (typeof s.minimum === 'number') n = Math.max(n, s.minimum);
      if (typeof s.maximum === 'number') n = Math.min(n, s.maximum);
      return n;
    }
    case 'boolean': {
      const v = booleanFor(key, source);
      return ctx.degraded ? !v : v;
    }
    case 'null':
      return null;
    default: {
      if (ctx.degraded) return '';
      let v = stringFor(key, s, source);
      if (typeof s.maxLength === 'number') v = v.slice(0, s.maxLength);
      if (typeof s.minLength === 'number') v = v.padEnd(s.minLength, '.');
      return v;
    }
  }
}

function keyWords(key: string): string[] {
  return rawWords(key);
}

/** The value after "key:" / "key =" / "key is" in the text. */
function keyedValue(key: string, source: string): string | undefined {
  const words = keyWords(key);
  if (!words.length) return undefined;
  const re = new RegExp(`\\b${words.join('[\\s_-]*')}\\s*(?::|=|\\bis\\b)\\s*["']?([^"'\\n,;]+)`, 'i');
  const m = re.exec(source);
  return m?.[1]?.trim().replace(/[.]$/, '') || undefined;
}

function pickEnum(values: unknown[], key: string, source: string, degraded: boolean): unknown {
  const text = new Set(contentTerms(source));
  const keyed = keyedValue(key, source)?.toLowerCase();
  let best = 0;
  let bestScore = -1;
  values.forEach((v, i) => {
    const terms = contentTerms(String(v));
    let score = terms.filter((t) => text.has(t)).length / Math.max(terms.length, 1);
    if (keyed !== undefined && keyed === String(v).toLowerCase()) score += 2;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return values[degraded ? (best + 1) % values.length : best];
}

function numberFor(key: string, source: string): number | undefined {
  const keyed = keyedValue(key, source);
  const fromKey = keyed !== undefined ? /-?\d+(?:\.\d+)?/.exec(keyed) : null;
  if (fromKey) return Number(fromKey[0]);
  const words = keyWords(key).filter((w) => w.length > 2);
  for (const w of words) {
    const near = new RegExp(`(-?\\d+(?:\\.\\d+)?)\\s*(?:\\w+\\s+)?${w}|${w}\\w*\\s+(?:of\\s+|is\\s+|at\\s+)?(-?\\d+(?:\\.\\d+)?)`, 'i').exec(source);
    if (near) return Number(near[1] ?? near[2]);
  }
  const any = /-?\d+(?:\.\d+)?/.exec(source);
  return any ? Number(any[0]) : undefined;
}

function booleanFor(key: string, source: string): boolean {
  const keyed = keyedValue(key, source)?.toLowerCase();
  if (keyed !== undefined) return /^(?:true|yes|y|1)\b/.test(keyed);
  const words = keyWords(key).filter((w) => !['is', 'has', 'should', 'needs', 'can'].includes(w));
  const terms = new Set(contentTerms(source));
  return words.length > 0 && words.every((w) => terms.has(contentTerms(w)[0] ?? w));
}

function sentences(source: string): string[] {
  return source
    .split(/(?<=[.!?])\s+|\n+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function stringFor(key: string, s: JsonSchema, source: string): string {
  const keyed = keyedValue(key, source);
  if (keyed) return keyed;
  const k = key.toLowerCase();
  const format = typeof s.format === 'string' ? s.format : '';
  if (format === 'email' || /e-?mail/.test(k)) {
    const m = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(source);
    if (m) return m[0];
  }
  if (format === 'date' || format === 'date-time' || /date|when|deadline/.test(k)) {
    const m = /\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?/.exec(source);
    if (m) return m[0];
  }
  if (format === 'uri' || format === 'url' || /url|link/.test(k)) {
    const m = /https?:\/\/[^\s)"'<>]+/.exec(source);
    if (m) return m[0];
  }
  if (/name$/.test(k)) {
    const m = /\b(?:I am|I'm|my name is|from|by|name:?)\s+([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)*)/u.exec(source) ?? /\b([A-Z][\p{L}'-]+\s+[A-Z][\p{L}'-]+)\b/u.exec(source);
    if (m) return m[1]!;
  }
  if (/name$|city|country|location|place|town|company|product|person|customer/.test(k)) {
    const proper = properNouns(source);
    if (proper[0]) return proper[0];
  }
  const want = new Set([...contentTerms(key), ...contentTerms(typeof s.description === 'string' ? s.description : '')]);
  const all = sentences(source);
  let best = all[0] ?? '';
  let bestScore = 0;
  for (const sen of all) {
    const score = contentTerms(sen).filter((t) => want.has(t)).length;
    if (score > bestScore) {
      best = sen;
      bestScore = score;
    }
  }
  return best.slice(0, 500);
}

/** Capitalised words and runs of them that do not start a sentence ("in Oslo" → Oslo). */
function properNouns(source: string): string[] {
  return [...source.matchAll(/(?<![.!?]\s|^)(?<=\s|\()([A-Z][\p{L}'-]*(?:\s+[A-Z][\p{L}'-]*)*)/gu)].map((m) => m[1]!).filter((w) => w !== 'I');
}

/** Bullet items, or the comma-separated list after "key:", or the text's content words as a last resort. */
function listItems(key: string, source: string): string[] {
  const keyed = keyWords(key).length ? new RegExp(`\\b${keyWords(key).join('[\\s_-]*')}\\s*[:=]\\s*([^\\n]+)`, 'i').exec(source) : null;
  if (keyed) return keyed[1]!.split(/\s*[,;]\s*/).map((x) => x.trim().replace(/[.]$/, '')).filter(Boolean);
  const bullets = [...source.matchAll(/^\s*(?:[-*•]|\d+[.)])\s+(.+)$/gm)].map((m) => m[1]!.trim());
  if (bullets.length) return bullets;
  return [...new Set(contentTerms(source))].slice(0, 3);
}

/** A schema found in free text: a JSON Schema object, or an example object whose values give the types. */
export function schemaInText(text: string): JsonSchema | undefined {
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
    const end = matchingBrace(text, i);
    if (end < 0) continue;
    let v: unknown;
    try {
      v = JSON.parse(text.slice(i, end + 1));
    } catch {
      continue;
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const o = v as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') return o;
    return exampleSchema(o);
  }
  return undefined;
}

function exampleSchema(v: unknown): JsonSchema {
  if (Array.isArray(v)) return { type: 'array', items: v.length ? exampleSchema(v[0]) : { type: 'string' } };
  if (v && typeof v === 'object') return { type: 'object', properties: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, exampleSchema(x)])) };
  if (typeof v === 'number') return { type: 'number' };
  if (typeof v === 'boolean') return { type: 'boolean' };
  return { type: 'string' };
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

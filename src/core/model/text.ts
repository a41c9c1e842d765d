/** Word-level text helpers shared by the answerer, the JSON filler, tool choice and embeddings. */

const STOPWORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be been being am do does did ' +
    'done have has had having i me my we our you your he she it its they them their this that these those there here what which who whom whose ' +
    'when where why how can could should would will shall may might must not no nor so than too very just also any all some each every ' +
    'please tell give show explain describe find get let us use using per via up down out only own same other such more most much many ' +
    'according context question answer based'
  ).split(' '),
);

/** Lower-case words (letters/digits runs), camelCase and snake_case split. */
export function rawWords(text: string): string[] {
  const ascii = !/[^\x00-\x7f]/.test(text);
  const spaced = ascii ? (/[a-z0-9][A-Z]/.test(text) ? text.replace(/([a-z0-9])([A-Z])/g, '$1 $2') : text) : text.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2');
  return (ascii ? spaced.toLowerCase().match(/[a-z0-9]+/g) : spaced.toLowerCase().match(/[\p{L}\p{N}]+/gu)) ?? [];
}

/** A crude English stem so "refunds", "refunded" and "refund" meet. */
export function stem(w: string): string {
  if (w.length <= 3 || /^\d+$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  for (const suf of ['ing', 'ed', 'es', 's']) {
    if (w.endsWith(suf) && w.length - suf.length >= 3 && !(suf === 's' && w.endsWith('ss'))) return w.slice(0, -suf.length);
  }
  return w;
}

export function isStopword(w: string): boolean {
  return STOPWORDS.has(w);
}

/** Stems of the content words of a text, in order (repeats kept). */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of rawWords(text)) {
    const t = termOf(w);
    if (t) out.push(t);
  }
  return out;
}

/** The stem of a lower-case word, '' for a stopword. */
function termOf(w: string): string {
  let t = TERM_CACHE.get(w);
  if (t === undefined) {
    t = STOPWORDS.has(w) ? '' : stem(w);
    if (TERM_CACHE.size > 100_000) TERM_CACHE.clear();
    TERM_CACHE.set(w, t);
  }
  return t;
}
/** word → stem ('' for a stopword); words repeat across requests, so this saves most of the work. */
const TERM_CACHE = new Map<string, string>();

export function termSet(text: string): Set<string> {
  return new Set(contentTerms(text));
}

/**
 * Which of `terms` (stems) occur in `text`, the same as `contentTerms(text)` would find them, but
 * scanning only the words that start like one of the terms (one native regex pass per text).
 */
export function termsPresent(text: string, terms: readonly string[]): Set<string> {
  return termFinder(terms)(text);
}

/** termsPresent with the matcher built once, for many texts. */
export function termFinder(terms: readonly string[]): (text: string) => Set<string> {
  const want = new Set(terms);
  const slow = (text: string) => new Set(contentTerms(text).filter((t) => want.has(t)));
  if (!terms.length) return () => new Set();
  if (terms.some((t) => !/^[a-z0-9]+$/.test(t))) return slow;
  const prefixes = [...new Set(terms.map((t) => (t.endsWith('y') && t.length > 1 ? t.slice(0, -1) : t)))];
  const re = new RegExp(`(?<![a-z0-9])(?:${prefixes.join('|')})[a-z0-9]*`, 'g');
  return (text) => {
    if (/[^\x00-\x7f]/.test(text)) return slow(text);
    const lower = (/[a-z0-9][A-Z]/.test(text) ? text.replace(/([a-z0-9])([A-Z])/g, '$1 $2') : text).toLowerCase();
    const found = new Set<string>();
    for (const m of lower.matchAll(re)) {
      const t = termOf(m[0]);
      if (want.has(t)) found.add(t);
    }
    return found;
  };
}

/** A label at the start of a line: `[doc-3]` or `path/to/file.ext:10-20`. */
export const LABEL_AT_START = /^\s*(?:[-*]\s*)?(?:\[[A-Za-z0-9_.:#/@-]{1,80}\]|[\w.@/-]*\.[A-Za-z0-9]+:\d+)/;
const BRACKET_LABEL = /\[[A-Za-z0-9_.:#/@-]{1,80}\]/g;
const LINE_RANGE = /:(\d+)(?:-\d+)?/g;
const PATH_CHAR = /[\w.@/-]/;

/** Where the labels of a text are: `[doc-3]`-style ids and `path/to/file.ext:10-20` ranges (found from each ":digits", walking back over the path). */
function labelSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(BRACKET_LABEL)) spans.push([m.index, m.index + m[0].length]);
  if (text.includes(':')) {
    for (const m of text.matchAll(LINE_RANGE)) {
      let s = m.index;
      while (s > 0 && m.index - s < 300 && PATH_CHAR.test(text[s - 1]!)) s--;
      if (/\.[A-Za-z0-9]+$/.test(text.slice(s, m.index)) && !spans.some(([a, b]) => m.index >= a && m.index < b)) spans.push([s, m.index + m[0].length]);
    }
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

export function labelsOf(text: string): string[] {
  return splitLabels(text).labels;
}

/** The labels of a text, and the text without them (for scoring: labels would count as words otherwise). */
export function splitLabels(text: string): { labels: string[]; rest: string } {
  const spans = labelSpans(text);
  if (!spans.length) return { labels: [], rest: text };
  let rest = '';
  let at = 0;
  for (const [a, b] of spans) {
    rest += text.slice(at, a) + ' ';
    at = b;
  }
  return { labels: [...new Set(spans.map(([a, b]) => text.slice(a, b)))], rest: rest + text.slice(at) };
}

/** Tokens in a text that look like secrets: canaries, API keys, and values after "secret:" / "password:" / "api key:". */
export function secretsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/CANARY-[A-Z0-9]{6,}|sk-[A-Za-z0-9_-]{10,}/g)) out.push(m[0]);
  for (const m of text.matchAll(/\b(?:secret|password|api[ _-]?key)\s*[:=]\s*["']?([^\s"',;]+)/gi)) if (m[1]) out.push(m[1]);
  return [...new Set(out)];
}

/** Replaces every secret-looking token with [redacted]. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of secretsIn(text)) out = out.split(s).join('[redacted]');
  return out;
}

/** FNV-1a 32-bit hash. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

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
  const spaced = text.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2');
  return spaced.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
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
  return rawWords(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}

export function termSet(text: string): Set<string> {
  return new Set(contentTerms(text));
}

/** Labels a passage carries: `[doc-3]`-style ids and `path/to/file.ext:10-20` ranges. */
export const LABEL_RE = /\[[A-Za-z0-9_.:#/@-]{1,80}\]|(?:[\w.@-]+\/)*[\w@-][\w.@-]*\.[A-Za-z0-9]+:\d+(?:-\d+)?/g;

export function labelsOf(text: string): string[] {
  return [...new Set(text.match(LABEL_RE) ?? [])];
}

/** Text with its labels removed, for scoring (labels would count as words otherwise). */
export function withoutLabels(text: string): string {
  return text.replace(LABEL_RE, ' ');
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

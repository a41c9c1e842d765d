import type { SourceKind } from './sdkPatterns';

/**
 * Model APIs called over plain HTTP (no SDK import): an added source line whose STRING LITERAL holds
 * one of these endpoints builds AI as much as an import does. Signal: `http:<id>(+path)`.
 * Hosted vendors are known by URL host (`https://api.openai.com`: a base URL is enough, a bare host
 * name compared in code is not); local and compatible servers by path.
 * First match wins, so a vendor's host names the vendor even on a `/v1/…` path.
 */
const endpoints: Array<{ id: string; keyword: string; re: RegExp }> = [
  { id: 'openai', keyword: 'api.openai.com', re: /\bhttps?:\/\/api\.openai\.com\b/i },
  { id: 'anthropic', keyword: 'api.anthropic.com', re: /\bhttps?:\/\/api\.anthropic\.com\b/i },
  { id: 'gemini', keyword: 'generativelanguage.googleapis.com', re: /\bhttps?:\/\/generativelanguage\.googleapis\.com\b/i },
  { id: 'mistral', keyword: 'api.mistral.ai', re: /\bhttps?:\/\/api\.mistral\.ai\b/i },
  { id: 'cohere', keyword: 'api.cohere.', re: /\bhttps?:\/\/api\.cohere\.(?:ai|com)\b/i },
  { id: 'azure-openai', keyword: '.azure.com', re: /\bhttps?:\/\/[^\s"'`/]*\.(?:openai\.azure\.com\b|cognitiveservices\.azure\.com\/openai\/)/i },
  { id: 'ollama', keyword: ':11434/api/', re: /:11434\/api\/(?:chat|generate|embed|embeddings)\b/ },
  { id: 'openai-compatible', keyword: '/v1/', re: /\/v1\/(?:chat\/completions|completions|embeddings|messages|responses)\b/ },
];

const keywords = endpoints.map((e) => e.keyword);

/**
 * Whether position `at` of `line` is inside a string literal: quotes are tracked from the line's
 * start, and a comment (`#` in Python, `//` elsewhere) ends the code. Lines that open with a
 * comment or a docstring are documentation, never code.
 */
export function inStringLiteral(line: string, at: number, kind: SourceKind): boolean {
  const t = line.trimStart();
  if (t.startsWith('//') || t.startsWith('/*') || t.startsWith('*') || t.startsWith('#') || t.startsWith('"""') || t.startsWith("'''")) return false;
  let quote = '';
  for (let i = 0; i < at; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (kind === 'python' ? c === '#' : c === '/' && line[i + 1] === '/') return false;
  }
  return quote !== '';
}

/** The model API a source line calls in a string literal (`openai`, `ollama`…), if any. */
export function modelEndpoint(line: string, kind: SourceKind): string | undefined {
  if (!keywords.some((k) => line.includes(k))) return undefined;
  for (const e of endpoints) {
    const m = e.re.exec(line);
    if (m && inStringLiteral(line, m.index, kind)) return e.id;
  }
  return undefined;
}

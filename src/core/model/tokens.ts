/**
 * The one token counting rule of the local model server, used for every surface's `usage`.
 *
 * Rule: split the text into runs of letters and digits ("words") and single other non-space
 * characters (punctuation, symbols). A word counts ceil(length / 4) tokens (so "a" and "tool" are 1,
 * "tokenizer" is 3); every other non-space character counts 1. Whitespace counts nothing.
 * A request's prompt tokens are the sum over every text it carries to the model: system prompt or
 * instructions, each message's text parts, tool results, and each offered tool's name, description
 * and JSON parameters schema. Completion tokens count the reply's text, or each tool call's name and
 * JSON arguments. Embedding requests count their inputs as prompt tokens and no completion tokens.
 */
export function countTokens(text: string): number {
  if (/[^\x00-\x7f]/.test(text)) return countUnicode(text);
  let n = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) run++;
    else {
      if (run) n += Math.ceil(run / 4);
      run = 0;
      if (c > 32 && c !== 127) n++;
    }
  }
  return run ? n + Math.ceil(run / 4) : n;
}

/** The same rule for text with non-ASCII letters (counted per code point). */
function countUnicode(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)) {
    const s = m[0];
    n += /^[\p{L}\p{N}]/u.test(s) ? Math.ceil([...s].length / 4) : 1;
  }
  return n;
}

/** Sum of countTokens over several texts. */
export function countAll(texts: Iterable<string>): number {
  let n = 0;
  for (const t of texts) n += countTokens(t);
  return n;
}

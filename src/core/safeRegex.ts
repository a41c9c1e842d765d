import { RE2JS } from 're2js';

/**
 * Regular expressions that come from outside Practicum — a repository's `.practicum/ai-rules.json`,
 * a team catalog's `diff` `pattern` and `command` `outputPattern`, globs — run on RE2 semantics
 * (re2js, a pure-JavaScript port of RE2): matching takes time linear in the input whatever the
 * pattern, so `^(a+)+$` on `aaaa…!` answers at once instead of backtracking for minutes.
 * RE2 has no backreferences (`\1`), lookahead or lookbehind (`(?=`, `(?!`, `(?<=`, `(?<!`);
 * such a pattern is refused with a message naming what to change.
 *
 * Patterns written by Practicum itself (built-in parsers, the SDK import templates) may keep
 * native RegExp: they are reviewed here and need lookahead in places.
 */

/** A compiled pattern: what callers need of a RegExp, and nothing that could backtrack. */
export interface Pattern {
  /** The pattern as written. */
  readonly source: string;
  /** Whether the pattern matches anywhere in `text` (like RegExp.prototype.test, without state). */
  test(text: string): boolean;
}

/** Flags as in a RegExp literal; only `i` (case-insensitive) and `m` (`^`/`$` at line ends) exist. */
export type PatternFlags = '' | 'i' | 'm' | 'im';

/** A pattern the engine cannot compile; `reason` is the one-line explanation without the pattern. */
export class PatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`/${pattern}/: ${reason}`);
    this.name = 'PatternError';
  }
}

/** Compiles an outside pattern for linear-time matching; throws PatternError naming the problem. */
export function compilePattern(source: string, flags: PatternFlags = ''): Pattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(toRe2Syntax(source), (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('m') ? RE2JS.MULTILINE : 0));
  } catch (e) {
    throw new PatternError(source, explain(source, e));
  }
  return { source, test: (text) => re.test(text) };
}

/** Why `source` cannot be used as an outside pattern, or undefined when it can (for validators). */
export function patternProblem(source: string): string | undefined {
  try {
    compilePattern(source);
    return undefined;
  } catch (e) {
    return (e as PatternError).reason;
  }
}

/** JavaScript's `\uXXXX` and `\u{X…}` escapes as RE2's `\x{…}`; everything else is left as written. */
function toRe2Syntax(source: string): string {
  if (!source.includes('\\u')) return source;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const rest = source.slice(i + 1);
    const m = /^u(?:([0-9A-Fa-f]{4})|\{([0-9A-Fa-f]{1,6})\})/.exec(rest);
    if (m) {
      out += `\\x{${m[1] ?? m[2]}}`;
      i += m[0].length;
    } else {
      out += c + (source[i + 1] ?? '');
      i++;
    }
  }
  return out;
}

/** The engine's message, preceded by what to do when the syntax is valid JavaScript but not RE2. */
function explain(source: string, e: unknown): string {
  const detail = String((e as Error).message ?? e).replace(/^error parsing regexp: /, '');
  const unsupported: Array<[RegExp, string]> = [
    [/\\[1-9]|\\k</, 'a backreference (\\1, \\k<name>)'],
    [/\(\?<?[=!]/, 'lookahead or lookbehind ((?=, (?!, (?<=, (?<!)'],
  ];
  const hit = unsupported.find(([re]) => re.test(source));
  if (hit && jsCompiles(source)) {
    return `uses ${hit[1]}, which the linear-time pattern engine (RE2 syntax) does not support; rewrite the pattern without it (${detail})`;
  }
  if (jsCompiles(source)) return `uses syntax the linear-time pattern engine (RE2 syntax) does not support: ${detail}; rewrite that part`;
  return `not a valid regular expression: ${detail}`;
}

function jsCompiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

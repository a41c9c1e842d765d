import { compilePattern, PatternError, type Pattern } from './safeRegex';

/**
 * Globs over repository-relative, `/`-separated paths, as exercise checks and AI rules use them:
 * `*` and `?` stay within a folder, `**` spans folders (`a/**` is everything below `a`, `**\/x` is
 * `x` in any folder), `{a,b}` alternates (nestable), `[abc]`/`[!abc]` are character classes.
 * A glob without `/` matches the file name in any folder, as in `.gitignore`; a leading `/` (or
 * `./`) anchors it at the repository root. Dot files match.
 * Alternatives are expanded first and each is read by these rules on its own, as if written
 * separately: `{**\/x,y}` is `**\/x` or `y` (so `x` at the root and `y` in any folder match).
 * The translation runs on the linear-time engine (safeRegex), so a glob such as `**a**a**a…b`, which
 * a backtracking matcher takes seconds over, costs the same as any other.
 */
export function globToRegExp(glob: string): Pattern {
  const alternatives = expandBraces(glob.trim()).map((alt) => {
    // A `/` anywhere, a leading one included (`/Makefile`), anchors at the repository root.
    const anchored = alt.includes('/');
    const g = alt.startsWith('./') ? alt.slice(2) : alt.startsWith('/') ? alt.slice(1) : alt;
    const body = translate(g, glob);
    return anchored ? body : `(?:.*/)?${body}`;
  });
  try {
    return compilePattern(`^(?:${[...new Set(alternatives)].join('|')})$`);
  } catch (e) {
    throw new Error(`glob "${glob}" cannot be read: ${e instanceof PatternError ? e.reason : (e as Error).message}`);
  }
}

/** Whether `file` (repository-relative) matches `glob`. */
export function matchesGlob(file: string, glob: string | Pattern): boolean {
  const re = typeof glob === 'string' ? globToRegExp(glob) : glob;
  return re.test(file.split('\\').join('/'));
}

/** More alternatives than this is a mistake in the glob, not a real need. */
const maxAlternatives = 256;

/** `a{b,c{d,e}}` → `ab`, `acd`, `ace`; escapes and `[...]` classes are left as they are. */
function expandBraces(g: string): string[] {
  const open = nextSpecial(g, 0, (c) => c === '{');
  if (open < 0) return [g];
  const commas: number[] = [];
  let depth = 0;
  let close = -1;
  for (let i = open; i >= 0; i = nextSpecial(g, i + 1, (c) => c === '{' || c === '}' || c === ',')) {
    const c = g[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new Error(`unclosed "{" in glob "${g}"`);
  const bounds = [open, ...commas, close];
  const prefix = g.slice(0, open);
  const suffix = g.slice(close + 1);
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const alt of expandBraces(prefix + g.slice((bounds[k] as number) + 1, bounds[k + 1]) + suffix)) {
      out.push(alt);
      if (out.length > maxAlternatives) throw new Error(`more than ${maxAlternatives} alternatives in glob "${g}"; use fewer {a,b} groups`);
    }
  }
  return out;
}

/** The index of the next character from `from` that `is` picks, skipping escaped characters and `[...]` classes; -1 if none. */
function nextSpecial(g: string, from: number, is: (c: string) => boolean): number {
  for (let i = from; i < g.length; i++) {
    const c = g[i] as string;
    if (c === '\\') i++;
    else if (c === '[') {
      const close = g.indexOf(']', i + 2);
      if (close < 0) throw new Error(`unclosed "[" in glob "${g}"`);
      i = close;
    } else if (is(c)) return i;
  }
  return -1;
}

/** One alternative (no braces left) as a regular expression body; `glob` is the whole glob, for messages. */
function translate(g: string, glob: string): string {
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const next = g[i + 2];
        i++;
        if (atStart && next === '/') {
          out += '(?:.*/)?';
          i++;
        } else if (atStart && next === undefined) {
          out = out.endsWith('/') ? `${out.slice(0, -1)}(?:/.*)?` : `${out}.*`;
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = g.indexOf(']', i + 2);
      if (close < 0) throw new Error(`unclosed "[" in glob "${glob}"`);
      let cls = g.slice(i + 1, close);
      if (cls.startsWith('!')) cls = '^' + cls.slice(1);
      out += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '\\' && i + 1 < g.length) {
      out += escape(g[++i] as string);
    } else out += escape(c);
  }
  return out;
}

function escape(c: string): string {
  return /[.+^$()|[\]\\{}*?]/.test(c) ? `\\${c}` : c;
}

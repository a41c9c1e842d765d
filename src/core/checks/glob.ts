/**
 * Globs over repository-relative, `/`-separated paths, as exercise checks use them:
 * `*` and `?` stay within a folder, `**` spans folders (`a/**` is everything below `a`, `**\/x` is
 * `x` in any folder), `{a,b}` alternates (nestable), `[abc]`/`[!abc]` are character classes.
 * A glob without `/` matches the file name in any folder, as in `.gitignore`. Dot files match.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim();
  if (g.startsWith('./')) g = g.slice(2);
  else if (g.startsWith('/')) g = g.slice(1);
  const body = translate(g);
  return new RegExp(g.includes('/') ? `^${body}$` : `^(?:.*/)?${body}$`);
}

/** Whether `file` (repository-relative) matches `glob`. */
export function matchesGlob(file: string, glob: string | RegExp): boolean {
  const re = typeof glob === 'string' ? globToRegExp(glob) : glob;
  return re.test(file.split('\\').join('/'));
}

function translate(g: string): string {
  let out = '';
  let depth = 0;
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
    else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else if (c === '[') {
      const close = g.indexOf(']', i + 2);
      if (close < 0) throw new Error(`unclosed "[" in glob "${g}"`);
      let cls = g.slice(i + 1, close);
      if (cls.startsWith('!')) cls = '^' + cls.slice(1);
      out += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '\\' && i + 1 < g.length) {
      out += escape(g[++i] as string);
    } else out += escape(c);
  }
  if (depth > 0) throw new Error(`unclosed "{" in glob "${g}"`);
  return out;
}

function escape(c: string): string {
  return /[.+^$()|[\]\\{}*?]/.test(c) ? `\\${c}` : c;
}

/** One trailer of a commit message, read the way `git log --format=%(trailers:only,unfold)` reads it. */
export interface Trailer {
  /** Key in lower case (git compares keys case-insensitively). */
  key: string;
  /** Value with continuation lines folded into single spaces, trimmed. */
  value: string;
}

// Lines git itself writes; one of them lets a block with some prose still count as trailers.
const gitGeneratedPrefixes = ['Signed-off-by: ', '(cherry picked from commit '];
const cutLine = '# ------------------------ >8 ------------------------\n';

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
const isAlnum = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

function isBlank(line: string): boolean {
  for (const c of line) if (!isSpace(c)) return false;
  return true;
}

/** Position of the `:` that makes `line` a `Key: value` line, or -1 (git's find_separator). */
function separatorAt(line: string): number {
  let whitespace = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ':') return i;
    if (!whitespace && (isAlnum(c) || c === '-')) continue;
    if (i > 0 && (c === ' ' || c === '\t')) {
      whitespace = true;
      continue;
    }
    return -1;
  }
  return -1;
}

/** Length of the message once trailing comments, blank lines, an old "Conflicts:" block and a scissors cut are ignored. */
function endOfLog(msg: string): number {
  const cut = msg.startsWith(cutLine) ? 0 : msg.indexOf('\n' + cutLine);
  const cutoff = cut < 0 ? msg.length : cut === 0 ? 0 : cut + 1;
  let boc = -1;
  let inConflicts = false;
  for (let bol = 0; bol < cutoff; ) {
    const nl = msg.indexOf('\n', bol);
    const next = nl < 0 ? msg.length : nl + 1;
    const c = msg[bol];
    if (c === '#' || c === '\n') {
      if (boc < 0) boc = bol;
    } else if (msg.startsWith('Conflicts:\n', bol)) {
      inConflicts = true;
      if (boc < 0) boc = bol;
    } else if (inConflicts && c === '\t') {
      // a path inside the old conflicts block
    } else if (boc >= 0) {
      boc = -1;
      inConflicts = false;
    }
    bol = next;
  }
  return boc >= 0 ? boc : cutoff;
}

/** Splits text into lines that keep their `\n`, so offsets line up with git's. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < text.length; ) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push(text.slice(i, end));
    i = end;
  }
  return lines;
}

/** Index of the first trailer line in `lines`, or `lines.length` when the message has no trailer block. */
function trailerStart(lines: string[]): number {
  let endOfTitle = 0;
  while (endOfTitle < lines.length) {
    const l = lines[endOfTitle] as string;
    if (l[0] !== '#' && isBlank(l)) break;
    endOfTitle++;
  }
  let onlySpaces = true;
  let recognized = false;
  let trailerLines = 0;
  let nonTrailerLines = 0;
  let continuation = 0;
  for (let i = lines.length - 1; i >= endOfTitle; i--) {
    const line = lines[i] as string;
    if (line[0] === '#') {
      nonTrailerLines += continuation;
      continuation = 0;
      continue;
    }
    if (isBlank(line)) {
      if (onlySpaces) continue;
      nonTrailerLines += continuation;
      if (recognized && trailerLines * 3 >= nonTrailerLines) return i + 1;
      if (trailerLines > 0 && nonTrailerLines === 0) return i + 1;
      return lines.length;
    }
    onlySpaces = false;
    if (gitGeneratedPrefixes.some((p) => line.startsWith(p))) {
      trailerLines++;
      continuation = 0;
      recognized = true;
    } else if (separatorAt(line) >= 1 && !isSpace(line[0])) {
      trailerLines++;
      continuation = 0;
    } else if (isSpace(line[0])) {
      continuation++;
    } else {
      nonTrailerLines += 1 + continuation;
      continuation = 0;
    }
  }
  return lines.length;
}

/**
 * The trailers of a commit message, as git reads them: only the final paragraph counts, and only if
 * it is all `Key: value` lines (or holds a git-written trailer such as Signed-off-by and at least a
 * quarter trailers); the subject paragraph never does; keys compare case-insensitively; indented
 * lines continue the previous value. A `Co-authored-by:` line inside a body paragraph is prose.
 */
export function parseTrailers(message: string): Trailer[] {
  // Fast path: most messages have no second paragraph, so no trailer block.
  if (message.indexOf('\n') < 0 || message.indexOf(':') < 0) return [];
  const lines = splitLines(message.slice(0, endOfLog(message)));
  const start = trailerStart(lines);
  const items: string[] = [];
  let lastIsTrailer = false;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (lastIsTrailer && isSpace(line[0])) {
      items[items.length - 1] += line;
      continue;
    }
    items.push(line);
    lastIsTrailer = separatorAt(line) >= 1;
  }
  const out: Trailer[] = [];
  for (const item of items) {
    const sep = separatorAt(item);
    if (sep < 1) continue;
    const key = item.slice(0, sep).trim().toLowerCase();
    out.push({ key, value: unfold(item.slice(sep + 1)) });
  }
  return out;
}

function unfold(value: string): string {
  return value.replace(/\n[ \t\n\r\v\f]*/g, ' ').trim();
}

/** `Name <email>` split into its parts; email lower-cased (an identity, not a display string). */
export function parseIdent(value: string): { name: string; email: string } {
  const m = /^(.*?)\s*<([^<>]*)>\s*$/.exec(value);
  if (!m) return { name: value.trim(), email: '' };
  return { name: (m[1] ?? '').trim(), email: (m[2] ?? '').trim().toLowerCase() };
}

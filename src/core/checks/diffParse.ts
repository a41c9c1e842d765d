/** One line added on a branch: repository-relative file, 1-based line in the new version, text. */
export interface AddedLine {
  file: string;
  line: number;
  text: string;
}

/**
 * Reads the added lines out of `git diff -U0 --src-prefix=a/ --dst-prefix=b/` output. Header lines
 * (`+++ b/file`) are told apart from added lines that happen to start with `++` by tracking whether
 * we are inside a hunk; removed and context lines never count.
 */
export function parseAddedLines(patch: string): AddedLine[] {
  const out: AddedLine[] = [];
  let file: string | undefined;
  let inHunk = false;
  let next = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      file = undefined;
      inHunk = false;
    } else if (!inHunk && line.startsWith('+++ ')) {
      file = unquotePath(line.slice(4));
    } else if (line.startsWith('@@ ')) {
      inHunk = true;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(line);
      next = m ? Number(m[1]) : 0;
    } else if (inHunk && file !== undefined) {
      if (line.startsWith('+')) out.push({ file, line: next++, text: line.slice(1).replace(/\r$/, '') });
      else if (line.startsWith(' ')) next++;
    }
  }
  return out;
}

/** `b/src/a.ts` or `"b/odd\tname"` -> `src/a.ts`; `/dev/null` (a deletion) -> undefined. */
function unquotePath(raw: string): string | undefined {
  let p = raw.replace(/\t$/, '');
  if (p === '/dev/null') return undefined;
  if (p.startsWith('"') && p.endsWith('"')) p = unescapeC(p.slice(1, -1));
  return p.startsWith('b/') ? p.slice(2) : p;
}

/** Git's C-style quoting: `\t`, `\"`, `\\` and octal bytes of UTF-8. */
function unescapeC(s: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = s[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

import { unquotePath } from '../git/historyReader';

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
      file = newSidePath(line.slice(4));
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
function newSidePath(raw: string): string | undefined {
  let p = raw.replace(/\t$/, '');
  if (p === '/dev/null') return undefined;
  p = unquotePath(p);
  return p.startsWith('b/') ? p.slice(2) : p;
}

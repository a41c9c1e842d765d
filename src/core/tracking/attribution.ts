import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * The branch checked out in the repository containing `dir`, read from its HEAD file (null when
 * detached or not in a repository). Reads one small file instead of spawning git, so it is cheap
 * enough to poll; follows the `gitdir:` file of worktrees and submodules. While a rebase stops
 * (conflicts, an edit), HEAD is detached but the work is on the branch being rebased: that branch.
 */
export async function readHeadBranch(dir: string): Promise<string | null> {
  for (let d = path.resolve(dir), i = 0; i < 64; i++) {
    const dotGit = path.join(d, '.git');
    const st = await fs.stat(dotGit).catch(() => undefined);
    if (st) {
      let gitDir = dotGit;
      if (st.isFile()) {
        const m = /^gitdir:\s*(.+?)\s*$/m.exec(await fs.readFile(dotGit, 'utf8'));
        if (!m?.[1]) return null;
        gitDir = path.resolve(d, m[1]);
      }
      const head = await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '');
      const ref = /^ref:\s*refs\/heads\/(.+?)\s*$/.exec(head);
      if (ref?.[1]) return ref[1];
      for (const rebase of ['rebase-merge', 'rebase-apply']) {
        const name = await fs.readFile(path.join(gitDir, rebase, 'head-name'), 'utf8').catch(() => '');
        const rebased = /^refs\/heads\/(.+?)\s*$/.exec(name);
        if (rebased?.[1]) return rebased[1];
      }
      return null;
    }
    const parent = path.dirname(d);
    if (parent === d) return null;
    d = parent;
  }
  return null;
}

/** A workspace folder as the editor names it: URI scheme and path (forward slashes). */
export interface FolderRef {
  scheme: string;
  path: string;
}

/**
 * Whether edits to a document count as work: untitled buffers, and documents inside a workspace
 * folder (same scheme) but not inside a `.git` folder. Output channels, git views, settings and
 * anything outside the workspace do not.
 */
export function isTrackedDocument(doc: FolderRef, folders: readonly FolderRef[], caseInsensitive = false): boolean {
  if (doc.scheme === 'untitled') return true;
  const scheme = doc.scheme === 'vscode-notebook-cell' ? 'file' : doc.scheme;
  const norm = (p: string) => (caseInsensitive ? p.toLowerCase() : p).replace(/\/+$/, '');
  const p = norm(doc.path);
  if (/(^|\/)\.git(\/|$)/.test(p)) return false;
  return folders.some((f) => {
    if (f.scheme !== scheme) return false;
    const root = norm(f.path);
    return p === root || p.startsWith(root + '/');
  });
}

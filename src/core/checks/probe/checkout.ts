import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckEnvironment } from '../environment';
import { git, gitMaybe } from '../git';

/**
 * The repository as the probe judges it. Committed checks (Submit, `practicum check`) run in a
 * temporary `git worktree` of the checked commit: uncommitted edits and files left by earlier runs
 * (a cache, an index) can neither help nor break the result, the learner never has to stash, and CI
 * and the editor see the same thing. Installed dependency folders at the top level (node_modules,
 * .venv, ...) are linked in. Working-tree checks (Run Checks while working) run in the repository as it is.
 */
export interface Checkout {
  /** Where the learner's command runs. */
  dir: string;
  /** The commit judged, or null for the working tree. */
  commit: string | null;
  /** A repository file's text at the checked commit (undefined when absent or not a safe relative path). */
  read(file: string): Promise<string | undefined>;
  dispose(): Promise<void>;
}

/** A repository-relative path that stays inside the repository, `/`-separated; undefined otherwise. */
export function safeRelative(file: string): string | undefined {
  const f = file.replace(/\\/g, '/').replace(/^\.\//, '');
  if (f === '' || f.startsWith('/') || /^[a-zA-Z]:/.test(f) || f.split('/').some((p) => p === '..')) return undefined;
  return f;
}

/** Top-level folders git ignores that hold installed dependencies, linked into a temporary worktree. */
const dependencyFolders = ['node_modules', '.venv', 'venv', 'env', '.tox', 'vendor', 'target', '.gradle', 'bin', 'obj'];

/** Reads repository files as the check judges them: from the working tree, or from the checked commit. */
export async function repoReader(env: CheckEnvironment): Promise<Pick<Checkout, 'commit' | 'read'>> {
  const repo = env.repoDir;
  const cache = new Map<string, Promise<string | undefined>>();
  if (env.changes.range.workingTree) {
    return { commit: null, read: (file) => cached(cache, file, (f) => fs.readFile(path.join(repo, f), 'utf8').catch(() => undefined)) };
  }
  await env.changes.verify();
  const commit = (await git(repo, ['rev-parse', `${env.changes.range.head}^{commit}`])).trim();
  return { commit, read: (file) => cached(cache, file, (f) => gitMaybe(repo, ['cat-file', 'blob', `${commit}:${f}`])) };
}

export async function openCheckout(env: CheckEnvironment): Promise<Checkout> {
  const repo = env.repoDir;
  const { commit, read } = await repoReader(env);
  if (commit === null) return { dir: repo, commit, read, dispose: async () => undefined };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'practicum-probe-'));
  await git(repo, ['worktree', 'add', '--detach', '--force', dir, commit]);
  for (const name of dependencyFolders) {
    const from = path.join(repo, name);
    if ((await fs.stat(from).catch(() => undefined))?.isDirectory() && !(await fs.lstat(path.join(dir, name)).catch(() => undefined))) {
      await fs.symlink(from, path.join(dir, name), 'junction').catch(() => undefined);
    }
  }
  return {
    dir,
    commit,
    read,
    dispose: async () => {
      await gitMaybe(repo, ['worktree', 'remove', '--force', dir]);
      await fs.rm(dir, { recursive: true, force: true });
      await gitMaybe(repo, ['worktree', 'prune']);
    },
  };
}

function cached(cache: Map<string, Promise<string | undefined>>, file: string, load: (f: string) => Promise<string | undefined>): Promise<string | undefined> {
  const f = safeRelative(file);
  if (f === undefined) return Promise.resolve(undefined);
  let p = cache.get(f);
  if (!p) cache.set(f, (p = load(f)));
  return p;
}

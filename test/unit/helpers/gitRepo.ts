import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A person as git records them. */
export interface Identity {
  name: string;
  email: string;
}

export const alice: Identity = { name: 'Alice Example', email: 'alice@corp.example' };

/** One commit to create: files to write (null deletes), message, who and when. */
export interface CommitSpec {
  files?: Record<string, string | null>;
  message: string;
  author?: Identity;
  committer?: Identity;
  /** ISO time or anything git accepts; default a fixed time so tests are repeatable. */
  date?: string;
  committerDate?: string;
}

/**
 * A real git repository in a temp folder, with controlled authors, dates and messages, for tests.
 * Call `dispose()` (or use `withTempRepo`) to remove it.
 */
export class TempRepo {
  readonly dir: string;

  constructor(dir?: string, opts: { bare?: boolean; init?: boolean } = {}) {
    this.dir = dir ?? mkdtempSync(path.join(tmpdir(), 'practicum-repo-'));
    if (opts.init !== false) {
      this.git(['init', '-q', ...(opts.bare ? ['--bare'] : []), '-b', 'main']);
      if (!opts.bare) {
        this.git(['config', 'user.name', alice.name]);
        this.git(['config', 'user.email', alice.email]);
        this.git(['config', 'commit.gpgsign', 'false']);
      }
    }
  }

  /** Runs git in the repository and returns stdout (trimmed). Throws with stderr on failure. */
  git(args: string[], env: Record<string, string> = {}, input?: string): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir, ...env },
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    }).trim();
  }

  write(rel: string, content: string): void {
    const p = path.join(this.dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }

  /** Creates one commit and returns its hash. */
  commit(spec: CommitSpec): string {
    for (const [rel, content] of Object.entries(spec.files ?? {})) {
      if (content === null) this.git(['rm', '-q', '--', rel]);
      else {
        this.write(rel, content);
        this.git(['add', '--', rel]);
      }
    }
    const author = spec.author ?? alice;
    const committer = spec.committer ?? author;
    const date = spec.date ?? '2026-01-10T10:00:00Z';
    this.git(['commit', '-q', '--allow-empty', '-F', '-'], {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: spec.committerDate ?? date,
    }, spec.message);
    return this.head();
  }

  head(): string {
    return this.git(['rev-parse', 'HEAD']);
  }

  checkout(branch: string, create = false): void {
    this.git(['checkout', '-q', ...(create ? ['-b'] : []), branch]);
  }

  /** A clone of this repository in a new temp folder, with the same test identity. */
  clone(): TempRepo {
    const dir = mkdtempSync(path.join(tmpdir(), 'practicum-clone-'));
    execFileSync('git', ['clone', '-q', this.dir, dir], { stdio: 'pipe' });
    const c = new TempRepo(dir, { init: false });
    c.git(['config', 'user.name', alice.name]);
    c.git(['config', 'user.email', alice.email]);
    return c;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs `fn` with a fresh repository and removes it afterwards. */
export async function withTempRepo<T>(fn: (repo: TempRepo) => Promise<T> | T): Promise<T> {
  const repo = new TempRepo();
  try {
    return await fn(repo);
  } finally {
    repo.dispose();
  }
}

/** A temp folder removed by the returned function. */
export function tempDir(prefix = 'practicum-'): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

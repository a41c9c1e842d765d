import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { isPracticumError } from '../../../src/core/errors';
import { scanRepositoryDetailed } from '../../../src/core/git/scan';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { aiCommit, recordingLogger, scan } from './scanHelpers';

const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: '2026-01-05T10:00:00Z', GIT_COMMITTER_DATE: '2026-01-05T10:00:00Z' };

describe('scan on bad input', () => {
  it('not a git repository: an environment error that names the fix', async () => {
    const d = tempDir();
    try {
      await assert.rejects(scanRepositoryDetailed({ repo: d.dir, noCache: true }), (e: unknown) => {
        assert.ok(isPracticumError(e) && e.reason === 'environment');
        assert.match(e.message, /is not in a git repository.*--repo/);
        return true;
      });
    } finally {
      d.dispose();
    }
  });

  it('a folder that does not exist: a usage error', async () => {
    await assert.rejects(scanRepositoryDetailed({ repo: path.join(tempDir().dir, 'nope', 'x'), noCache: true }), (e: unknown) => isPracticumError(e) && e.reason === 'usage' && /is not a folder/.test(e.message));
  });

  it('git missing: an environment error that says to install git', async () => {
    const repo = new TempRepo();
    try {
      await assert.rejects(scanRepositoryDetailed({ repo: repo.dir, noCache: true, gitPath: '/nonexistent/bin/git' }), (e: unknown) => {
        assert.ok(isPracticumError(e) && e.reason === 'environment');
        assert.match(e.message, /git was not found.*Install git/);
        return true;
      });
    } finally {
      repo.dispose();
    }
  });

  it('an empty repository: zero commits, no error', async () => {
    const repo = new TempRepo();
    try {
      const run = await scan(repo);
      assert.equal(run.empty, true);
      assert.equal(run.result.totalCommits, 0);
      assert.equal(run.result.head, null);
      assert.deepEqual(run.result.aiCommits, []);
    } finally {
      repo.dispose();
    }
  });

  it('a shallow clone: partial history said out loud, then complete after deepening', async () => {
    const origin = new TempRepo();
    const cache = tempDir();
    const clone = tempDir('practicum-shallow-');
    try {
      const first = origin.commit({ message: 'one\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' });
      origin.commit({ message: 'two', date: '2026-01-11T10:00:00Z' });
      origin.commit({ message: 'three', date: '2026-01-12T10:00:00Z' });
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone.dir], { env: gitEnv });
      const logger = recordingLogger();
      const run = await scan(clone.dir, { cacheDir: cache.dir, logger });
      assert.equal(run.shallow, true);
      assert.equal(run.result.totalCommits, 1);
      assert.ok(logger.lines.some((l) => /^warn: .*shallow clone: history is partial.*--unshallow/.test(l)));
      execFileSync('git', ['fetch', '-q', '--unshallow'], { cwd: clone.dir, env: gitEnv });
      const full = await scan(clone.dir, { cacheDir: cache.dir });
      assert.equal(full.shallow, false);
      assert.equal(full.cache, 'cold');
      assert.equal(full.result.totalCommits, 3);
      assert.ok(aiCommit(full, first));
    } finally {
      origin.dispose();
      cache.dispose();
      clone.dispose();
    }
  });

  it('a detached HEAD: the checked-out commit and its history', async () => {
    const repo = new TempRepo();
    try {
      const a = repo.commit({ message: 'a\n\nAssisted-by: Claude\n' });
      repo.commit({ message: 'b' });
      repo.git(['checkout', '-q', '--detach', a]);
      const run = await scan(repo);
      assert.equal(run.detached, true);
      assert.equal(run.result.head, a);
      assert.equal(run.result.totalCommits, 1);
      assert.ok(aiCommit(run, a));
    } finally {
      repo.dispose();
    }
  });

  it('non-UTF-8 messages and names: declared encodings are converted, raw bytes still parse', async () => {
    const repo = new TempRepo();
    try {
      const latin1 = (s: string) => Buffer.from(s, 'latin1');
      // Commit objects written byte for byte: git would otherwise convert what we hand it.
      const rawCommit = (headers: Buffer, message: Buffer) => {
        const tree = repo.git(['write-tree']);
        const parent = repo.head();
        const body = Buffer.concat([Buffer.from(`tree ${tree}\nparent ${parent}\n`), headers, Buffer.from('\n'), message]);
        const hash = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo.dir, input: body, stdio: ['pipe', 'pipe', 'pipe'] }).toString().trim();
        repo.git(['update-ref', 'HEAD', hash]);
        return hash;
      };
      const ident = (name: string, email: string) => Buffer.concat([latin1(`author ${name} <${email}> 1767607200 +0000\ncommitter ${name} <${email}> 1767607200 +0000\n`)]);
      repo.commit({ message: 'start' });
      // Declared ISO-8859-1: git re-encodes message and names to UTF-8 on output.
      const declared = rawCommit(Buffer.concat([ident('Jos\xe9', 'jose@corp.example'), Buffer.from('encoding ISO-8859-1\n')]), latin1('Caf\xe9 pr\xeat\n\nAssisted-by: Claude\n'));
      // Undeclared Latin-1 bytes: not valid UTF-8, and nothing tells git what they are.
      const raw = rawCommit(ident('Zo\xeb', 'zoe@corp.example'), Buffer.concat([latin1('Cr\xe8me br\xfbl\xe9e\n\n'), Buffer.from('Co-authored-by: Claude <noreply@anthropic.com>\n')]));
      const run = await scan(repo);
      assert.equal(run.result.totalCommits, 3);
      const d = aiCommit(run, declared);
      assert.deepEqual(d?.signals, ['trailer:assisted-by(Claude; name claude)']);
      assert.equal(d?.authorName, 'José');
      const r = aiCommit(run, raw);
      assert.deepEqual(r?.signals, ['co-author:claude']);
      assert.equal(r?.authorName, 'Zo\ufffd');
    } finally {
      repo.dispose();
    }
  });
});

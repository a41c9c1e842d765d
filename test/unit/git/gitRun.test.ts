import { strict as assert } from 'node:assert';
import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isPracticumError } from '../../../src/core/errors';
import { GitCommandError, GitOutputTooLarge, runGit } from '../../../src/core/git/gitRun';
import { TempRepo, tempDir } from '../helpers/gitRepo';

/** A stand-in for the git executable, so the runner's limits can be tested with a program that misbehaves. */
function fakeGit(dir: string, script: string): string {
  const file = path.join(dir, 'fake-git');
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('the one git runner (simple-git)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('practicum-gitrun-')));
  afterEach(() => tmp.dispose());

  it('runs git with prompts and optional locks off, without editors or pagers from the environment', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { EDITOR: 'vim', GIT_PAGER: 'less', GIT_ASKPASS: '/usr/bin/askpass', GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' });
    try {
      const r = await runGit(tmp.dir, ['--version'], { gitPath: fakeGit(tmp.dir, 'env') });
      const env = Object.fromEntries(r.stdout.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      assert.deepEqual([env.GIT_TERMINAL_PROMPT, env.GIT_OPTIONAL_LOCKS, env.GIT_ASKPASS, env.SSH_ASKPASS, env.LC_ALL], ['0', '0', '', '', 'C']);
      assert.equal(env.EDITOR, undefined);
      assert.equal(env.GIT_PAGER, undefined);
      assert.equal(env.GIT_SSH_COMMAND, 'ssh -o BatchMode=yes', "the user's own transport settings still apply");
    } finally {
      for (const k of ['EDITOR', 'GIT_PAGER', 'GIT_ASKPASS', 'GIT_SSH_COMMAND']) if (saved[k] === undefined) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it('stops git once its output passes the cap, with a named error, before holding it all', async () => {
    const gitPath = fakeGit(tmp.dir, 'exec head -c 200000000 /dev/zero');
    const before = process.memoryUsage().rss;
    await assert.rejects(runGit(tmp.dir, ['cat-file'], { gitPath, maxOutputBytes: 1024 * 1024 }), (e: unknown) => {
      assert.ok(e instanceof GitOutputTooLarge);
      assert.equal(e.message, 'git cat-file printed more than 1 MB and was stopped (the limit on what Practicum reads from git).');
      return true;
    });
    assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024, 'the 200 MB output was never held');
  });

  it('a command past its deadline is stopped as a network error; an aborted one is cancelled', async () => {
    const gitPath = fakeGit(tmp.dir, 'exec sleep 10');
    const t = Date.now();
    await assert.rejects(runGit(tmp.dir, ['fetch'], { gitPath, timeoutMs: 300 }), (e: unknown) => isPracticumError(e) && e.reason === 'network' && /git fetch took longer than 0 s and was stopped/.test(e.message));
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    await assert.rejects(runGit(tmp.dir, ['push'], { gitPath, signal: stop.signal }), /git push was cancelled/);
    assert.ok(Date.now() - t < 5000);
  });

  it('maps a missing git, a missing folder and a failed command to one set of messages', async () => {
    await assert.rejects(runGit(tmp.dir, ['status'], { gitPath: path.join(tmp.dir, 'nope', 'git') }), /git was not found \(tried ".*nope\/git"\)\. Install git and make sure it is on PATH\./);
    await assert.rejects(runGit(path.join(tmp.dir, 'gone'), ['status']), (e: unknown) => isPracticumError(e) && e.reason === 'environment' && /The folder .*gone does not exist/.test(e.message));
    const repo = new TempRepo();
    try {
      await assert.rejects(runGit(repo.dir, ['rev-parse', '--verify', 'nope']), (e: unknown) => e instanceof GitCommandError && e.code === 128 && /^git rev-parse failed \(exit 128\): fatal: Needed a single revision$/.test(e.message));
      const r = await runGit(repo.dir, ['rev-parse', '--verify', 'nope'], { allowFailure: true });
      assert.deepEqual([r.code, r.stdout], [128, '']);
    } finally {
      repo.dispose();
    }
  });
});

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ExerciseSchema } from '../../../src/core/catalog/schema';
import { branchAiCommits } from '../../../src/core/checks/aiCommits';
import { BranchChanges, type BranchRange } from '../../../src/core/checks/branchChanges';
import type { CheckEnvironment } from '../../../src/core/checks/environment';
import { runChecks, summarizeByKind } from '../../../src/core/checks/runner';
import type { CheckResult } from '../../../src/core/checks/result';
import { TempRepo, tempDir } from '../helpers/gitRepo';

/** Whether a process runs; a zombie waiting for a reaper (containers without init) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Runs one check (given as JSON, defaults applied) against the repo and returns its result. */
async function check(repo: TempRepo, base: string, json: Record<string, unknown>, env: Partial<CheckEnvironment> & { range?: Partial<BranchRange> } = {}, inputs: unknown[] = []): Promise<CheckResult> {
  const exercise = ExerciseSchema.parse({ id: 'x', title: 'X', summary: 's', order: 0, estimateMinutes: 1, steps: ['s'], acceptance: ['a'], inputs, checks: [{ id: 'c', title: 'C', ...json }] });
  const { range, ...rest } = env;
  const results = await runChecks(exercise, {
    repoDir: repo.dir,
    exerciseId: 'x',
    changes: new BranchChanges(repo.dir, { base, head: 'HEAD', workingTree: false, ...range }),
    answers: {},
    attested: new Set(),
    classifyAiCommits: branchAiCommits,
    ...rest,
  });
  assert.equal(results.length, 1);
  return results[0] as CheckResult;
}

describe('exercise checks on real repositories', function () {
  let repo: TempRepo;
  let base: string;
  beforeEach(() => {
    repo = new TempRepo();
    base = repo.commit({ message: 'base', files: { 'README.md': '# app\n', 'src/old.py': 'import openai\nprint(1)\n', 'docs/a.md': 'a\n' } });
    repo.checkout('practicum/x', true);
  });
  afterEach(() => repo.dispose());

  describe('files', () => {
    it('passes on a committed file matching the glob, and says which', async () => {
      repo.commit({ message: 'add', files: { 'evals/cases.jsonl': '{}\n' } });
      const r = await check(repo, base, { kind: 'files', glob: 'evals/**' });
      assert.equal(r.status, 'pass');
      assert.match(r.message, /1 matching file changed: evals\/cases\.jsonl/);
    });

    it('fails when nothing matching changed, and a deleted file does not count', async () => {
      repo.commit({ message: 'rm', files: { 'docs/a.md': null, 'src/new.ts': 'x' } });
      const r = await check(repo, base, { kind: 'files', glob: 'docs/**' });
      assert.equal(r.status, 'fail');
      assert.match(r.message, /No file matching docs\/\*\* is added or changed/);
    });

    it('needs minCount matching files', async () => {
      repo.commit({ message: 'one', files: { 'a.py': '1' } });
      assert.equal((await check(repo, base, { kind: 'files', glob: '*.py', minCount: 2 })).status, 'fail');
      repo.commit({ message: 'two', files: { 'pkg/b.py': '1' } });
      assert.equal((await check(repo, base, { kind: 'files', glob: '*.py', minCount: 2 })).status, 'pass');
    });

    it('counts uncommitted and untracked files only when the working tree is included', async () => {
      repo.write('docs/a.md', 'changed\n');
      repo.write('notes/new.md', 'new\n');
      const committed = await check(repo, base, { kind: 'files', glob: '*.md', minCount: 2 });
      const withWork = await check(repo, base, { kind: 'files', glob: '*.md', minCount: 2 }, { range: { workingTree: true } });
      assert.equal(committed.status, 'fail');
      assert.equal(withWork.status, 'pass');
      assert.equal(withWork.output, 'docs/a.md\nnotes/new.md');
    });
  });

  describe('diff', () => {
    it('matches added lines and reports where', async () => {
      repo.commit({ message: 'rag', files: { 'src/rag.py': 'import os\nfrom pydantic import BaseModel\n' } });
      const r = await check(repo, base, { kind: 'diff', pattern: 'BaseModel' });
      assert.equal(r.status, 'pass');
      assert.match(r.message, /first at src\/rag\.py:2/);
    });

    it('reads file names git quotes', async () => {
      repo.commit({ message: 'odd', files: { 'src/we"ird name.py': 'retry = 3\n' } });
      const r = await check(repo, base, { kind: 'diff', pattern: 'retry', glob: 'src/*.py' });
      assert.equal(r.status, 'pass');
      assert.match(r.message, /first at src\/we"ird name\.py:1/);
    });

    it('never counts removed lines', async () => {
      repo.commit({ message: 'drop openai', files: { 'src/old.py': 'print(1)\n' } });
      const r = await check(repo, base, { kind: 'diff', pattern: 'openai' });
      assert.equal(r.status, 'fail');
    });

    it('only looks in files matching its glob', async () => {
      repo.commit({ message: 'x', files: { 'docs/retry.md': 'retry\n', 'src/a.ts': 'const x = 1;\n' } });
      assert.equal((await check(repo, base, { kind: 'diff', pattern: 'retry', glob: 'src/**' })).status, 'fail');
      assert.equal((await check(repo, base, { kind: 'diff', pattern: 'retry', glob: '*.md' })).status, 'pass');
    });

    it('reads added lines that start with "++" as content, and untracked files in the working tree', async () => {
      repo.commit({ message: 'c', files: { 'src/c.c': 'int main() {\n++counter;\n}\n' } });
      assert.equal((await check(repo, base, { kind: 'diff', pattern: '^\\+\\+counter' })).status, 'pass');
      repo.write('scratch/new.py', 'from anthropic import Anthropic\n');
      assert.equal((await check(repo, base, { kind: 'diff', pattern: 'anthropic' })).status, 'fail');
      assert.equal((await check(repo, base, { kind: 'diff', pattern: 'anthropic' }, { range: { workingTree: true } })).status, 'pass');
    });

    it('reads an untracked symlink as git does: its link text, never the file it points to', async () => {
      const outside = tempDir();
      try {
        const secret = path.join(outside.dir, 'credentials.txt');
        writeFileSync(secret, 'API_KEY=sk-live-123\n');
        symlinkSync(secret, path.join(repo.dir, 'notes.md'));
        const working = { range: { workingTree: true } };
        assert.equal((await check(repo, base, { kind: 'diff', pattern: 'sk-live' }, working)).status, 'fail');
        const linkText = { kind: 'diff', pattern: 'credentials\\.txt$', glob: 'notes.md' };
        assert.equal((await check(repo, base, linkText, working)).status, 'pass');
        // Once committed, git's own diff says the same: the link text is the added line.
        repo.git(['add', 'notes.md']);
        repo.git(['commit', '-q', '-m', 'link']);
        assert.equal((await check(repo, base, linkText)).status, 'pass');
        assert.equal((await check(repo, base, { kind: 'diff', pattern: 'sk-live' })).status, 'fail');
      } finally {
        outside.dispose();
      }
    });
  });

  describe('commits', () => {
    it('counts commits since the base', async () => {
      repo.commit({ message: 'one' });
      assert.equal((await check(repo, base, { kind: 'commits', min: 2 })).status, 'fail');
      repo.commit({ message: 'two' });
      const r = await check(repo, base, { kind: 'commits', min: 2 });
      assert.equal(r.status, 'pass');
      assert.match(r.message, /^2 commits/);
    });
  });

  describe('aiCommit', () => {
    it('passes on an AI co-author trailer in the final trailer block', async () => {
      repo.commit({ message: 'Add tests\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' });
      const r = await check(repo, base, { kind: 'aiCommit', which: 'assisted' });
      assert.equal(r.status, 'pass');
      assert.match(r.message, /co-author:claude/);
    });

    it('ignores a co-author line that is not a trailer, and human co-authors', async () => {
      repo.commit({ message: 'Add tests\n\nCo-authored-by: Claude <noreply@anthropic.com>\n\nThat line above is prose, not a trailer.\n' });
      repo.commit({ message: 'Pair\n\nCo-authored-by: Claude Monet <claude@monet.example>\n' });
      assert.equal((await check(repo, base, { kind: 'aiCommit' })).status, 'fail');
    });

    it('recognises AI bot authors and "building" commits separately', async () => {
      repo.commit({ message: 'bot', author: { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com' }, files: { 'x.txt': 'x' } });
      assert.equal((await check(repo, base, { kind: 'aiCommit', which: 'building' })).status, 'fail');
      repo.commit({ message: 'rag', files: { 'src/rag.ts': "import OpenAI from 'openai';\n" } });
      const building = await check(repo, base, { kind: 'aiCommit', which: 'building' });
      assert.equal(building.status, 'pass');
      assert.match(building.message, /sdk:openai/);
      const found = await branchAiCommits(repo.dir, { base, head: 'HEAD' });
      assert.deepEqual(found.map((c) => [c.assisted, c.building]), [[false, true], [true, false]]);
    });
  });

  describe('manual', () => {
    it('passes only when attested, and is always marked self-attested', async () => {
      const json = { kind: 'manual', description: 'I read the data policy.' };
      const no = await check(repo, base, json);
      const yes = await check(repo, base, json, { attested: new Set(['c']) });
      assert.deepEqual([no.status, no.selfAttested, yes.status, yes.selfAttested], ['fail', true, 'pass', true]);
    });
  });

  describe('command', () => {
    it('runs in the repository root with the inputs filled in, and checks exit and output', async () => {
      const inputs = [{ id: 'testCommand', prompt: 'Command that runs your tests' }];
      const json = { kind: 'command', command: '${input:testCommand}', outputPattern: '^ok \\d+$' };
      const r = await check(repo, base, json, { answers: { testCommand: 'ls README.md && echo "ok $(git rev-list --count $PRACTICUM_BASE..HEAD)"' } }, inputs);
      assert.equal(r.status, 'pass', r.output);
      assert.match(r.output ?? '', /README\.md\nok 0/);
      const wrong = await check(repo, base, json, { answers: { testCommand: 'echo fine' } }, inputs);
      assert.equal(wrong.status, 'fail');
      assert.match(wrong.message, /does not match/);
    });

    it('fails on an unexpected exit code and passes on an expected non-zero one', async () => {
      assert.equal((await check(repo, base, { kind: 'command', command: 'exit 3' })).status, 'fail');
      assert.equal((await check(repo, base, { kind: 'command', command: 'exit 3', expectExit: 3 })).status, 'pass');
    });

    it('is skipped, not run, when an input is unanswered or commands are blocked', async () => {
      const marker = path.join(repo.dir, 'ran');
      const inputs = [{ id: 'testCommand', prompt: 'Command that runs your tests' }];
      const unanswered = await check(repo, base, { kind: 'command', command: '${input:testCommand}' }, {}, inputs);
      assert.equal(unanswered.status, 'skipped');
      assert.match(unanswered.message, /"Command that runs your tests"/);
      const blocked = await check(repo, base, { kind: 'command', command: 'touch ran' }, { commandsBlocked: () => 'Trust this workspace to run commands.' });
      assert.deepEqual([blocked.status, blocked.message], ['skipped', 'Trust this workspace to run commands.']);
      assert.equal(existsSync(marker), false);
    });

    it('stops the whole process tree on timeout', async function () {
      if (process.platform === 'win32') this.skip();
      const r = await check(repo, base, { kind: 'command', command: 'sleep 30 & echo $! > child.pid; wait', timeoutSeconds: 1 });
      assert.equal(r.status, 'fail');
      assert.match(r.message, /Timed out after 1 s/);
      const pid = Number(readFileSync(path.join(repo.dir, 'child.pid'), 'utf8'));
      await new Promise((res) => setTimeout(res, 200));
      assert.equal(alive(pid), false, `process ${pid} survived the timeout`);
    });

    it('is cancelled by its signal', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const r = await check(repo, base, { kind: 'command', command: 'sleep 20' }, { signal: controller.signal });
      assert.equal(r.status, 'skipped');
      assert.ok(Date.now() - started < 5000);
    });

    it('streams output as it arrives', async () => {
      const seen: string[] = [];
      await check(repo, base, { kind: 'command', command: 'echo one; echo two 1>&2' }, { onOutput: (id, t) => seen.push(`${id}:${t}`) });
      assert.match(seen.join(''), /c:one\n.*two/s);
    });
  });

  describe('runner', () => {
    it('turns a missing base commit into an error result per check and keeps going', async () => {
      const exercise = ExerciseSchema.parse({
        id: 'x', title: 'X', summary: 's', order: 0, estimateMinutes: 1, steps: ['s'], acceptance: ['a'],
        checks: [
          { id: 'f', title: 'F', kind: 'files', glob: '**' },
          { id: 'm', title: 'M', kind: 'manual', description: 'd' },
        ],
      });
      const results = await runChecks(exercise, {
        repoDir: repo.dir,
        exerciseId: 'x',
        changes: new BranchChanges(repo.dir, { base: 'f'.repeat(40), head: 'HEAD', workingTree: false }),
        answers: {},
        attested: new Set(['m']),
        classifyAiCommits: branchAiCommits,
      });
      assert.deepEqual(results.map((r) => r.status), ['error', 'pass']);
      assert.match(results[0]?.message ?? '', /base commit ffffffffffff is not in this repository/);
      assert.deepEqual(summarizeByKind(results), { files: { pass: 0, fail: 0, skipped: 0, error: 1 }, manual: { pass: 1, fail: 0, skipped: 0, error: 0 } });
    });
  });
});

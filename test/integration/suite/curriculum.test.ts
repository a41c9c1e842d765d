import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckResult } from '../../../src/core/checks/result';
import type { StartedBranch } from '../../../src/core/learn/branch';
import { commandKey, ProgressStore } from '../../../src/core/learn/progressStore';
import { silentLogger } from '../../../src/core/log';
import type { Container } from '../../../src/vscode/container';
import { activatedExtension, EXTENSION_ID, fixturePath } from '../helpers';

/** A new exercise of the second edition, started from the Learn flow and judged by its probes in the editor. */
const exerciseId = 'permission-aware-indexing';

const git = (repo: string, args: string[]): string =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } }).trim();

describe('curriculum: a new exercise judged by its probes in the editor', function () {
  this.timeout(300_000);
  let repo: string;
  let previousBranch: string;
  let store: ProgressStore;
  let savedAnswers: Record<string, string> = {};
  const solution = () => path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'solutions', exerciseId);

  before(async () => {
    const ext = await activatedExtension();
    const container = (ext.exports as unknown as { container: Container }).container;
    repo = fixturePath();
    previousBranch = git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']);
    store = new ProgressStore(container.storageDir, git(repo, ['rev-parse', '--show-toplevel']), silentLogger);
    savedAnswers = { ...(await store.read()).answers };
  });

  after(async () => {
    await store.update((p) => {
      p.answers = savedAnswers;
    });
    git(repo, ['checkout', '-q', '-f', previousBranch]);
    git(repo, ['clean', '-q', '-fdx', '--', '.index', 'acl_index', 'config', 'docs/ai', 'tests']);
    git(repo, ['branch', '-q', '-D', `practicum/${exerciseId}`]);
  });

  it('starts the exercise, then passes its probe and document checks on the reference solution with figures', async () => {
    let started: StartedBranch | undefined;
    for (let i = 0; i < 40 && !started; i++) {
      started = await vscode.commands.executeCommand<StartedBranch | undefined>('practicum.startExercise', { exerciseId, dirty: 'carry' });
      if (!started) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(started, `${exerciseId} never became startable`);
    assert.equal(git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']), `practicum/${exerciseId}`);

    cpSync(path.join(solution(), 'repo'), repo, { recursive: true });
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'Permissions travel with the handbook pages into the index']);
    const answers = JSON.parse(readFileSync(path.join(solution(), 'answers.json'), 'utf8')) as Record<string, string>;
    await store.update((p) => {
      Object.assign(p.answers, answers);
      // The learner approved these commands earlier; the test cannot click the approval modal.
      for (const a of Object.values(answers)) if (!p.approvedCommands.includes(commandKey(a))) p.approvedCommands.push(commandKey(a));
    });

    const results = await vscode.commands.executeCommand<CheckResult[] | undefined>('practicum.runChecks', exerciseId);
    assert.ok(results, 'runChecks returned nothing');
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const id of ['permissions-follow-source', 'acl-change-without-reembedding', 'propagation-doc']) {
      assert.equal(byId.get(id)?.status, 'pass', `${id}: ${byId.get(id)?.message}\n${byId.get(id)?.output ?? ''}`);
    }
    assert.match(byId.get('permissions-follow-source')?.message ?? '', /accuracy 1\.00/);
    assert.match(byId.get('acl-change-without-reembedding')?.message ?? '', /upstream calls \d+ ≤ 8/);
  });
});

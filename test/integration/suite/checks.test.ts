import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckResult } from '../../../src/core/checks/result';
import type { StartedBranch } from '../../../src/core/learn/branch';
import { commandKey, ProgressStore } from '../../../src/core/learn/progressStore';
import { silentLogger } from '../../../src/core/log';
import type { Container } from '../../../src/vscode/container';
import { activatedExtension, EXTENSION_ID, fixturePath, screenshot } from '../helpers';

const exerciseId = 'rag-prototype';

function git(repo: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com' },
  }).trim();
}

/** Gives the Exercise view the whole side bar, takes its screenshot, and puts the other views back. */
async function screenshotExerciseView(name: string): Promise<void> {
  const contributed = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.views.practicum as Array<{ id: string }>;
  const others = contributed.map((v) => v.id).filter((id) => id !== 'practicum.exercise');
  await vscode.commands.executeCommand('practicum.openExercise', exerciseId);
  for (const id of others) await vscode.commands.executeCommand(`${id}.removeView`);
  await vscode.commands.executeCommand('practicum.exercise.focus');
  await new Promise((r) => setTimeout(r, 1000));
  await screenshot(name, 'iframe.webview');
  for (const id of others) await vscode.commands.executeCommand(`${id}.focus`);
}

describe('checks: rag-prototype judged on what the learner\'s system does', function () {
  this.timeout(300_000);
  let repo: string;
  let previousBranch: string;
  let store: ProgressStore;
  let savedAnswers: Record<string, string> = {};
  const solution = () => path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'solutions', exerciseId);

  const answer = async (answers: Record<string, string>) =>
    store.update((p) => {
      Object.assign(p.answers, answers);
      // The learner approved these commands earlier; the test cannot click the approval modal.
      for (const a of Object.values(answers)) if (!p.approvedCommands.includes(commandKey(a))) p.approvedCommands.push(commandKey(a));
    });

  const runChecks = async (): Promise<Map<string, CheckResult>> => {
    const results = await vscode.commands.executeCommand<CheckResult[] | undefined>('practicum.runChecks', exerciseId);
    assert.ok(results, 'runChecks returned nothing');
    return new Map(results.map((r) => [r.id, r]));
  };

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
    rmSync(path.join(repo, '.rag'), { recursive: true, force: true });
    git(repo, ['branch', '-q', '-D', `practicum/${exerciseId}`]);
  });

  it('starts rag-prototype on its own branch', async () => {
    let started: StartedBranch | undefined;
    for (let i = 0; i < 40 && !started; i++) {
      started = await vscode.commands.executeCommand<StartedBranch | undefined>('practicum.startExercise', { exerciseId, dirty: 'carry' });
      if (!started) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(started, 'rag-prototype never became startable');
    assert.equal(git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']), `practicum/${exerciseId}`);
  });

  it('passes every check on the reference solution and shows the measured figures', async () => {
    cpSync(path.join(solution(), 'repo'), repo, { recursive: true });
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'RAG over the handbook, with citations and abstention']);
    await answer(JSON.parse(readFileSync(path.join(solution(), 'answers.json'), 'utf8')) as Record<string, string>);
    const byId = await runChecks();
    for (const id of ['answers-cite-sources', 'abstains-when-unanswerable', 'rag-notes']) {
      const r = byId.get(id);
      assert.equal(r?.status, 'pass', `${id}: ${r?.message}\n${r?.output ?? ''}`);
    }
    assert.match(byId.get('answers-cite-sources')?.message ?? '', /hit@5 \d/);
    assert.match(byId.get('abstains-when-unanswerable')?.message ?? '', /\d\.\d/);
    await screenshotExerciseView('checks-rag-reference');
  });

  it('fails the core checks of the trivial submission, with reasons shown', async () => {
    // Undo the solution, then do what a hurried learner would: the starter copied, `true` for every input.
    git(repo, ['rm', '-q', '-r', '--', '.']);
    git(repo, ['checkout', '-q', 'HEAD~1', '--', '.']);
    rmSync(path.join(repo, '.rag'), { recursive: true, force: true });
    const starter = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'exercises', 'ai-app-dev', 'backend-rag-and-guardrails', exerciseId, 'starter');
    mkdirSync(path.join(repo, 'docs', 'ai'), { recursive: true });
    writeFileSync(path.join(repo, 'docs', 'ai', 'rag.md'), readFileSync(path.join(starter, 'rag.md'), 'utf8'));
    mkdirSync(path.join(repo, 'evals', 'rag'), { recursive: true });
    writeFileSync(path.join(repo, 'evals', 'rag', 'questions.jsonl'), readFileSync(path.join(starter, 'questions.example.jsonl'), 'utf8'));
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'Do the exercise']);
    await answer({ askCommand: 'true', questionsFile: 'true' });
    const byId = await runChecks();
    for (const id of ['answers-cite-sources', 'abstains-when-unanswerable', 'rag-notes']) {
      const r = byId.get(id);
      assert.equal(r?.status, 'fail', `${id} must fail on the trivial submission: ${r?.status} ${r?.message}`);
      assert.ok((r?.message ?? '').length >= 30, `${id}: "${r?.message}" is too short to act on`);
    }
    assert.equal(byId.get('question-set')?.status, 'pass', 'the hint still shows progress');
    await screenshotExerciseView('checks-rag-trivial');
  });
});

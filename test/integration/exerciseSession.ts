import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckResult } from '../../src/core/checks/result';
import type { StartedBranch } from '../../src/core/learn/branch';
import { commandKey, ProgressStore } from '../../src/core/learn/progressStore';
import { silentLogger } from '../../src/core/log';
import type { Container } from '../../src/vscode/container';
import { activatedExtension, EXTENSION_ID, fixturePath } from './helpers';

/** git in the fixture repository, as the learner Ada. */
export function learnerGit(repo: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com' },
  }).trim();
}

export interface ExerciseSession {
  repo(): string;
  /** Starts the exercise through the command (retried while the catalog loads) and checks the branch. */
  start(): Promise<void>;
  /** Copies the reference solution's `repo/` over the fixture, commits it, and answers its `answers.json`. */
  commitSolution(message: string): Promise<void>;
  /** Stores answers and approves them as commands (the test cannot click the approval modal). */
  answer(answers: Record<string, string>): Promise<void>;
  runChecks(): Promise<Map<string, CheckResult>>;
}

/**
 * Registers the suite's before/after: remembers the branch and the stored answers, and afterwards
 * puts them back, runs `cleanup` on the repository and deletes the exercise branch.
 */
export function exerciseSession(exerciseId: string, cleanup: (repo: string) => void): ExerciseSession {
  let repo = '';
  let previousBranch = '';
  let store: ProgressStore;
  let savedAnswers: Record<string, string> = {};
  const solution = () => path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'solutions', exerciseId);

  before(async () => {
    const ext = await activatedExtension();
    const container = (ext.exports as unknown as { container: Container }).container;
    repo = fixturePath();
    previousBranch = learnerGit(repo, ['rev-parse', '--abbrev-ref', 'HEAD']);
    store = new ProgressStore(container.storageDir, learnerGit(repo, ['rev-parse', '--show-toplevel']), silentLogger);
    savedAnswers = { ...(await store.read()).answers };
  });

  after(async () => {
    await store.update((p) => {
      p.answers = savedAnswers;
    });
    learnerGit(repo, ['checkout', '-q', '-f', previousBranch]);
    cleanup(repo);
    learnerGit(repo, ['branch', '-q', '-D', `practicum/${exerciseId}`]);
  });

  const answer = async (answers: Record<string, string>): Promise<void> => {
    await store.update((p) => {
      Object.assign(p.answers, answers);
      for (const a of Object.values(answers)) if (!p.approvedCommands.includes(commandKey(a))) p.approvedCommands.push(commandKey(a));
    });
  };

  return {
    repo: () => repo,
    async start() {
      let started: StartedBranch | undefined;
      for (let i = 0; i < 40 && !started; i++) {
        started = await vscode.commands.executeCommand<StartedBranch | undefined>('practicum.startExercise', { exerciseId, dirty: 'carry' });
        if (!started) await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(started, `${exerciseId} never became startable`);
      assert.equal(learnerGit(repo, ['rev-parse', '--abbrev-ref', 'HEAD']), `practicum/${exerciseId}`);
    },
    async commitSolution(message) {
      cpSync(path.join(solution(), 'repo'), repo, { recursive: true });
      learnerGit(repo, ['add', '-A']);
      learnerGit(repo, ['commit', '-q', '-m', message]);
      await answer(JSON.parse(readFileSync(path.join(solution(), 'answers.json'), 'utf8')) as Record<string, string>);
    },
    answer,
    async runChecks() {
      const results = await vscode.commands.executeCommand<CheckResult[] | undefined>('practicum.runChecks', exerciseId);
      assert.ok(results, 'runChecks returned nothing');
      return new Map(results.map((r) => [r.id, r]));
    },
  };
}

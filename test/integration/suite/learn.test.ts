import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckResult } from '../../../src/core/checks/result';
import { silentLogger } from '../../../src/core/log';
import type { StartedBranch } from '../../../src/core/learn/branch';
import { commandKey, ProgressStore } from '../../../src/core/learn/progressStore';
import { ProfileStore } from '../../../src/core/profile/profile';
import type { Container } from '../../../src/vscode/container';
import { activatedExtension, fixturePath, screenshot } from '../helpers';

const exerciseId = 'it-greeting-change';
const ext = () => vscode.extensions.getExtension('practicum.practicum') as vscode.Extension<unknown>;

/** A one-exercise catalog: a files check that passes after a commit, a commits check that fails, and a command. */
function writeTestCatalog(dir: string): void {
  const write = (rel: string, value: unknown) => {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  write('it-track/track.json', { id: 'it-track', title: 'Integration track', summary: 'For the integration test.', kind: 'role', role: 'backend', order: 99 });
  write('it-track/it-module/module.json', { id: 'it-module', title: 'Integration module', summary: 'A module.', order: 0, hours: 1, handsOnShare: 1, outcomes: ['Changes code.'] });
  write(`it-track/it-module/${exerciseId}/brief.md`, '# Change the greeting\n\nWhy it matters: it is the integration test.\n');
  write(`it-track/it-module/${exerciseId}/exercise.json`, {
    id: exerciseId,
    title: 'Change the greeting',
    summary: 'Edit src/ and commit.',
    order: 0,
    estimateMinutes: 15,
    steps: ['Edit `src/greet.js`.', 'Commit.'],
    acceptance: ['The greeting changed.'],
    hints: ['Look in src/.', 'Commit with git.'],
    inputs: [{ id: 'testCommand', prompt: 'Command that runs your tests', placeholder: 'npm test' }],
    checks: [
      { id: 'source-changed', title: 'Source changed', kind: 'files', glob: 'src/**/*.js' },
      { id: 'three-commits', title: 'Three commits', kind: 'commits', min: 3 },
      { id: 'tests-pass', title: 'Tests pass', kind: 'command', command: '${input:testCommand}', outputPattern: 'greeting ok', timeoutSeconds: 30 },
    ],
  });
}

function git(repo: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com' },
  }).trim();
}

describe('learn: an exercise in the fixture repository', function () {
  this.timeout(120_000);
  let catalogDir: string;
  let repo: string;
  let previousBranch: string;
  let store: ProgressStore;
  let profile: ProfileStore;
  let submissionRefs: string[] = [];

  before(async () => {
    const ext = await activatedExtension();
    const container = (ext.exports as unknown as { container: Container }).container;
    repo = fixturePath();
    previousBranch = git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']);
    catalogDir = mkdtempSync(path.join(tmpdir(), 'practicum-it-catalog-'));
    writeTestCatalog(catalogDir);
    // The learner answered the input and approved this team command earlier; the test cannot click a modal.
    const answer = `node -e "console.log('greeting ok')"`;
    store = new ProgressStore(container.storageDir, git(repo, ['rev-parse', '--show-toplevel']), silentLogger);
    profile = new ProfileStore(path.join(container.storageDir, 'profile.json'), silentLogger);
    await store.update((p) => {
      p.answers.testCommand = answer;
      p.approvedCommands.push(commandKey(answer));
    });
    await vscode.workspace.getConfiguration('practicum').update('catalogFolders', [catalogDir], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('practicum').update('catalogFolders', undefined, vscode.ConfigurationTarget.Global);
    git(repo, ['checkout', '-q', previousBranch]);
    git(repo, ['branch', '-q', '-D', `practicum/${exerciseId}`]);
    // Leave the repository's review queue, and the profile, as the other suites expect them.
    for (const ref of submissionRefs) git(repo, ['update-ref', '-d', ref]);
    await profile.update(new Date(), (p) => {
      delete p.modules['it-module'];
      delete p.surveys['it-module'];
      delete p.completedTracks['it-track'];
      delete p.reassessments['it-track'];
    });
    await vscode.commands.executeCommand('notifications.clearAll');
    // Close the hands-on session this suite's editor activity opened on the exercise branch, so the
    // suites after it start a session of their own (a pause closes the session, resume starts afresh).
    if ((await vscode.commands.getCommands(true)).includes('practicum.time.pause')) {
      await vscode.commands.executeCommand('practicum.time.pause');
      await vscode.commands.executeCommand('practicum.time.resume');
    }
    rmSync(catalogDir, { recursive: true, force: true });
  });

  it('shows the Learn view with the catalog', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.practicum');
    await vscode.commands.executeCommand('practicum.learn.focus');
    await screenshot('learn-tree');
  });

  it('starts the exercise on its own branch from HEAD and opens the brief', async () => {
    const base = git(repo, ['rev-parse', 'HEAD']);
    let started: StartedBranch | undefined;
    // The catalog reloads after the setting changes; retry until the exercise is there.
    for (let i = 0; i < 40 && !started; i++) {
      await vscode.commands.executeCommand('practicum.refreshExercises');
      started = await vscode.commands.executeCommand<StartedBranch | undefined>('practicum.startExercise', { exerciseId, dirty: 'carry' });
      if (!started) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(started, 'the exercise from the catalog folder never became startable');
    assert.equal(started.branch, `practicum/${exerciseId}`);
    assert.equal(started.baseCommit, base);
    assert.equal(git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']), `practicum/${exerciseId}`);
    await vscode.commands.executeCommand('practicum.exercise.focus');
    await screenshot('learn-started-brief');
  });

  it('re-runs the cheap checks when a file is saved', async () => {
    // Edited without showing it in an editor: the time tracking suite counts editor activity, and this
    // suite should not leave hands-on time behind in the session the next suites look at.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(repo, 'src', 'greet.js')));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), "export function greet(name) {\n  return `Hi, ${name || 'there'}!`;\n}\n");
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
    assert.ok(await doc.save(), 'the edit was not saved');
    const deadline = Date.now() + 15_000;
    let status: string | undefined;
    while (Date.now() < deadline && status !== 'pass') {
      await new Promise((r) => setTimeout(r, 250));
      status = (await store.read()).exercises[exerciseId]?.lastCheck?.results.find((r) => r.id === 'source-changed')?.status;
    }
    assert.equal(status, 'pass', 'saving a changed source file did not re-run the files check');
  });

  it('runs the checks and reports a pass and a fail', async () => {
    git(repo, ['add', 'src/greet.js']);
    git(repo, ['commit', '-q', '-m', 'Friendlier greeting']);
    const results = await vscode.commands.executeCommand<CheckResult[] | undefined>('practicum.runChecks', exerciseId);
    assert.ok(results, 'runChecks returned nothing');
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    assert.equal(byId['source-changed']?.status, 'pass', byId['source-changed']?.message);
    assert.equal(byId['three-commits']?.status, 'fail', byId['three-commits']?.message);
    assert.equal(byId['tests-pass']?.status, 'pass', `${byId['tests-pass']?.message}\n${byId['tests-pass']?.output}`);
    assert.match(byId['three-commits']?.message ?? '', /1 commit on the branch; at least 3 needed/);
    await vscode.commands.executeCommand('practicum.revealHint', exerciseId);
    await vscode.commands.executeCommand('practicum.home.removeView');
    await vscode.commands.executeCommand('practicum.learn.focus');
    await vscode.commands.executeCommand('workbench.actions.treeView.practicum.learn.collapseAll');
    await vscode.commands.executeCommand('practicum.openExercise', exerciseId);
    await screenshot('learn-tree-progress');
    await vscode.commands.executeCommand('practicum.home.focus');
    // The headless browser of the offline route loads a side bar webview's content once it has been focused.
    await vscode.commands.executeCommand('practicum.exercise.focus');
    await screenshot('learn-workbench-after-checks');
    // Give the Exercise view the whole side bar for its own screenshot, then put the others back.
    const others = (ext().packageJSON.contributes.views.practicum as Array<{ id: string }>).map((v) => v.id).filter((id) => id !== 'practicum.exercise');
    for (const id of others) await vscode.commands.executeCommand(`${id}.removeView`);
    await vscode.commands.executeCommand('practicum.exercise.focus');
    await new Promise((r) => setTimeout(r, 1000)); // let the side bar lay out the one remaining view
    await screenshot('learn-exercise-view', 'iframe.webview');
    for (const id of others) await vscode.commands.executeCommand(`${id}.focus`);
  });

  it('submits the branch for review with the recorded base and the check results', async () => {
    const receipt = await vscode.commands.executeCommand<{ id: string; round: number; where: string } | undefined>('practicum.submitExercise', { exerciseId, message: 'first round' });
    assert.ok(receipt, 'nothing was submitted');
    assert.deepEqual([receipt.where, receipt.round], ['git', 1]);
    submissionRefs = git(repo, ['for-each-ref', '--format=%(refname)', 'refs/practicum/']).split('\n').filter((r) => r.includes(receipt.id));
    assert.equal(submissionRefs.length, 1, 'no submission record in refs/practicum/');
    const local = (await store.read()).exercises[exerciseId]?.submissions ?? [];
    assert.deepEqual(local.map((s) => [s.id, s.round, s.results.length]), [[receipt.id, 1, 3]]);
    // The module's only core exercise is now submitted: the profile has recorded the module (and offers its survey).
    const p = await profile.read();
    assert.ok(p?.modules['it-module'], `the profile did not record it-module as completed: ${JSON.stringify(p?.modules)}`);
    assert.equal(p?.surveys['it-module']?.status, 'open');
    assert.equal(p?.modules['it-module']?.track, 'it-track', 'the profile reads the catalog folder from the settings, as the Learn view does');
  });

  it('shows a broken catalog file as a diagnostic on that file, and keeps the other exercises', async () => {
    const broken = path.join(catalogDir, 'it-track', 'it-module', 'it-broken', 'exercise.json');
    mkdirSync(path.dirname(broken), { recursive: true });
    writeFileSync(path.join(path.dirname(broken), 'brief.md'), '# Broken\n');
    writeFileSync(broken, JSON.stringify({ id: 'it-broken', title: 'B', summary: 'B', order: 1, estimateMinutes: 5, steps: ['s'], acceptance: ['a'], checks: [{ id: 'x', title: 'X', kind: 'lint' }] }, null, 2));
    await vscode.commands.executeCommand('practicum.refreshExercises');
    const deadline = Date.now() + 10_000;
    let diagnostics: vscode.Diagnostic[] = [];
    while (Date.now() < deadline && diagnostics.length === 0) {
      await new Promise((r) => setTimeout(r, 200));
      diagnostics = vscode.languages.getDiagnostics(vscode.Uri.file(broken));
    }
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0]?.message ?? '', /checks\.0\.kind: unknown check kind "lint"/);
    const kindLine = readFileSync(broken, 'utf8').split('\n').findIndex((l) => l.includes('"kind": "lint"'));
    assert.equal(diagnostics[0]?.range.start.line, kindLine, 'the diagnostic is not on the "kind" line');
    const results = await vscode.commands.executeCommand<CheckResult[] | undefined>('practicum.runChecks', exerciseId);
    assert.equal(results?.length, 3, 'the valid exercise stopped loading');
  });
});

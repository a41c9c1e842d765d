import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CatalogExercise } from '../../../src/core/catalog/catalog';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { trivialSubmission } from '../../../src/core/checks/trivialSubmission';
import { exerciseSession, learnerGit } from '../exerciseSession';
import { EXTENSION_ID, screenshot } from '../helpers';

const exerciseId = 'rag-prototype';

/** rag-prototype as the extension bundles it. */
async function bundledExercise(): Promise<CatalogExercise> {
  const dir = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'exercises');
  const e = (await loadCatalog([{ dir, origin: 'bundled' }])).exercises.find((x) => x.id === exerciseId);
  assert.ok(e, `${exerciseId} is not in ${dir}`);
  return e;
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
  const session = exerciseSession(exerciseId, (repo) => rmSync(path.join(repo, '.rag'), { recursive: true, force: true }));
  const git = (args: string[]) => learnerGit(session.repo(), args);

  it('starts rag-prototype on its own branch', async () => {
    await session.start();
  });

  it('passes every check on the reference solution and shows the measured figures', async () => {
    await session.commitSolution('RAG over the handbook, with citations, abstention and access by asker');
    const byId = await session.runChecks();
    for (const id of ['answers-cite-sources', 'abstains-when-unanswerable', 'askers-see-only-their-documents', 'rag-notes']) {
      const r = byId.get(id);
      assert.equal(r?.status, 'pass', `${id}: ${r?.message}\n${r?.output ?? ''}`);
    }
    assert.match(byId.get('answers-cite-sources')?.message ?? '', /hit@5 \d/);
    assert.match(byId.get('abstains-when-unanswerable')?.message ?? '', /\d\.\d/);
    assert.match(byId.get('askers-see-only-their-documents')?.message ?? '', /accuracy 1\.00/);
    await screenshotExerciseView('checks-rag-reference');
  });

  it('fails the core checks of the trivial submission, with reasons shown', async () => {
    // Undo the solution, then submit what does no work: the starter copied (also over the write-up),
    // a one-line file for the files hint, `true` for every input.
    const repo = session.repo();
    git(['rm', '-q', '-r', '--', '.']);
    git(['checkout', '-q', 'HEAD~1', '--', '.']);
    rmSync(path.join(repo, '.rag'), { recursive: true, force: true });
    const t = await trivialSubmission(await bundledExercise());
    for (const [rel, text] of Object.entries(t.files)) {
      mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      writeFileSync(path.join(repo, rel), text);
    }
    git(['add', '-A']);
    git(['commit', '-q', '-m', 'Do the exercise']);
    await session.answer(t.answers);
    const byId = await session.runChecks();
    for (const id of ['answers-cite-sources', 'abstains-when-unanswerable', 'askers-see-only-their-documents', 'rag-notes']) {
      const r = byId.get(id);
      assert.equal(r?.status, 'fail', `${id} must fail on the trivial submission: ${r?.status} ${r?.message}`);
      assert.ok((r?.message ?? '').length >= 30, `${id}: "${r?.message}" is too short to act on`);
    }
    assert.equal(byId.get('question-set')?.status, 'pass', 'the hint still shows progress');
    await screenshotExerciseView('checks-rag-trivial');
  });
});

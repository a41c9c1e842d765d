import * as path from 'node:path';
import * as vscode from 'vscode';
import { tagged } from '../../core/log';
import type { Container } from '../container';
import { CatalogService } from './catalogService';
import { CheckSession } from './checkSession';
import { ExerciseViewProvider } from './exerciseView';
import { LearnController } from './learnController';
import { LearnTreeProvider } from './learnTree';
import { RepoService } from './repoService';

/** Delay after a save before the cheap checks re-run, so a burst of saves runs them once. */
const saveDebounceMs = 750;

/**
 * The curriculum and the exercise runner: the Learn tree, the Exercise view, the exercise
 * commands, catalog diagnostics, and cheap checks re-run on save. Registration is cheap; the
 * catalog and the repository are read when a view or command first needs them.
 */
export function registerLearn(c: Container): LearnController {
  const logger = tagged(c.logger, 'learn');
  const catalogs = c.register(new CatalogService(c, logger));
  const repos = c.register(new RepoService(c, logger));
  const session = c.register(new CheckSession(logger));
  const controller = new LearnController(c, catalogs, repos, session, logger);

  const treeProvider = new LearnTreeProvider(() => controller.snapshot());
  const tree = c.register(vscode.window.createTreeView('practicum.learn', { treeDataProvider: treeProvider, showCollapseAll: true }));
  const view = c.register(new ExerciseViewProvider(c.context.extensionUri, { snapshot: () => controller.snapshot(), running: () => session.isRunning, handle: (m, id) => controller.handleView(m, id) }, logger));
  c.register(vscode.window.registerWebviewViewProvider(ExerciseViewProvider.viewId, view));
  controller.attach({ tree, view, treeProvider });

  c.command('practicum.refreshExercises', async () => {
    await catalogs.reload();
    await repos.refresh();
  });
  c.command('practicum.openExercise', (arg: unknown) => controller.openExercise(arg));
  c.command('practicum.openBrief', (arg: unknown) => controller.openBrief(arg));
  c.command('practicum.startExercise', (arg: unknown) => controller.start(arg));
  c.command('practicum.switchToExercise', (arg: unknown) => controller.switchTo(arg));
  c.command('practicum.runChecks', (arg: unknown) => controller.runChecks(arg));
  c.command('practicum.submitExercise', (arg: unknown) => controller.submit(arg));
  c.command('practicum.revealHint', (arg: unknown) => controller.revealHint(arg));
  c.command('practicum.setExerciseAnswers', (arg: unknown) => controller.setAnswers(arg));

  c.register(catalogs.onDidChange(() => void controller.invalidate()));
  c.register(session.onDidChangeRunning(() => void view.update()));
  let lastActive: string | undefined;
  c.register(
    repos.onDidChange((state) => {
      catalogs.setRepository(state?.root);
      if (state?.activeExerciseId !== lastActive) view.followActive(state?.activeExerciseId);
      lastActive = state?.activeExerciseId;
      void controller.invalidate().then(() => (c.settings.runChecksOnSave ? controller.recheckActive() : undefined));
    }),
  );
  c.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void repos.refresh()));
  c.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void controller.invalidate()));
  c.register(vscode.window.onDidChangeWindowState((w) => w.focused && repos.scheduleRefresh()));
  c.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('practicum.catalogFolders') && setTimeout(() => catalogs.settingsChanged(), 0)));

  let saveTimer: NodeJS.Timeout | undefined;
  c.register(
    vscode.workspace.onDidSaveTextDocument(async (doc) => {
      if (!c.settings.runChecksOnSave || doc.uri.scheme !== 'file') return;
      const repo = await repos.state();
      if (!repo?.activeExerciseId || path.relative(repo.root, doc.uri.fsPath).startsWith('..')) return;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void controller.recheckActive(), saveDebounceMs);
    }),
  );
  c.register({ dispose: () => clearTimeout(saveTimer) });

  // After activation returns: find the repository (sets contexts the walkthrough waits for).
  setTimeout(() => void repos.refresh(), 0);
  return controller;
}

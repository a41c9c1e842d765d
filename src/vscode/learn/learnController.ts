import * as path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { CatalogExercise } from '../../core/catalog/catalog';
import { formatMinutes } from '../../core/catalog/format';
import type { CheckResult } from '../../core/checks/result';
import { PracticumError } from '../../core/errors';
import type { Logger } from '../../core/log';
import { switchToBranch, uncommittedChanges, type DirtyChoice, type StartedBranch } from '../../core/learn/branch';
import { completesModule } from '../../core/learn/moduleCompletion';
import type { SubmissionReceipt } from '../../core/learn/submission';
import type { WebviewMessage } from '../../webview/protocol/exercise';
import type { Container } from '../container';
import type { CatalogService } from './catalogService';
import type { CheckSession } from './checkSession';
import type { ExerciseViewProvider } from './exerciseView';
import { standing, type LearnSnapshot } from './learnModel';
import { exerciseIdOf, type LearnNode, type LearnTreeProvider } from './learnTree';
import type { RepoService, RepoState } from './repoService';
import { currentExerciseSubmitter } from './submitter';

const ScriptedSubmitSchema = z.object({ exerciseId: z.string(), message: z.string().optional() });

/** Options commands accept from code (tests, other features) to skip the questions they would ask. */
interface StartArgs {
  exerciseId?: string;
  dirty?: DirtyChoice;
  openBrief?: boolean;
}

/** The Learn feature's behaviour behind its commands, views and listeners. */
export class LearnController {
  private snap?: Promise<LearnSnapshot>;
  private tree?: vscode.TreeView<LearnNode>;
  private view?: ExerciseViewProvider;
  private treeProvider?: LearnTreeProvider;

  constructor(
    private readonly c: Container,
    private readonly catalogs: CatalogService,
    private readonly repos: RepoService,
    readonly session: CheckSession,
    private readonly logger: Logger,
  ) {}

  /** Connects the views, created after the controller because they read its snapshot. */
  attach(views: { tree: vscode.TreeView<LearnNode>; view: ExerciseViewProvider; treeProvider: LearnTreeProvider }): void {
    this.tree = views.tree;
    this.view = views.view;
    this.treeProvider = views.treeProvider;
  }

  /** Catalog, repository and progress as of now; shared by every tree item until the next change. */
  snapshot(): Promise<LearnSnapshot> {
    return (this.snap ??= (async () => {
      const [catalog, repo] = await Promise.all([this.catalogs.catalog(), this.repos.state()]);
      const progress = repo ? await repo.runner.progress() : undefined;
      return { catalog, repo, progress };
    })());
  }

  /** Something changed: re-read and redraw the tree, the view, the badge and the contexts. */
  async invalidate(): Promise<void> {
    this.snap = undefined;
    this.treeProvider?.refresh();
    const snap = await this.snapshot();
    await this.view?.update();
    const shown = await this.view?.shownExercise();
    void vscode.commands.executeCommand('setContext', 'practicum.exerciseShown', !!shown);
    void vscode.commands.executeCommand('setContext', 'practicum.exerciseStarted', !!(shown && snap.progress?.exercises[shown.id]));
    if (!this.tree) return;
    const errors = snap.catalog.errors.length;
    this.tree.message = errors > 0 ? `${errors} problem${errors === 1 ? '' : 's'} in catalog files; see the Problems panel.` : snap.repo ? undefined : 'Open a git repository to start exercises on it.';
    const active = snap.repo?.activeExerciseId ? snap.catalog.exercise(snap.repo.activeExerciseId) : undefined;
    const failing = active ? (snap.progress?.exercises[active.id]?.lastCheck?.results ?? []).filter((r) => r.status === 'fail' || r.status === 'error').length : 0;
    this.tree.badge = failing > 0 && active ? { value: failing, tooltip: `${failing} check${failing === 1 ? '' : 's'} not passing in "${active.title}"` } : undefined;
  }

  async openExercise(arg: unknown): Promise<void> {
    const e = await this.pick(arg, 'Open which exercise?');
    if (!e) return;
    await this.view?.show(e.id);
    await this.invalidate();
    await this.reveal(e.id);
  }

  /** Selects the exercise in the Learn tree (expanding its track and module) without taking focus. */
  async reveal(exerciseId: string): Promise<void> {
    const node = await this.treeProvider?.exerciseNode(exerciseId);
    if (!node || !this.tree?.visible) return;
    await this.tree.reveal(node, { select: true, focus: false, expand: true });
  }

  async openBrief(arg: unknown): Promise<void> {
    const e = (await this.resolve(arg)) ?? (await this.pick(undefined, 'Open the brief of which exercise?'));
    if (!e) return;
    const uri = vscode.Uri.file(e.briefFile);
    // Beside the editor the learner works in; with no editor open, a side column would sit next to an empty one.
    const beside = vscode.window.activeTextEditor !== undefined;
    try {
      await vscode.commands.executeCommand(beside ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri);
    } catch (err) {
      this.logger.debug(`Markdown preview unavailable (${(err as Error).message}); opening the brief as text`);
      await vscode.window.showTextDocument(uri, { viewColumn: beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preview: true, preserveFocus: beside });
    }
  }

  /** Creates the exercise branch (asking what to do with uncommitted changes), records the base, opens the brief beside. */
  async start(arg: unknown): Promise<StartedBranch | undefined> {
    const opts: StartArgs = arg && typeof arg === 'object' && 'exerciseId' in arg ? (arg as StartArgs) : {};
    requireTrust('start an exercise');
    const e = await this.pick(arg, 'Start which exercise?', (x, snap) => standing(snap, x).phase === 'new');
    if (!e) return undefined;
    const repo = await this.requireRepo();
    const status = await repo.runner.status(e.id);
    if (status.kind === 'started' && status.branchExists) {
      if (!status.checkedOut) await this.switchTo(e.id);
      await this.view?.show(e.id);
      return undefined;
    }
    const dirty = opts.dirty ?? (await this.askDirty(repo, `Start "${e.title}"`));
    if (!dirty) return undefined;
    const started = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting ${e.title}` }, () => repo.runner.start(e, dirty));
    this.logger.info(`Started ${e.id} on ${started.branch} from ${started.baseCommit.slice(0, 12)}`);
    await this.repos.refresh();
    this.view?.followActive(e.id);
    await this.view?.show(e.id);
    await this.reveal(e.id);
    if (opts.openBrief !== false) await this.openBrief(e.id);
    if (started.stashed) {
      void vscode.window.showInformationMessage(`Your uncommitted changes are in the stash "${started.stashed}". Run git stash pop on ${started.startedFrom ?? 'your previous branch'} to get them back.`);
    }
    return started;
  }

  async switchTo(arg: unknown): Promise<void> {
    requireTrust('switch exercises');
    const e = await this.pick(arg, 'Switch to which exercise?', (x, snap) => standing(snap, x).phase === 'elsewhere');
    if (!e) return;
    const repo = await this.requireRepo();
    const status = await repo.runner.status(e.id);
    if (status.kind !== 'started') throw new PracticumError('usage', `"${e.title}" is not started yet; start it first.`);
    if (!status.branchExists) {
      const pick = await vscode.window.showWarningMessage(`Branch ${status.progress.branch} no longer exists.`, { modal: true }, 'Start Over');
      if (pick) await this.start({ exerciseId: e.id });
      return;
    }
    const dirty = await this.askDirty(repo, `Switch to ${status.progress.branch}`);
    if (!dirty) return;
    const r = await switchToBranch(repo.root, status.progress.branch, dirty);
    await this.repos.refresh();
    this.view?.followActive(e.id);
    await this.view?.show(e.id);
    if (r.stashed) void vscode.window.showInformationMessage(`Your uncommitted changes are in the stash "${r.stashed}".`);
  }

  async runChecks(arg: unknown): Promise<CheckResult[] | undefined> {
    const e = await this.startedExercise(arg, 'Run the checks of which exercise?');
    if (!e) return undefined;
    const repo = await this.requireRepo();
    const results = await this.session.runAll(repo, e);
    if (!results) {
      void vscode.window.showInformationMessage('Checks are already running; wait for them to finish.');
      return undefined;
    }
    await this.invalidate();
    const passed = results.filter((r) => r.status === 'pass').length;
    const summary = `${passed} of ${results.length} checks pass for "${e.title}".`;
    if (passed < results.length) void vscode.window.showWarningMessage(summary, 'Show Exercise').then((p) => p && this.view?.show(e.id));
    else void vscode.window.showInformationMessage(`${summary} Submit it for review when you are ready.`);
    return results;
  }

  /** Runs the checks on committed work, confirms, and hands the branch to the review flow. */
  async submit(arg: unknown): Promise<SubmissionReceipt | undefined> {
    const e = await this.startedExercise(arg, 'Submit which exercise?');
    if (!e) return undefined;
    const repo = await this.requireRepo();
    // From code (`{ exerciseId, message }`): no questions; the record shows every check result anyway.
    const scripted = ScriptedSubmitSchema.safeParse(arg);
    if (scripted.success) {
      const results = await this.session.runAll(repo, e, 'committed');
      if (!results) return undefined;
      const receipt = await this.submitAndRecord(repo, e, scripted.data.message ?? null, results);
      await this.invalidate();
      return receipt;
    }
    // `git status` runs programs the repository's config names (fsmonitor, filters): not in Restricted Mode.
    if (vscode.workspace.isTrusted && repo.activeExerciseId === e.id && (await uncommittedChanges(repo.root)).length > 0) {
      const go = await vscode.window.showWarningMessage(
        'You have uncommitted changes.',
        { modal: true, detail: 'Only committed work on the exercise branch is submitted. Commit first to include those changes.' },
        'Submit Committed Work',
      );
      if (!go) return undefined;
    }
    const results = await this.session.runAll(repo, e, 'committed');
    if (!results) return undefined;
    await this.invalidate();
    const notPassing = results.filter((r) => r.status !== 'pass');
    if (notPassing.length > 0) {
      const go = await vscode.window.showWarningMessage(
        `${notPassing.length} of ${results.length} checks do not pass.`,
        { modal: true, detail: `Your mentor sees every check result:\n${notPassing.map((r) => `• ${r.title}: ${r.message}`).join('\n')}` },
        'Submit Anyway',
      );
      if (!go) return undefined;
    }
    const message = await vscode.window.showInputBox({ title: `Submit "${e.title}"`, prompt: 'A note for your mentor (optional)', ignoreFocusOut: true });
    if (message === undefined) return undefined;
    const receipt = await this.submitAndRecord(repo, e, message.trim() || null, results);
    await this.invalidate();
    void vscode.window.showInformationMessage(
      receipt.where === 'local'
        ? `Submitted "${e.title}" (round ${receipt.round}). It is recorded on this machine only.`
        : `Submitted "${e.title}" for review (round ${receipt.round}). Mentors see it once it is synced (Sync Submissions and Reviews).`,
    );
    return receipt;
  }

  /** Hands the branch to the submitter; tells the profile when this submission completed the module. */
  private async submitAndRecord(repo: RepoState, e: CatalogExercise, message: string | null, results: CheckResult[]): Promise<SubmissionReceipt> {
    const before = await repo.runner.progress();
    const { receipt } = await repo.runner.submit(e, currentExerciseSubmitter(this.c), { message, results });
    const module = (await this.snapshot()).catalog.module(e.moduleId);
    if (module && completesModule(module, before, await repo.runner.progress())) {
      this.logger.info(`Every core exercise of ${module.id} is submitted`);
      // The profile offers the module survey (and the re-assessment after a track's last module).
      await Promise.resolve(vscode.commands.executeCommand('practicum.profile.moduleCompleted', module.id)).catch((err: unknown) =>
        this.logger.warn(`Could not record ${module.id} as completed in the profile`, err),
      );
    }
    return receipt;
  }

  async revealHint(arg: unknown): Promise<void> {
    const e = (await this.resolve(arg)) ?? (await this.view?.shownExercise());
    if (!e) return;
    const repo = await this.requireRepo();
    await repo.runner.revealHint(e);
    await this.invalidate();
  }

  async setAnswers(arg: unknown): Promise<void> {
    const e = (await this.resolve(arg)) ?? (await this.view?.shownExercise());
    const repo = await this.requireRepo();
    const snap = await this.snapshot();
    const inputs = e ? e.inputs : snap.catalog.exercises.flatMap((x) => x.inputs).filter((i, n, all) => all.findIndex((j) => j.id === i.id) === n);
    if (inputs.length === 0) return void vscode.window.showInformationMessage('No exercise here asks for answers.');
    for (const input of inputs) {
      const value = await vscode.window.showInputBox({ title: 'Exercise answers for this repository', prompt: input.prompt, placeHolder: input.placeholder, value: snap.progress?.answers[input.id] ?? '', ignoreFocusOut: true });
      if (value === undefined) break;
      await repo.runner.setAnswer(input.id, value.trim());
    }
    await this.invalidate();
  }

  /** Messages from the Exercise view's buttons. */
  async handleView(m: Exclude<WebviewMessage, { type: 'ready' }>, exerciseId: string | undefined): Promise<void> {
    const commandFor = { start: 'practicum.startExercise', switch: 'practicum.switchToExercise', openBrief: 'practicum.openBrief', runChecks: 'practicum.runChecks', submit: 'practicum.submitExercise', revealHint: 'practicum.revealHint', setAnswers: 'practicum.setExerciseAnswers' } as const;
    if (m.type === 'action') {
      if (m.action === 'manageTrust') return void vscode.commands.executeCommand('workbench.trust.manage');
      if (m.action === 'showLearn') return void vscode.commands.executeCommand('practicum.learn.focus');
      return void vscode.commands.executeCommand(commandFor[m.action], exerciseId);
    }
    const e = exerciseId ? (await this.snapshot()).catalog.exercise(exerciseId) : undefined;
    if (!e) return;
    if (m.type === 'attest') {
      if (!e.checks.some((c) => c.id === m.checkId && c.kind === 'manual')) return;
      const repo = await this.requireRepo();
      await repo.runner.attest(e.id, m.checkId, m.value);
      if (repo.activeExerciseId === e.id) await this.session.runCheap(repo, e);
      await this.invalidate();
    } else if (m.type === 'showOutput') {
      const r = (await this.snapshot()).progress?.exercises[e.id]?.lastCheck?.results.find((x) => x.id === m.checkId);
      if (!r?.output) return;
      this.session.output.appendLine(`\n── ${e.title} › ${r.title} (${r.status}) ──\n${r.output}`);
      this.session.output.show(true);
    } else if (m.type === 'openStarter') {
      if (!e.starterFiles.includes(m.file)) return;
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(e.location.dir, 'starter', ...m.file.split('/'))), { preview: true });
    }
  }

  /** Re-runs the cheap checks of the exercise checked out now (after a save or a commit). */
  async recheckActive(): Promise<void> {
    const snap = await this.snapshot();
    const id = snap.repo?.activeExerciseId;
    const e = id ? snap.catalog.exercise(id) : undefined;
    if (!snap.repo || !e || !snap.progress?.exercises[e.id]) return;
    if (await this.session.runCheap(snap.repo, e)) await this.invalidate();
  }

  private async askDirty(repo: RepoState, action: string): Promise<DirtyChoice | undefined> {
    const changes = await uncommittedChanges(repo.root);
    if (changes.length === 0) return 'carry';
    const carry = 'Carry Them Along';
    const stash = 'Stash Them';
    const pick = await vscode.window.showWarningMessage(
      `${action}: you have ${changes.length} uncommitted change${changes.length === 1 ? '' : 's'}.`,
      { modal: true, detail: 'Carry them onto the exercise branch, or stash them (untracked files included) to get back later with git stash pop. Nothing is discarded.' },
      carry,
      stash,
    );
    return pick === carry ? 'carry' : pick === stash ? 'stash' : undefined;
  }

  private async requireRepo(): Promise<RepoState> {
    const repo = await this.repos.state();
    if (!repo) throw new PracticumError('environment', 'Open your git repository folder first: exercises are done on a branch of it.');
    return repo;
  }

  private async resolve(arg: unknown): Promise<CatalogExercise | undefined> {
    const id = exerciseIdOf(arg);
    if (!id) return undefined;
    const e = (await this.snapshot()).catalog.exercise(id);
    if (!e) throw new PracticumError('usage', `No exercise "${id}" in the catalog; reload the exercises or check the id.`);
    return e;
  }

  /** The started exercise named by `arg`, else the one shown, else the one checked out, else a pick among started ones. */
  private async startedExercise(arg: unknown, placeHolder: string): Promise<CatalogExercise | undefined> {
    const e = (await this.resolve(arg)) ?? (await this.view?.shownExercise());
    const snap = await this.snapshot();
    if (e && snap.progress?.exercises[e.id]) return e;
    if (e && exerciseIdOf(arg)) throw new PracticumError('usage', `"${e.title}" is not started yet; start it first.`);
    return this.pick(undefined, placeHolder, (x, s) => standing(s, x).phase !== 'new');
  }

  /** The exercise named by `arg`, or one the learner picks (limited by `filter`). */
  private async pick(arg: unknown, placeHolder: string, filter?: (e: CatalogExercise, snap: LearnSnapshot) => boolean): Promise<CatalogExercise | undefined> {
    const named = await this.resolve(arg);
    if (named) return named;
    const snap = await this.snapshot();
    const items: Array<vscode.QuickPickItem & { exercise?: CatalogExercise }> = [];
    for (const t of snap.catalog.tracks) {
      const inTrack = t.modules.flatMap((m) => m.exercises).filter((e) => !filter || filter(e, snap));
      if (inTrack.length === 0) continue;
      items.push({ label: t.title, kind: vscode.QuickPickItemKind.Separator });
      for (const e of inTrack) items.push({ label: e.title, description: `${formatMinutes(e.estimateMinutes)} · ${snap.catalog.module(e.moduleId)?.title ?? ''}`, detail: e.summary, exercise: e });
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage(filter ? 'No exercise is in that state yet; pick one in the Learn view.' : 'The catalog has no exercises.');
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.exercise;
  }
}

/**
 * Starting or switching checks out branches and asks git about uncommitted work; a repository's own
 * git configuration (hooks path, fsmonitor, filters) can run programs then, so, like VS Code's git
 * support, this waits for workspace trust.
 */
function requireTrust(action: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new PracticumError('untrusted', `Trust this workspace to ${action}: Practicum runs git here, and a repository's git configuration can run programs. Use "Workspaces: Manage Workspace Trust".`);
  }
}

import * as vscode from 'vscode';
import type { CatalogExercise } from '../../core/catalog/catalog';
import { formatMinutes } from '../../core/catalog/format';
import { acceptanceText, type Check } from '../../core/catalog/schema';
import { substituteInputs } from '../../core/checks/kinds';
import type { Logger } from '../../core/log';
import { exerciseBranch } from '../../core/learn/branch';
import { WebviewMessageSchema, type CheckView, type ExerciseViewState, type HostMessage, type WebviewMessage } from '../../webview/protocol/exercise';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { standing, type LearnSnapshot } from './learnModel';

/** The state the Exercise view renders for `e`. */
export function exerciseViewState(snap: LearnSnapshot, e: CatalogExercise, opts: { running: boolean; trusted: boolean }): ExerciseViewState {
  const s = standing(snap, e);
  const results = new Map((s.progress?.lastCheck?.results ?? []).map((r) => [r.id, r]));
  const attested = new Set(s.progress?.attested ?? []);
  const revealed = snap.progress?.hintsRevealed[e.id] ?? 0;
  const track = snap.catalog.track(e.trackId);
  const module = snap.catalog.module(e.moduleId);
  const answers = snap.progress?.answers ?? {};
  const checks: CheckView[] = e.checks.map((c) => ({ id: c.id, kind: c.kind, level: c.level, title: c.title, detail: detail(c, answers), result: results.get(c.id) ?? null, attested: attested.has(c.id) }));
  const titles = new Map(e.checks.map((c) => [c.id, c.title]));
  return {
    id: e.id,
    title: e.title,
    summary: e.summary,
    trackTitle: track?.title ?? e.trackId,
    moduleTitle: module?.title ?? e.moduleId,
    estimate: formatMinutes(e.estimateMinutes),
    level: e.level,
    origin: e.location.source.origin,
    phase: snap.repo ? s.phase : 'no-repo',
    branch: exerciseBranch(e.id),
    steps: e.steps,
    acceptance: e.acceptance.map((a) => ({
      text: acceptanceText(a),
      checks: typeof a === 'object' && 'checks' in a ? a.checks.map((id) => titles.get(id) ?? id) : [],
      mentor: typeof a === 'object' && 'mentor' in a ? a.mentor : null,
    })),
    hints: e.hints.slice(0, revealed),
    hintsTotal: e.hints.length,
    inputs: e.inputs.map((i) => ({ id: i.id, prompt: i.prompt, answer: snap.progress?.answers[i.id] ?? null })),
    starterFiles: e.starterFiles,
    checks,
    lastCheckedAt: s.progress?.lastCheck?.at ?? null,
    submissions: (s.progress?.submissions ?? []).map((x) => ({ round: x.round, submittedAt: x.submittedAt })),
    trusted: opts.trusted,
    running: opts.running,
  };
}

function detail(c: Check, answers: Readonly<Record<string, string>>): string {
  switch (c.kind) {
    case 'command': {
      const { command, missing } = substituteInputs(c.command, answers);
      const shown = missing.length > 0 ? c.command : command;
      return `Runs \`${shown}\` in the repository root${c.expectExit !== 0 ? `, expects exit ${c.expectExit}` : ''}${c.outputPattern ? `, output must match \`${c.outputPattern}\`` : ''} (timeout ${c.timeoutSeconds} s)`;
    }
    case 'files':
      return `${c.minCount > 1 ? `${c.minCount} files` : 'A file'} matching \`${c.glob}\` added or changed on the branch`;
    case 'diff':
      return `An added line matching \`${c.pattern}\`${c.glob ? ` in \`${c.glob}\`` : ''}`;
    case 'aiCommit':
      return c.which === 'any' ? 'An AI-related commit on the branch' : c.which === 'assisted' ? 'A commit written with an AI assistant' : 'A commit that builds AI into the product';
    case 'commits':
      return `At least ${c.min} commits on the branch`;
    case 'manual':
      return c.description;
    case 'probe': {
      const { command, missing } = substituteInputs(c.command, answers);
      return `Runs \`${missing.length > 0 ? c.command : command}\` once per case with the local model provider and judges the outputs (${c.evaluator.type}; at the checked commit, timeout ${c.timeoutSeconds} s)`;
    }
    case 'document':
      return `\`${c.path}\` has the sections ${c.sections.map((x) => `"${x.heading}"`).join(', ')} written in your own words${c.sections.some((x) => x.figures > 0) ? ', with figures' : ''}`;
  }
}

export interface ExerciseViewHost {
  snapshot(): Promise<LearnSnapshot>;
  running(): boolean;
  /** Handles a validated message for the exercise shown. */
  handle(message: Exclude<WebviewMessage, { type: 'ready' }>, exerciseId: string | undefined): Promise<void>;
}

/** The "Exercise" webview view: the shown exercise's steps, checks, hints and actions. */
export class ExerciseViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'practicum.exercise';
  private view?: vscode.WebviewView;
  private ready = false;
  private shownId?: string;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: ExerciseViewHost,
    private readonly logger: Logger,
  ) {}

  /** The exercise the view shows: the one picked last, or else the one checked out. */
  async shownExercise(): Promise<CatalogExercise | undefined> {
    const snap = await this.host.snapshot();
    const id = this.shownId ?? snap.repo?.activeExerciseId;
    return id ? snap.catalog.exercise(id) : undefined;
  }

  /** Shows `exerciseId` and brings the view into sight without taking focus. */
  async show(exerciseId: string): Promise<void> {
    this.shownId = exerciseId;
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${ExerciseViewProvider.viewId}.focus`, { preserveFocus: true });
    await this.update();
  }

  /** Follows the learner onto an exercise branch they switched to. */
  followActive(activeId: string | undefined): void {
    if (activeId) this.shownId = activeId;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, { title: 'Exercise', script: 'exercise', style: 'exercise.css' });
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidChangeVisibility(() => view.visible && void this.update()),
      view.onDidDispose(() => {
        // A view re-resolved after a layout change may replace this one before its dispose arrives.
        if (this.view !== view) return;
        this.view = undefined;
        this.ready = false;
      }),
    );
  }

  /** Re-renders the view if it is showing. */
  async update(): Promise<void> {
    if (!this.view || !this.ready || !this.view.visible) return;
    const snap = await this.host.snapshot();
    const e = await this.shownExercise();
    const state = e ? exerciseViewState(snap, e, { running: this.host.running(), trusted: vscode.workspace.isTrusted }) : null;
    this.view.description = e?.title;
    const msg: HostMessage = { type: 'state', state };
    await this.view.webview.postMessage(msg);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = WebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn('Ignored a malformed message from the Exercise view');
      return;
    }
    if (parsed.data.type === 'ready') {
      this.ready = true;
      await this.update();
      return;
    }
    await this.host.handle(parsed.data, (await this.shownExercise())?.id);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

import * as vscode from 'vscode';
import type { CatalogExercise } from '../../core/catalog/catalog';
import { commandTemplates, inputFields } from '../../core/catalog/checkFields';
import { substituteInputs } from '../../core/checks/kinds';
import type { CheckResult } from '../../core/checks/result';
import type { Logger } from '../../core/log';
import type { CheckRunOptions } from '../../core/learn/exerciseRunner';
import { commandKey } from '../../core/learn/progressStore';
import type { RepoState } from './repoService';

const originLabel = { bundled: 'the bundled curriculum', repository: "this repository's .practicum/exercises", folder: 'a catalog folder from your settings' } as const;

/**
 * Runs an exercise's checks in the editor: asks for missing input answers, lets command checks run
 * only in a trusted workspace and, for commands that come from a team catalog, only after the
 * learner approved that exact command; streams command output to a visible output channel; shows
 * progress and supports cancel.
 */
export class CheckSession implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Practicum Checks');
  private running = false;
  private readonly changed = new vscode.EventEmitter<{ exerciseId: string; results: CheckResult[] }>();
  /** Fires after every run (full or cheap) with the recorded results. */
  readonly onDidRun = this.changed.event;
  private readonly runningChanged = new vscode.EventEmitter<boolean>();
  readonly onDidChangeRunning = this.runningChanged.event;

  constructor(private readonly logger: Logger) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Every check, with progress and cancel; returns undefined when another run is in progress. */
  async runAll(repo: RepoState, exercise: CatalogExercise, scope: CheckRunOptions['scope'] = 'working'): Promise<CheckResult[] | undefined> {
    if (this.running) return undefined;
    const commandsBlocked = await this.prepareCommands(repo, exercise);
    return this.exclusive(() =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking "${exercise.title}"`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const results = await repo.runner.runChecks(exercise, {
            scope,
            commandsBlocked,
            signal: abort.signal,
            onStart: (check, i, n) => {
              progress.report({ message: `${i + 1} of ${n}: ${check.title}`, increment: i === 0 ? 0 : 100 / n });
              if (check.kind === 'command' || check.kind === 'probe') {
                this.output.appendLine(`\n▶ ${exercise.id} › ${check.title} (${new Date().toLocaleTimeString()})`);
                this.output.show(true);
              }
            },
            onOutput: (_id, text) => this.output.append(text),
            onResult: (r) => {
              if (r.kind === 'command' || r.kind === 'probe') this.output.appendLine(`■ ${r.status.toUpperCase()}: ${r.message}`);
              if (r.kind === 'probe' && r.output) this.output.appendLine(r.output);
            },
          });
          this.changed.fire({ exerciseId: exercise.id, results });
          return results;
        },
      ),
    );
  }

  /** The checks that need no command, quietly (on save and after commits). */
  async runCheap(repo: RepoState, exercise: CatalogExercise): Promise<CheckResult[] | undefined> {
    if (this.running) return undefined;
    try {
      const results = await repo.runner.runChecks(exercise, { scope: 'working', cheapOnly: true });
      this.changed.fire({ exerciseId: exercise.id, results });
      return results;
    } catch (e) {
      this.logger.debug(`Background checks for ${exercise.id} did not run: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Runs `fn` as the one check run in progress (also what Submit uses). */
  async exclusive<T>(fn: () => Thenable<T> | Promise<T>): Promise<T> {
    this.setRunning(true);
    try {
      return await fn();
    } finally {
      this.setRunning(false);
    }
  }

  /**
   * Asks for unanswered inputs and approvals up front, so the run itself never stops for a dialog,
   * and returns the rule the core applies to each command.
   */
  async prepareCommands(repo: RepoState, exercise: CatalogExercise): Promise<(command: string) => string | undefined> {
    const commandChecks = exercise.checks.filter((c) => commandTemplates(c).length > 0);
    if (commandChecks.length === 0) return () => undefined;
    if (!vscode.workspace.isTrusted) {
      return () => 'Not run: this workspace is not trusted. Trust it (Manage Workspace Trust) to run command and probe checks.';
    }
    let progress = await repo.runner.progress();
    for (const check of exercise.checks) {
      for (const id of new Set(inputFields(check).flatMap(([, text]) => substituteInputs(text, progress.answers).missing))) {
        if (progress.answers[id]) continue;
        const input = exercise.inputs.find((i) => i.id === id);
        const answer = await vscode.window.showInputBox({
          title: `${exercise.title}: ${check.title}`,
          prompt: `${input?.prompt ?? id} (asked once for this repository)`,
          placeHolder: input?.placeholder,
          ignoreFocusOut: true,
        });
        if (answer === undefined || answer.trim() === '') continue;
        await repo.runner.setAnswer(id, answer.trim());
        progress = await repo.runner.progress();
      }
    }
    const origin = exercise.location.source.origin;
    if (origin === 'bundled') return () => undefined;
    // A team catalog's command runs only once the learner has seen and approved that exact text.
    const approved = new Set(progress.approvedCommands);
    const declined = new Set<string>();
    for (const [check, template] of commandChecks.flatMap((c) => commandTemplates(c).map((t) => [c, t] as const))) {
      const { command, missing } = substituteInputs(template, progress.answers);
      const key = commandKey(command);
      if (missing.length > 0 || approved.has(key) || declined.has(key)) continue;
      const pick = await vscode.window.showWarningMessage(
        `Run a command from ${originLabel[origin]}?`,
        { modal: true, detail: `The check "${check.title}" of "${exercise.title}" wants to run:\n\n${command}\n\nin ${repo.root}. Only run commands you understand.` },
        'Run Once',
        'Always Allow This Command',
      );
      if (pick === undefined) declined.add(key);
      else {
        approved.add(key);
        if (pick === 'Always Allow This Command') {
          await repo.runner.approveCommand(key);
          this.logger.info(`Approved a command from ${origin} catalog for ${repo.root}`);
        }
      }
    }
    return (command) => (approved.has(commandKey(command)) ? undefined : 'Not run: you did not approve this command from a team catalog.');
  }

  private setRunning(value: boolean): void {
    this.running = value;
    void vscode.commands.executeCommand('setContext', 'practicum.checksRunning', value);
    this.runningChanged.fire(value);
  }

  dispose(): void {
    this.output.dispose();
    this.changed.dispose();
    this.runningChanged.dispose();
  }
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiCommitClassifier } from '../../core/checks/aiCommits';
import { git } from '../../core/checks/git';
import { scanClassifier } from '../../core/checks/scanClassifier';
import { systemClock } from '../../core/clock';
import type { Logger } from '../../core/log';
import { currentBranch, exerciseIdOfBranch, repositoryRoot } from '../../core/learn/branch';
import { ExerciseRunner } from '../../core/learn/exerciseRunner';
import { ProgressStore } from '../../core/learn/progressStore';
import type { Container } from '../container';

/** The repository exercises are done in, and which exercise branch is checked out. */
export interface RepoState {
  root: string;
  branch: string | null;
  /** The exercise whose branch is checked out, if any. */
  activeExerciseId: string | undefined;
  runner: ExerciseRunner;
}

/**
 * Finds the git repository of the workspace (the first folder that is in one) and follows its
 * HEAD, so views know which exercise is active and checks re-run after a commit.
 */
export class RepoService implements vscode.Disposable {
  private resolved?: Promise<RepoState | undefined>;
  private watcher?: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<RepoState | undefined>();
  /** Fires when the repository, its branch, or its commits change. */
  readonly onDidChange = this.changed.event;
  private timer?: NodeJS.Timeout;
  /** One classifier for the window, so its answers are remembered across check runs. */
  private readonly classifyAiCommits: AiCommitClassifier;

  constructor(
    private readonly c: Container,
    private readonly logger: Logger,
  ) {
    // The same rules and cache as the AI-commit statistics; the repository's own rules only when trusted.
    this.classifyAiCommits = scanClassifier({
      cacheDir: vscode.Uri.joinPath(c.context.globalStorageUri, 'scan-cache').fsPath,
      teamRules: () => vscode.workspace.isTrusted,
      logger,
    });
  }

  state(): Promise<RepoState | undefined> {
    return (this.resolved ??= this.resolve());
  }

  /** Re-reads the branch (and the repository, when folders changed) and notifies listeners. */
  refresh(): Promise<RepoState | undefined> {
    this.resolved = this.resolve();
    void this.resolved.then((s) => this.changed.fire(s));
    return this.resolved;
  }

  /** Coalesces bursts of ref updates (a commit touches several files) into one refresh. */
  scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 250);
  }

  private async resolve(): Promise<RepoState | undefined> {
    const root = await workspaceRepositoryRoot();
    void vscode.commands.executeCommand('setContext', 'practicum.repoOpen', root !== undefined);
    if (!root) {
      this.watcher?.dispose();
      this.watcher = undefined;
      return undefined;
    }
    const branch = await currentBranch(root);
    await this.watchRefs(root);
    const runner = new ExerciseRunner(root, {
      store: new ProgressStore(this.c.storageDir, root, this.logger),
      clock: systemClock,
      // Read the sink at emit time: the export feature replaces it after activation.
      events: { emit: (type, data, at) => this.c.events.emit(type, data, at) },
      classifyAiCommits: this.classifyAiCommits,
      logger: this.logger,
    });
    return { root, branch, activeExerciseId: exerciseIdOfBranch(branch), runner };
  }

  private watchedGitDir?: string;

  private async watchRefs(root: string): Promise<void> {
    const gitDir = path.resolve(root, (await git(root, ['rev-parse', '--git-common-dir'])).trim());
    const headDir = path.resolve(root, (await git(root, ['rev-parse', '--git-dir'])).trim());
    if (this.watchedGitDir === headDir) return;
    this.watcher?.dispose();
    this.watchedGitDir = headDir;
    // HEAD moves on checkout; branch refs (loose or packed) move on commit.
    const pattern = gitDir === headDir ? '{HEAD,packed-refs,refs/heads/**}' : 'HEAD';
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(headDir), pattern));
    const onChange = () => this.scheduleRefresh();
    this.watcher.onDidChange(onChange);
    this.watcher.onDidCreate(onChange);
    this.watcher.onDidDelete(onChange);
    this.logger.debug(`Following HEAD in ${headDir}`);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher?.dispose();
    this.changed.dispose();
  }
}

/** The repository exercises are done in: that of the first workspace folder on disk that is in one. */
export async function workspaceRepositoryRoot(): Promise<string | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const root = await repositoryRoot(folder.uri.fsPath);
    if (root) return root;
  }
  return undefined;
}

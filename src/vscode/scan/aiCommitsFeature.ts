import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, isPracticumError } from '../../core/errors';
import { AiCommitEventLog } from '../../core/git/aiCommitEvents';
import { commitSubjects } from '../../core/git/commitSubjects';
import { learnerEmail, learnerSummary, type LearnerSummary } from '../../core/git/learnerCommits';
import { repoInfo, type RepoInfo } from '../../core/git/repoInfo';
import { scanRepositoryDetailed, type ScanProgress, type ScanRun } from '../../core/git/scan';
import { tagged, type Logger } from '../../core/log';
import type { Container } from '../container';
import { AiCommitsTree, type AiCommitsState } from './aiCommitsTree';

const VIEW_ID = 'practicum.aiCommits';
/** A rescan the user asked for shows a notification only when it takes longer than this. */
const NOTIFY_AFTER_MS = 1500;

/** What a scan in the editor produced (returned by the rescan command, for tests and other features). */
export interface AiCommitsScan {
  run: ScanRun;
  summary: LearnerSummary;
}

/**
 * Scans the workspace repository in the background (after startup, after each commit or checkout,
 * when the team rules change) and keeps the AI Commits view current. One scan at a time; triggers
 * that arrive meanwhile coalesce into one follow-up scan.
 */
class AiCommitsScanner implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private queued: Promise<AiCommitsScan | undefined> | undefined;
  private queuedInteractive = false;
  private watchedGitDir: string | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private readonly events: AiCommitEventLog;
  /** When the last scan finished (0: none yet). */
  finishedAt = 0;

  constructor(
    private readonly c: Container,
    private readonly tree: AiCommitsTree,
    private readonly view: { readonly visible: boolean; description?: string | undefined },
    private readonly log: Logger,
  ) {
    // Late-bound: the export feature may replace the container's sink after this registers.
    this.events = new AiCommitEventLog(path.join(c.storageDir, 'ai-commits-seen.json'), { emit: (t, d, at) => c.events.emit(t, d, at) }, log);
  }

  /** Queues a scan; `interactive` (the rescan command) also reports errors and long scans in a notification. */
  scan(interactive = false): Promise<AiCommitsScan | undefined> {
    this.queuedInteractive ||= interactive;
    if (this.queued) return this.queued;
    const next = this.chain.then(() => {
      const asked = this.queuedInteractive;
      this.queued = undefined;
      this.queuedInteractive = false;
      return this.runOnce(asked);
    });
    this.queued = next;
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** A scan soon, once the burst of file events of a commit or checkout is over. */
  scanSoon(ms = 2000): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.scan().catch((e) => this.log.warn('background scan failed', e)), ms);
  }

  private setState(state: AiCommitsState): void {
    this.tree.setState(state);
    void vscode.commands.executeCommand('setContext', 'practicum.aiCommits.state', state.kind);
  }

  private async findRepo(): Promise<RepoInfo | undefined> {
    let problem: unknown;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      try {
        return await repoInfo(folder.uri.fsPath);
      } catch (e) {
        // A folder that is not a repository is not worth saying; anything else (git missing, a
        // damaged repository, one git refuses to read) is, with the fix the error names, unless
        // another folder holds a readable repository.
        if (!(isPracticumError(e) && /is not in a git repository|is not a folder/.test(e.message))) problem ??= e;
      }
    }
    if (problem) throw problem;
    return undefined;
  }

  private async runOnce(interactive: boolean): Promise<AiCommitsScan | undefined> {
    if (!vscode.workspace.isTrusted) {
      // Like VS Code's own git support: a repository's git config can run programs, so no git in Restricted Mode.
      this.setState({ kind: 'untrusted' });
      return undefined;
    }
    if (!interactive && !this.c.settings.aiCommitsAutoScan && this.view.visible === false) {
      this.setState({ kind: 'off' });
      return undefined;
    }
    let info: RepoInfo | undefined;
    try {
      info = await this.findRepo();
    } catch (e) {
      return this.fail(e, interactive);
    }
    if (!info) {
      this.setState({ kind: 'noRepo' });
      return undefined;
    }
    this.watch(info);
    this.setState({ kind: 'scanning' });
    const abort = new AbortController();
    let latest: ScanProgress = { commits: 0 };
    const listeners = new Set<(p: ScanProgress) => void>();
    const scanning = scanRepositoryDetailed({
      repo: info.root,
      cacheDir: path.join(this.c.storageDir, 'scan-cache'),
      teamRules: vscode.workspace.isTrusted,
      logger: this.log,
      signal: abort.signal,
      onProgress: (p) => {
        latest = p;
        for (const l of listeners) l(p);
      },
    });
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => scanning.catch(() => undefined));
    const timer = interactive ? setTimeout(() => void this.notifyProgress(scanning, abort, () => latest, listeners), NOTIFY_AFTER_MS) : undefined;
    let run: ScanRun;
    try {
      run = await scanning;
    } catch (e) {
      if (abort.signal.aborted) {
        this.log.info('Scan cancelled.');
        this.setState({ kind: 'off' });
        return undefined;
      }
      return this.fail(e, interactive);
    } finally {
      clearTimeout(timer);
    }
    const g = { cwd: info.root };
    const email = await learnerEmail(g).catch(() => undefined);
    const summary = learnerSummary(run.result, email, new Date());
    const subjects = await commitSubjects(g, summary.recent.map((c) => c.hash)).catch(() => new Map<string, string>());
    this.setState({ kind: 'ready', run, summary, subjects });
    this.finishedAt = Date.now();
    this.view.description = email ? `${summary.thisWeek} this week` : undefined;
    if (interactive) for (const p of run.rulesProblems) void vscode.window.showWarningMessage(p);
    if (email) {
      const mine = run.result.aiCommits.filter((c) => c.authorEmail.toLowerCase() === email);
      await this.events.record(run.result.repo, mine, new Date()).catch((e) => this.log.warn('could not record AI commit events', e));
    }
    return { run, summary };
  }

  private fail(e: unknown, interactive: boolean): undefined {
    this.log.error('AI commit scan failed', e);
    const message = isPracticumError(e) ? e.message : `The scan failed: ${errorMessage(e)}`;
    this.setState({ kind: 'error', message });
    if (interactive) {
      void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => {
        if (pick) void vscode.commands.executeCommand('practicum.showLog');
      });
    }
    return undefined;
  }

  /** A cancellable notification with a percentage, for a rescan that is taking a while. */
  private notifyProgress(scanning: Promise<ScanRun>, abort: AbortController, latest: () => ScanProgress, listeners: Set<(p: ScanProgress) => void>): Thenable<unknown> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Practicum: scanning history for AI commits', cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      let done = 0;
      const report = (p: ScanProgress) => {
        if (!p.total) return;
        const pct = Math.min(100, (100 * p.commits) / p.total);
        progress.report({ increment: pct - done, message: `${p.commits.toLocaleString()} of ${p.total.toLocaleString()} commits` });
        done = pct;
      };
      report(latest());
      listeners.add(report);
      return scanning.catch(() => undefined).finally(() => listeners.delete(report));
    });
  }

  /** Rescans after commits, checkouts, rebases (HEAD's reflog changes) and team rule edits. */
  private watch(info: RepoInfo): void {
    if (this.watchedGitDir === info.gitDir) return;
    this.watchedGitDir = info.gitDir;
    for (const d of this.disposables.splice(0)) d.dispose();
    const head = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(info.gitDir), 'logs/HEAD'));
    const rules = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(info.root), '.practicum/ai-rules.json'));
    for (const w of [head, rules]) this.disposables.push(w, w.onDidChange(() => this.scanSoon()), w.onDidCreate(() => this.scanSoon()), w.onDidDelete(() => this.scanSoon()));
  }

  dispose(): void {
    clearTimeout(this.debounce);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The "AI Commits" section of the Practicum sidebar and its rescan command. */
export function registerAiCommits(c: Container): void {
  const log = tagged(c.logger, 'ai-commits');
  const tree = c.register(new AiCommitsTree());
  const view = c.register(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree }));
  const scanner = c.register(new AiCommitsScanner(c, tree, view, log));
  c.command('practicum.aiCommits.rescan', () => scanner.scan(true));
  c.command('practicum.aiCommits.copyHash', async (node?: { commit?: { hash?: unknown } }) => {
    const hash = node?.commit?.hash;
    if (typeof hash === 'string') await vscode.env.clipboard.writeText(hash);
  });
  c.register(vscode.workspace.onDidGrantWorkspaceTrust(() => scanner.scanSoon(0)));
  c.register(vscode.workspace.onDidChangeWorkspaceFolders(() => scanner.scanSoon(0)));
  c.register(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('practicum.aiCommitsAutoScan') && c.settings.aiCommitsAutoScan) scanner.scanSoon(0);
    }),
  );
  // Opening the view refreshes a result older than a minute (commits made outside the editor).
  c.register(view.onDidChangeVisibility((e) => e.visible && Date.now() - scanner.finishedAt > 60_000 && scanner.scanSoon(0)));
  // After activation returns, and after the window's own startup work.
  scanner.scanSoon(3000);
}

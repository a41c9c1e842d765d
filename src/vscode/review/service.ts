import * as vscode from 'vscode';
import { errorMessage, isPracticumError, PracticumError } from '../../core/errors';
import { tagged, type Logger } from '../../core/log';
import { mentorLearners } from '../../core/review/cohort';
import { gitIdentity, repoRoot } from '../../core/review/gitExec';
import { listSubmissions } from '../../core/review/list';
import type { SubmissionView } from '../../core/review/model';
import type { GitIdentity } from '../../core/review/schema';
import { syncRecords, unpushedRefs, type SyncConflict, type SyncReport } from '../../core/review/sync';
import { listConflicts, type RecordConflict } from '../../core/review/conflicts';
import type { Container } from '../container';

/** What the review views show, rebuilt on every refresh. */
export interface ReviewSnapshot {
  /** The repository's top level, when the workspace has one. */
  repo?: string;
  me?: GitIdentity;
  submissions: SubmissionView[];
  /** Emails (lower case) of the learners assigned to me in the cohort files. */
  myLearners: Set<string>;
  /** Local records the remote is not known to have. */
  unpushed: number;
  /** Why the last sync failed, until one succeeds. */
  syncError?: string;
  /** Remote records a sync refused because they differ from local ones or from their names; unresolved. */
  conflicts?: RecordConflict[];
}

const FOCUS_RESYNC_MS = 30_000;

/** How often the queue is re-read locally (no network) when background syncs are off. */
const LOCAL_REFRESH_MS = 5 * 60_000;

/**
 * Owns the review data for the workspace's repository: reads local records, syncs with the remote
 * on a timer and when the window regains focus, and tells the views when anything changed.
 * Work is serialised, so a timer tick never races a verdict being written.
 */
export class ReviewService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReviewSnapshot>();
  readonly onDidChange = this.changed.event;
  private readonly log: Logger;
  private snap: ReviewSnapshot = { submissions: [], myLearners: new Set(), unpushed: 0 };
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastSyncMs = 0;
  private readonly reported = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private started: Promise<void> | undefined;

  constructor(private readonly c: Container) {
    this.log = tagged(c.logger, 'review');
  }

  get snapshot(): ReviewSnapshot {
    return this.snap;
  }

  /** Finds the repository, reads what is local, then syncs in the background. Idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.disposables.push(
        vscode.window.onDidChangeWindowState((s) => {
          if (!s.focused) return;
          if (Date.now() - this.lastSyncMs > FOCUS_RESYNC_MS) void this.sync({ quiet: true });
          else void this.refresh();
        }),
        vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sync({ quiet: true })),
        vscode.workspace.onDidChangeWorkspaceFolders(() => void this.locate().then(() => this.refresh())),
        vscode.workspace.onDidChangeConfiguration((e) => {
          if (e.affectsConfiguration('practicum.review')) {
            this.schedule();
            void this.refresh();
          }
        }),
      );
      await this.locate();
      await this.refresh();
      this.schedule();
      void this.sync({ quiet: true });
    })();
    return this.started;
  }

  private schedule(): void {
    clearInterval(this.timer);
    const minutes = this.c.settings.review.fetchIntervalMinutes;
    // With background syncs off, the local records are still re-read so the 48-hour clock moves on.
    this.timer = minutes > 0 ? setInterval(() => void this.sync({ quiet: true }), minutes * 60_000) : setInterval(() => void this.refresh(), LOCAL_REFRESH_MS);
  }

  private async locate(): Promise<void> {
    let repo: string | undefined;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      repo = await repoRoot(folder.uri.fsPath).catch(() => undefined);
      if (repo) break;
    }
    const me = repo ? await gitIdentity(repo).catch(() => undefined) : undefined;
    this.snap = { ...this.snap, repo, me };
    void vscode.commands.executeCommand('setContext', 'practicum.review.noRepo', !repo);
  }

  /** Re-reads the local records (no network). */
  refresh(): Promise<ReviewSnapshot> {
    return this.enqueue(() => this.read());
  }

  /**
   * Fetches and pushes `refs/practicum/*`, then re-reads. Quiet syncs (timer, focus) record the
   * failure for the views to show; others throw it to the command that asked.
   */
  sync(opts: { quiet: boolean }): Promise<SyncReport | undefined> {
    return this.enqueue(async () => {
      const repo = this.snap.repo;
      if (!repo) {
        if (opts.quiet) return undefined;
        throw new Error('Open a folder that is a git repository to sync submissions and reviews.');
      }
      if (!vscode.workspace.isTrusted) {
        // Fetch and push run programs the repository's own config names (upload-pack, ssh command, hooks).
        const untrusted = new PracticumError('untrusted', 'Submissions and reviews are not synced in Restricted Mode: fetch and push run programs from the repository\'s git config. Trust the workspace to sync.');
        this.snap = { ...this.snap, syncError: untrusted.message };
        this.changed.fire(this.snap);
        if (opts.quiet) return undefined;
        throw untrusted;
      }
      const remote = this.c.settings.review.remote;
      let report: SyncReport | undefined;
      try {
        report = await syncRecords({ repo, remote });
        this.snap = { ...this.snap, syncError: report.pushError ?? undefined };
        this.warnConflicts(report.conflicts);
        if (report.fetched.length || report.pushed.length) this.log.info(`sync ${remote}: fetched ${report.fetched.length}, pushed ${report.pushed.length}`);
      } catch (e) {
        // No remote is a normal offline state, not a failure: records wait here until one exists.
        const message =
          isPracticumError(e) && e.reason === 'environment' && /no git remote/.test(e.message)
            ? `Working locally: submissions and reviews stay in this repository until it has a remote "${remote}" to share them through.`
            : isPracticumError(e)
              ? e.message
              : errorMessage(e);
        // A background sync repeats every few minutes: log a failure when it changes, not each time.
        if (message !== this.snap.syncError) this.log.warn(`sync with ${remote} failed`, e);
        this.snap = { ...this.snap, syncError: message };
        if (!opts.quiet) throw e;
      } finally {
        this.lastSyncMs = Date.now();
      }
      await this.read();
      return report;
    });
  }

  /** Tells the user once about each conflict a sync found, with what to do; the view keeps a line about them. */
  private warnConflicts(conflicts: SyncConflict[]): void {
    for (const c of conflicts) {
      if (this.reported.has(c.keptAs)) continue;
      this.reported.add(c.keptAs);
      this.log.warn(`record conflict ${c.ref}: ${c.reason}. ${c.fix}`);
      void vscode.window
        .showWarningMessage(`Practicum: the team remote holds a ${c.kind} record that ${c.local ? 'differs from yours under the same name' : 'does not match its own name'} (${c.ref}). ${c.local ? 'Yours is kept' : 'It was not adopted'}; nothing was replaced.`, { detail: c.fix }, 'Copy Fix')
        .then((pick) => (pick ? vscode.env.clipboard.writeText(c.fix) : undefined));
    }
  }

  /** Runs `fn` (a write) in the queue, then re-reads so the views update at once. */
  mutate<T>(fn: (repo: string) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      const repo = this.snap.repo;
      if (!repo) throw new Error('Open a folder that is a git repository first.');
      const result = await fn(repo);
      await this.read();
      return result;
    });
  }

  find(submissionId: string): SubmissionView | undefined {
    return this.snap.submissions.find((s) => s.record.id === submissionId);
  }

  isMine(view: SubmissionView): boolean {
    return !!this.snap.me && view.record.learner.email.toLowerCase() === this.snap.me.email.toLowerCase();
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Never throws: a failed read keeps the last snapshot, so the views stay usable. */
  private async read(): Promise<ReviewSnapshot> {
    try {
      await this.readUnsafe();
    } catch (e) {
      this.log.warn('could not read submissions and reviews', e);
    }
    return this.snap;
  }

  private async readUnsafe(): Promise<void> {
    const { repo, me } = this.snap;
    if (!repo) {
      this.snap = { ...this.snap, submissions: [], myLearners: new Set(), unpushed: 0 };
    } else {
      const review = this.c.settings.review;
      const [listing, learners, unpushed, conflicts] = await Promise.all([
        listSubmissions({ repo, windowHours: review.windowHours, requireSigned: review.requireSignedReviews || undefined }),
        me ? mentorLearners(repo, me.email) : undefined,
        unpushedRefs(repo, review.remote).catch(() => []),
        listConflicts(repo).catch(() => []),
      ]);
      for (const p of [...listing.problems.map((p) => `${p.ref}: ${p.problem}`), ...(learners?.problems ?? []).map((p) => `${p.file}: ${p.problem}`)]) {
        if (this.reported.has(p)) continue;
        this.reported.add(p);
        this.log.warn(`skipped ${p}`);
      }
      this.snap = { ...this.snap, submissions: listing.submissions, myLearners: learners?.learners ?? new Set(), unpushed: unpushed.length, conflicts };
    }
    this.changed.fire(this.snap);
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
  }
}

import * as vscode from 'vscode';
import { DEFAULT_RECENT_DAYS, filterViews, queueGroup, splitReviewed, type QueueGroup, type SubmissionView } from '../../core/review/model';
import type { ReviewService, ReviewSnapshot } from './service';
import { childNodes, treeItem, type OlderNode, type ReviewNode } from './treeNodes';

/** Whose submissions the mentor queue shows. */
export type QueueFilter = 'mine' | 'all';
const FILTER_KEY = 'practicum.review.filter';

/** What a queue holds, per group; also returned by the internal snapshot command for tests and scripts. */
export interface QueueContents {
  filter: QueueFilter;
  overdue: string[];
  waiting: string[];
  /** Decided within the last `practicum.review.recentDays` days, newest verdict first. */
  reviewed: string[];
  /** Decided before that (under "Reviewed" › "Older"), newest verdict first. */
  older: string[];
}

/** The queue's submissions per group; `older` is the part of "Reviewed" past the recent window. */
export type QueueViews = Record<QueueGroup | 'older', SubmissionView[]>;

/**
 * The mentor's "Reviews" view: submissions by other people, grouped Overdue / Waiting / Reviewed,
 * filtered to the learners assigned to me or to everyone, with a badge counting what waits for me.
 */
export class QueueView implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ReviewNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly service: ReviewService,
    private readonly memento: vscode.Memento,
    /** Days a verdict stays under "Reviewed" before moving to "Older". */
    private readonly recentDays: () => number = () => DEFAULT_RECENT_DAYS,
    private readonly now: () => number = Date.now,
  ) {
    this.view = vscode.window.createTreeView('practicum.reviews', { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(this.view, this.changed, service.onDidChange((s) => this.update(s)));
    void this.setFilterContext();
  }

  /** The saved choice, else "mine" when the cohort files assign learners to me. */
  get filter(): QueueFilter {
    const saved = this.memento.get<QueueFilter>(FILTER_KEY);
    return saved ?? (this.service.snapshot.myLearners.size > 0 ? 'mine' : 'all');
  }

  async setFilter(filter: QueueFilter): Promise<void> {
    await this.memento.update(FILTER_KEY, filter);
    await this.setFilterContext();
    this.update(this.service.snapshot);
  }

  private setFilterContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', FILTER_KEY, this.filter);
  }

  /** Submissions by others, under the current filter, by group. */
  contents(): QueueContents & { views: QueueViews } {
    const snap = this.service.snapshot;
    const others = snap.submissions.filter((v) => !this.service.isMine(v));
    const shown = filterViews(others, { learners: this.filter === 'mine' ? snap.myLearners : undefined });
    const views: QueueViews = { overdue: [], waiting: [], reviewed: [], older: [] };
    for (const v of shown) views[queueGroup(v)].push(v);
    // Oldest first while waiting (who has waited longest); newest verdict first once reviewed.
    const byTime = (a: SubmissionView, b: SubmissionView) => Date.parse(a.record.submittedAt) - Date.parse(b.record.submittedAt);
    views.overdue.sort(byTime);
    views.waiting.sort(byTime);
    const { recent, older } = splitReviewed(views.reviewed, { nowMs: this.now(), days: this.recentDays() });
    views.reviewed = recent;
    views.older = older;
    const ids = (g: keyof QueueViews) => views[g].map((v) => v.record.id);
    return { filter: this.filter, overdue: ids('overdue'), waiting: ids('waiting'), reviewed: ids('reviewed'), older: ids('older'), views };
  }

  private olderNode(views: QueueViews): OlderNode {
    return { kind: 'older', items: views.older, days: this.recentDays() };
  }

  /** A group's node; "Reviewed" carries the "Older" node under it. */
  private groupNode(group: QueueGroup, views: QueueViews): ReviewNode {
    return { kind: 'group', group, items: views[group], ...(group === 'reviewed' ? { older: this.olderNode(views) } : {}) };
  }

  private update(snap: ReviewSnapshot): void {
    const { views } = this.contents();
    const waiting = views.overdue.length + views.waiting.length;
    this.view.badge = waiting ? { value: waiting, tooltip: `${waiting} submission${waiting > 1 ? 's' : ''} waiting for review (${views.overdue.length} overdue)` } : undefined;
    this.view.message = statusMessage(snap);
    void this.setFilterContext();
    this.changed.fire(undefined);
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    return treeItem(node, this.service.snapshot.repo);
  }

  getChildren(node?: ReviewNode): Promise<ReviewNode[]> | ReviewNode[] {
    if (node) return childNodes(node, this.service.snapshot.repo);
    const { views } = this.contents();
    if (views.overdue.length + views.waiting.length + views.reviewed.length + views.older.length === 0) return []; // viewsWelcome explains
    return (['overdue', 'waiting', 'reviewed'] as const).map((group) => this.groupNode(group, views));
  }

  /** Parents let `reveal` show a submission opened from a command, notification or link. */
  getParent(node: ReviewNode): ReviewNode | undefined {
    switch (node.kind) {
      case 'group':
        return undefined;
      case 'older':
        return this.groupNode('reviewed', this.contents().views);
      case 'submission': {
        const { views } = this.contents();
        if (views.older.some((v) => v.record.id === node.view.record.id)) return this.olderNode(views);
        return this.groupNode(queueGroup(node.view), views);
      }
      case 'files':
      case 'review':
        return { kind: 'submission', view: node.view, mine: false };
      case 'file':
        return { kind: 'files', view: node.view };
      case 'comment':
        return { kind: 'review', view: node.view, review: node.review };
    }
  }

  /** Selects a submission in the queue and shows its changes and reviews. */
  async reveal(view: SubmissionView): Promise<void> {
    if (this.service.isMine(view)) return;
    await this.view.reveal({ kind: 'submission', view, mine: false }, { select: true, focus: false, expand: 1 });
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

/** One line above a review tree: what is not yet pushed, or why syncing failed. */
export function statusMessage(snap: ReviewSnapshot): string | undefined {
  const unpushed = snap.unpushed ? `${snap.unpushed} record${snap.unpushed > 1 ? 's' : ''} not yet pushed.` : '';
  const n = snap.conflicts?.length ?? 0;
  const conflicts = n
    ? `⚠ ${n} record conflict${n > 1 ? 's' : ''}: the team remote holds records that differ from yours or from their names. Yours are kept and theirs were not adopted; run "practicum sync" in a terminal for what to do.`
    : '';
  const rest = snap.syncError ? `${snap.syncError.replace(/\s*\(\d+ not yet pushed\)/, '')} ${unpushed}`.trim() : unpushed;
  return [conflicts, rest].filter(Boolean).join(' ') || undefined;
}

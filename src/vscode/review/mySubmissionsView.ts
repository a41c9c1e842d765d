import * as vscode from 'vscode';
import type { SubmissionView } from '../../core/review/model';
import { statusMessage } from './queueView';
import type { ReviewService, ReviewSnapshot } from './service';
import { childNodes, treeItem, type ReviewNode } from './treeNodes';

/**
 * The learner's "My Submissions" view: each submission with its status, the reviews it received
 * (summaries, then line comments that open on the learner's files), and a resubmit action after
 * changes were requested. The badge counts latest rounds with changes requested.
 */
export class MySubmissionsView implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ReviewNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly service: ReviewService) {
    this.view = vscode.window.createTreeView('practicum.mySubmissions', { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(this.view, this.changed, service.onDidChange((s) => this.update(s)));
  }

  /** Mine, newest first. */
  submissions(): SubmissionView[] {
    return this.service.snapshot.submissions
      .filter((v) => this.service.isMine(v))
      .sort((a, b) => Date.parse(b.record.submittedAt) - Date.parse(a.record.submittedAt));
  }

  private update(snap: ReviewSnapshot): void {
    const toDo = this.submissions().filter((v) => v.status === 'changes-requested' && !v.next).length;
    this.view.badge = toDo ? { value: toDo, tooltip: `${toDo} submission${toDo > 1 ? 's' : ''} with changes requested` } : undefined;
    this.view.message = statusMessage(snap);
    this.changed.fire(undefined);
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    return treeItem(node, this.service.snapshot.repo);
  }

  getChildren(node?: ReviewNode): Promise<ReviewNode[]> | ReviewNode[] {
    if (node) return childNodes(node, this.service.snapshot.repo);
    return this.submissions().map((view) => ({ kind: 'submission', view, mine: true }));
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

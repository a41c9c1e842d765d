import * as vscode from 'vscode';
import * as path from 'node:path';
import { OUTBOX_PATHS } from '../../core/export/outbox';
import type { RejectedBatch } from '../../core/export/rejected';
import type { ExportController, OutboxSnapshot } from './exportController';

type Node =
  | { kind: 'status' }
  | { kind: 'queued' }
  | { kind: 'type'; type: string; count: number }
  | { kind: 'next' }
  | { kind: 'rejectedGroup' }
  | { kind: 'rejected'; batch: RejectedBatch }
  | { kind: 'quarantine' };

/** Tree item of a rejected batch; `name` is what "Retry Rejected Batches" restores. */
export class RejectedItem extends vscode.TreeItem {
  constructor(readonly batch: RejectedBatch, file: vscode.Uri) {
    super(`${batch.events} event(s)`, vscode.TreeItemCollapsibleState.None);
    const r = batch.response;
    this.description = r ? `HTTP ${r.status} · ${new Date(r.rejectedAt).toLocaleString()}` : 'response missing';
    this.tooltip = r ? new vscode.MarkdownString().appendText(`Refused by ${r.endpoint} with HTTP ${r.status}:\n\n`).appendCodeblock(r.body.slice(0, 2000) || '(empty body)') : undefined;
    this.iconPath = new vscode.ThemeIcon('error');
    this.contextValue = 'practicum.rejected';
    this.command = { command: 'vscode.open', title: 'Open Response', arguments: [file] };
  }
}

/**
 * "Data Sharing" in the Practicum sidebar: whether sending is on (and why not), what is queued by
 * type, the next batch's retry state, rejected batches and quarantined lines. The badge counts
 * rejected events, the one thing that needs the user.
 */
export class OutboxTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<Node>;
  private snap: OutboxSnapshot | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly controller: ExportController) {
    this.view = vscode.window.createTreeView('practicum.outbox', { treeDataProvider: this, showCollapseAll: false });
    this.disposables.push(
      this.view,
      this.emitter,
      // VS Code defers a hidden view's refresh until it is shown, so every change can be announced.
      controller.onDidChange(() => this.refresh()),
    );
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      return await this.children(node);
    } catch (e) {
      this.controller.log.error('Data Sharing view failed to read the outbox:', e);
      return [];
    }
  }

  private async children(node?: Node): Promise<Node[]> {
    if (!node) {
      this.snap = await this.controller.snapshot(false);
      const s = this.snap;
      const rejectedEvents = s.rejected.reduce((n, r) => n + r.events, 0);
      this.view.badge = rejectedEvents ? { value: rejectedEvents, tooltip: `${rejectedEvents} event(s) refused by the endpoint` } : undefined;
      // An empty list lets the welcome content explain what this view is for.
      if (s.stats.events === 0 && s.rejected.length === 0 && s.quarantined === 0 && !s.state.consent) return [];
      const out: Node[] = [{ kind: 'status' }, { kind: 'queued' }];
      if (s.preview && s.preview.attempts > 0) out.push({ kind: 'next' });
      if (s.rejected.length) out.push({ kind: 'rejectedGroup' });
      if (s.quarantined) out.push({ kind: 'quarantine' });
      return out;
    }
    if (node.kind === 'queued') return Object.entries(this.snap?.stats.byType ?? {}).map(([type, count]) => ({ kind: 'type', type, count }));
    if (node.kind === 'rejectedGroup') return (this.snap?.rejected ?? []).map((batch) => ({ kind: 'rejected', batch }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const s = this.snap;
    const dir = this.controller.outbox.dir;
    switch (node.kind) {
      case 'status': {
        const on = s?.gate.allowed ?? false;
        const item = new vscode.TreeItem(on ? 'Sharing is on' : 'Not sending');
        item.description = on ? (s?.state.paused ? 'paused' : undefined) : s && !s.gate.allowed ? s.gate.reason.replace(/-/g, ' ') : undefined;
        item.tooltip = s && !s.gate.allowed ? s.gate.message : 'Queued events are sent in the background.';
        item.iconPath = new vscode.ThemeIcon(on ? 'cloud-upload' : 'shield');
        return item;
      }
      case 'queued': {
        const n = s?.stats.events ?? 0;
        const item = new vscode.TreeItem(`Queued: ${n} event(s)`, n ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = s?.stats.oldest ? `since ${new Date(s.stats.oldest).toLocaleDateString()}` : undefined;
        item.tooltip = `Outbox folder: ${dir}`;
        item.iconPath = new vscode.ThemeIcon('inbox');
        return item;
      }
      case 'type': {
        const item = new vscode.TreeItem(node.type);
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon('symbol-event');
        return item;
      }
      case 'next': {
        const p = s?.preview;
        const item = new vscode.TreeItem(`Retrying: ${p?.attempts ?? 0} failed attempt(s)`);
        item.description = p?.nextAttemptAt ? `next ${new Date(p.nextAttemptAt).toLocaleTimeString()}` : undefined;
        item.tooltip = p?.lastError ?? undefined;
        item.iconPath = new vscode.ThemeIcon('sync');
        return item;
      }
      case 'rejectedGroup': {
        const item = new vscode.TreeItem(`Rejected: ${s?.rejected.length ?? 0} batch(es)`, vscode.TreeItemCollapsibleState.Expanded);
        item.tooltip = 'The endpoint refused these; they are kept. Fix the cause, then retry.';
        item.iconPath = new vscode.ThemeIcon('warning');
        item.contextValue = 'practicum.rejected';
        return item;
      }
      case 'rejected':
        return new RejectedItem(node.batch, vscode.Uri.file(path.join(dir, OUTBOX_PATHS.rejected, `${node.batch.name}.response.json`)));
      case 'quarantine': {
        const item = new vscode.TreeItem(`Quarantined: ${s?.quarantined ?? 0} malformed line(s)`);
        item.tooltip = 'Lines that were not valid events; kept for inspection, never sent.';
        item.iconPath = new vscode.ThemeIcon('circle-slash');
        item.command = { command: 'vscode.open', title: 'Open Quarantine', arguments: [vscode.Uri.file(path.join(dir, OUTBOX_PATHS.quarantine, 'quarantined.jsonl'))] };
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { changedFiles, type ChangedFile } from '../../core/review/changes';
import type { QueueGroup, SubmissionView } from '../../core/review/model';
import type { LineComment, ReviewRecord } from '../../core/review/schema';

/** Everything the two review trees show, as plain data (tree items are built on demand). */
export type ReviewNode =
  | { kind: 'group'; group: QueueGroup; items: SubmissionView[]; older?: OlderNode }
  | OlderNode
  | { kind: 'submission'; view: SubmissionView; mine: boolean }
  | { kind: 'files'; view: SubmissionView }
  | { kind: 'file'; view: SubmissionView; file: ChangedFile }
  | { kind: 'review'; view: SubmissionView; review: ReviewRecord }
  | { kind: 'comment'; view: SubmissionView; review: ReviewRecord; comment: LineComment };

/** Under "Reviewed": submissions decided more than `days` ago, so the group stays short. */
export interface OlderNode {
  kind: 'older';
  items: SubmissionView[];
  days: number;
}

const GROUP_LABEL: Record<QueueGroup, string> = { overdue: 'Overdue', waiting: 'Waiting', reviewed: 'Reviewed' };
const VERDICT_LABEL = { approve: 'approved', changes: 'requested changes', comment: 'commented' } as const;

/** Changed-file lists per base..head; commits are immutable, so entries never go stale. */
const fileCache = new Map<string, Promise<ChangedFile[]>>();

export function filesOf(repo: string, view: SubmissionView): Promise<ChangedFile[]> {
  const key = `${view.record.base}..${view.record.head}`;
  let p = fileCache.get(key);
  if (!p) {
    p = changedFiles(repo, view.record.base, view.record.head);
    p.catch(() => fileCache.delete(key));
    fileCache.set(key, p);
  }
  return p;
}

/** "3 h ago", "2 d ago". */
export function ago(iso: string, nowMs = Date.now()): string {
  const h = (nowMs - Date.parse(iso)) / 3_600_000;
  if (h < 1) return `${Math.max(0, Math.round(h * 60))} min ago`;
  if (h < 48) return `${Math.round(h)} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

function statusIcon(view: SubmissionView): vscode.ThemeIcon {
  if (view.status === 'approved') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (view.status === 'changes-requested') return new vscode.ThemeIcon('request-changes', new vscode.ThemeColor('list.warningForeground'));
  return view.overdue ? new vscode.ThemeIcon('clock', new vscode.ThemeColor('list.errorForeground')) : new vscode.ThemeIcon('circle-large-outline');
}

export function statusText(view: SubmissionView): string {
  if (view.status === 'approved') return 'approved';
  if (view.status === 'changes-requested') return 'changes requested';
  return view.overdue ? 'overdue' : 'waiting for review';
}

function tooltip(view: SubmissionView): vscode.MarkdownString {
  const r = view.record;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${r.exercise}** · round ${r.round} · ${statusText(view)}\n\n`);
  md.appendText(`${r.learner.name} <${r.learner.email}> submitted ${new Date(r.submittedAt).toLocaleString()}\n`);
  if (r.message) md.appendMarkdown('\n> ').appendText(r.message.replace(/\n/g, ' ')).appendMarkdown('\n');
  if (r.checks.length) {
    md.appendMarkdown('\n**Checks at submit time**\n\n');
    for (const c of r.checks) md.appendMarkdown(`- ${c.status === 'pass' ? '$(pass)' : c.status === 'fail' ? '$(error)' : '$(circle-slash)'} `).appendText(`${c.title}${c.selfAttested ? ' (self-attested)' : ''}: ${c.message}`).appendMarkdown('\n');
  }
  if (view.turnaroundHours !== null) md.appendMarkdown(`\nFirst review after ${view.turnaroundHours} h`);
  return md;
}

/** The tree item for a node; `contextValue`s drive the inline actions in package.json. */
export function treeItem(node: ReviewNode, repo: string | undefined): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'group': {
      const older = node.older?.items.length ?? 0;
      const item = new vscode.TreeItem(GROUP_LABEL[node.group], node.items.length + older ? (node.group === 'reviewed' ? C.Collapsed : C.Expanded) : C.None);
      item.id = `group:${node.group}`;
      item.description = older ? `${node.items.length} · ${older} older` : String(node.items.length);
      item.contextValue = 'group';
      return item;
    }
    case 'older': {
      const item = new vscode.TreeItem('Older', node.items.length ? C.Collapsed : C.None);
      item.id = 'group:older';
      item.description = String(node.items.length);
      item.tooltip = `Verdicts given more than ${node.days} day${node.days === 1 ? '' : 's'} ago (setting practicum.review.recentDays)`;
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = 'group';
      return item;
    }
    case 'submission': {
      const { view } = node;
      const r = view.record;
      const item = new vscode.TreeItem(node.mine ? r.exercise : `${r.learner.name || r.learner.email} · ${r.exercise}`, C.Collapsed);
      item.id = `${node.mine ? 'mine' : 'queue'}:${r.id}`;
      item.description = `round ${r.round} · ${node.mine ? statusText(view) : view.overdue ? `overdue, ${ago(r.submittedAt)}` : ago(r.submittedAt)}`;
      item.tooltip = tooltip(view);
      item.iconPath = statusIcon(view);
      const flags = ['submission', `status=${view.status}`];
      if (!node.mine) flags.push('reviewable');
      if (node.mine && view.status === 'changes-requested' && !view.next) flags.push('resubmittable');
      item.contextValue = flags.join(';');
      item.command = node.mine ? undefined : { command: 'practicum.review.open', title: 'Open Submission', arguments: [r.id] };
      return item;
    }
    case 'files': {
      const item = new vscode.TreeItem('Changes', C.Collapsed);
      item.id = `files:${node.view.record.id}`;
      item.description = `${node.view.record.base.slice(0, 7)}…${node.view.record.head.slice(0, 7)}`;
      item.iconPath = new vscode.ThemeIcon('diff');
      item.contextValue = 'files';
      return item;
    }
    case 'file': {
      const { file, view } = node;
      const item = new vscode.TreeItem(path.posix.basename(file.path), C.None);
      item.id = `file:${view.record.id}:${file.path}`;
      const dir = path.posix.dirname(file.path);
      item.description = `${dir === '.' ? '' : dir + ' '}${file.status === 'R' ? `← ${file.oldPath}` : ''}`.trim();
      if (repo) item.resourceUri = vscode.Uri.file(path.join(repo, file.path));
      item.tooltip = `${file.path} (${{ A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type changed' }[file.status]})`;
      item.command = { command: 'practicum.review.openFile', title: 'Open Changes', arguments: [view.record.id, file.path] };
      item.contextValue = 'file';
      return item;
    }
    case 'review': {
      const { review } = node;
      const item = new vscode.TreeItem(`${review.reviewer.name || review.reviewer.email} ${VERDICT_LABEL[review.verdict]}`, review.comments.length ? C.Expanded : C.None);
      item.id = `review:${review.id}`;
      const unverified = node.view.unverified?.get(review.id);
      item.description = `${unverified !== undefined ? '(unverified, not counted) ' : ''}${review.body.split('\n')[0] ?? ''}`;
      item.tooltip = new vscode.MarkdownString().appendText(`${review.body || '(no summary)'}\n\n${new Date(review.at).toLocaleString()}${unverified !== undefined ? `\n\nUnverified: ${unverified}. It sets no status and enters no metric.` : ''}`);
      item.iconPath = new vscode.ThemeIcon(review.verdict === 'approve' ? 'pass' : review.verdict === 'changes' ? 'request-changes' : 'comment');
      item.contextValue = 'review';
      return item;
    }
    case 'comment': {
      const { comment } = node;
      const item = new vscode.TreeItem(comment.body.split('\n')[0] ?? '', C.None);
      item.id = `comment:${node.review.id}/${comment.id}`;
      item.description = `${comment.file}:${comment.line}`;
      item.tooltip = new vscode.MarkdownString().appendText(comment.body);
      item.iconPath = new vscode.ThemeIcon(comment.replyTo ? 'reply' : 'comment');
      item.command = { command: 'practicum.review.openComment', title: 'Open Comment', arguments: [node.view.record.id, node.review.id, comment.id] };
      item.contextValue = 'comment';
      return item;
    }
  }
}

/** Children shared by both trees; changed files are listed only when their node is expanded. */
export async function childNodes(node: ReviewNode, repo: string | undefined): Promise<ReviewNode[]> {
  switch (node.kind) {
    case 'group': {
      const items: ReviewNode[] = node.items.map((view) => ({ kind: 'submission', view, mine: false }));
      return node.older?.items.length ? [...items, node.older] : items;
    }
    case 'older':
      return node.items.map((view) => ({ kind: 'submission', view, mine: false }));
    case 'submission': {
      const reviews: ReviewNode[] = node.view.reviews.map((review) => ({ kind: 'review', view: node.view, review }));
      const files: ReviewNode = { kind: 'files', view: node.view };
      return node.mine ? [...reviews, files] : [files, ...reviews];
    }
    case 'files':
      return repo ? (await filesOf(repo, node.view)).map((file) => ({ kind: 'file', view: node.view, file })) : [];
    case 'review':
      return node.review.comments.map((comment) => ({ kind: 'comment', view: node.view, review: node.review, comment }));
    default:
      return [];
  }
}

import * as vscode from 'vscode';
import type { LearnerSummary } from '../../core/git/learnerCommits';
import type { ScanRun } from '../../core/git/scan';
import type { AiCommit } from '../../core/git/scanSchema';

/** What the AI Commits view shows. `noRepo`, `untrusted`, `off` and `error` leave the tree empty for viewsWelcome. */
export type AiCommitsState =
  | { kind: 'noRepo' }
  | { kind: 'untrusted' }
  | { kind: 'off' }
  | { kind: 'error'; message: string }
  | { kind: 'scanning' }
  | { kind: 'ready'; run: ScanRun; summary: LearnerSummary; subjects: ReadonlyMap<string, string> };

type Node =
  | { type: 'info'; id: string; label: string; description?: string; icon: string; tooltip?: string | vscode.MarkdownString; color?: string }
  | { type: 'group'; id: string; label: string; commits: AiCommit[] }
  | { type: 'commit'; commit: AiCommit; subject: string | undefined };

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function ago(iso: string, now: number): string {
  const days = Math.floor((now - Date.parse(iso)) / 86_400_000);
  if (days < 1) return 'today';
  if (days < 2) return 'yesterday';
  if (days < 30) return `${days} days ago`;
  return dateFormat.format(new Date(iso));
}

function kinds(c: AiCommit): string {
  return [c.assisted ? 'assisted' : '', c.building ? 'building' : ''].filter(Boolean).join(' + ');
}

/** Hover for one commit: what it is, and every signal that classified it. */
export function commitTooltip(c: AiCommit, subject: string | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  if (subject) {
    md.appendMarkdown('**');
    md.appendText(subject);
    md.appendMarkdown('**\n\n');
  }
  md.appendText(`${c.hash.slice(0, 10)} · ${timeFormat.format(new Date(c.authoredAt))} · ${kinds(c)}`);
  md.appendMarkdown('\n\n**Signals**\n');
  for (const s of c.signals) {
    md.appendMarkdown('\n- ');
    md.appendText(s);
  }
  return md;
}

/** The "AI Commits" section: this week, in total, the first one, then each commit with its signals on hover. */
export class AiCommitsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private state: AiCommitsState = { kind: 'scanning' };
  private shown: Extract<AiCommitsState, { kind: 'ready' }> | undefined;

  /** Keeps the last result on screen while a rescan runs. */
  setState(state: AiCommitsState): void {
    this.state = state;
    if (state.kind === 'ready') this.shown = state;
    else if (state.kind !== 'scanning') this.shown = undefined;
    this.changed.fire();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'commit') {
      const c = node.commit;
      const item = new vscode.TreeItem(node.subject ?? c.hash.slice(0, 10));
      item.id = `commit:${c.hash}`;
      item.description = `${ago(c.authoredAt, Date.now())} · ${kinds(c)}`;
      item.tooltip = commitTooltip(c, node.subject);
      item.iconPath = new vscode.ThemeIcon(c.building ? 'beaker' : 'sparkle');
      item.contextValue = 'aiCommit';
      item.accessibilityInformation = { label: `${node.subject ?? 'commit'}, ${kinds(c)}, ${ago(c.authoredAt, Date.now())}, signals: ${c.signals.join(', ')}` };
      return item;
    }
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      return item;
    }
    const item = new vscode.TreeItem(node.label);
    item.id = node.id;
    if (node.description) item.description = node.description;
    if (node.tooltip) item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (node?.type === 'group') return node.commits.map((commit) => ({ type: 'commit', commit, subject: this.shown?.subjects.get(commit.hash) }));
    if (node) return [];
    const s = this.shown;
    if (!s) return this.state.kind === 'scanning' ? [{ type: 'info', id: 'scanning', label: 'Scanning history…', icon: 'loading~spin' }] : [];
    return this.rootNodes(s);
  }

  private rootNodes({ run, summary }: Extract<AiCommitsState, { kind: 'ready' }>): Node[] {
    const nodes: Node[] = [];
    if (run.empty) return [{ type: 'info', id: 'empty', label: 'No commits yet', icon: 'info' }];
    if (run.shallow) {
      nodes.push({ type: 'info', id: 'shallow', label: 'History is partial (shallow clone)', icon: 'warning', color: 'list.warningForeground', tooltip: 'Older commits are missing from this clone, so totals and your first AI commit may be incomplete. Run "git fetch --unshallow" to get the full history.' });
    }
    if (!summary.email) {
      nodes.push({ type: 'info', id: 'no-email', label: 'Set git user.email to see your commits', icon: 'account', tooltip: 'Your AI commits are found by your git email. Run: git config user.email you@example.com' });
    } else {
      nodes.push({ type: 'info', id: 'week', label: 'This week', description: plural(summary.thisWeek, 'AI commit'), icon: 'calendar' });
      nodes.push({ type: 'info', id: 'total', label: 'In total', description: `${plural(summary.total, 'AI commit')} of your ${plural(summary.commits, 'commit')}`, icon: 'git-commit' });
      nodes.push({
        type: 'info',
        id: 'first',
        label: 'First AI commit',
        description: summary.firstAt ? dateFormat.format(new Date(summary.firstAt)) : 'not yet',
        icon: 'star-empty',
        tooltip: summary.firstAt ? undefined : 'A commit counts when an AI tool helped write it (a co-author trailer, an AI bot, aider, Claude Code…) or when it adds AI to the product (an LLM or vector-store SDK, prompt or eval files).',
      });
    }
    nodes.push({ type: 'info', id: 'repo', label: 'Repository', description: `${run.result.aiCommits.length} of ${run.result.totalCommits} commits AI-related`, icon: 'repo', tooltip: `Rules ${run.result.rulesVersion}` });
    for (const p of run.rulesProblems) nodes.push({ type: 'info', id: `problem:${p}`, label: 'Team AI rules ignored', description: p, tooltip: p, icon: 'warning', color: 'list.warningForeground' });
    if (summary.recent.length > 0) nodes.push({ type: 'group', id: 'recent', label: summary.recent.length < summary.total ? `Your latest ${summary.recent.length} AI commits` : 'Your AI commits', commits: summary.recent });
    return nodes;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

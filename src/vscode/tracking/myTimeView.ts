import * as vscode from 'vscode';
import { formatDuration, formatShare } from '../../core/tracking/format';
import { NO_EXERCISE } from '../../core/tracking/sessions';
import type { WeekSummary } from '../../core/tracking/weekTime';

export const MY_TIME_VIEW = 'practicum.myTime';

type Node =
  | { kind: 'goal' }
  | { kind: 'group'; group: 'days' | 'exercises' }
  | { kind: 'day'; key: string; seconds: number; today: boolean }
  | { kind: 'exercise'; id: string; seconds: number };

const dayLabel = (key: string) => {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
};

/** "My Time": this week by day and by exercise, with the goal on top. Empty until there is time to show (see viewsWelcome). */
export class MyTimeView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private week: WeekSummary | undefined;
  private goalHours = 5;

  constructor() {
    this.view = vscode.window.createTreeView(MY_TIME_VIEW, { treeDataProvider: this, showCollapseAll: false });
  }

  update(week: WeekSummary, goalHours: number, paused: boolean): void {
    this.week = week;
    this.goalHours = goalHours;
    const total = week.totals.totalSeconds;
    this.view.description = `${formatDuration(total)} / ${formatDuration(goalHours * 3600)}${paused ? ' · paused' : ''}`;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const w = this.week;
    if (!w || w.totals.totalSeconds === 0) return [];
    if (!node) return [{ kind: 'goal' }, { kind: 'group', group: 'days' }, { kind: 'group', group: 'exercises' }];
    if (node.kind !== 'group') return [];
    if (node.group === 'days') return w.days.filter((k) => k <= w.today).map((key) => ({ kind: 'day', key, seconds: w.totals.byDay[key] ?? 0, today: key === w.today }));
    return Object.entries(w.totals.byExercise)
      .sort((a, b) => b[1] - a[1])
      .map(([id, seconds]) => ({ kind: 'exercise', id, seconds }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const t = this.week?.totals;
    switch (node.kind) {
      case 'goal': {
        const total = t?.totalSeconds ?? 0;
        const goal = this.goalHours * 3600;
        const item = new vscode.TreeItem(`${formatDuration(total)} of ${formatDuration(goal)}`);
        item.description = `${formatShare(total, goal)} · AI-assisted ${formatShare(t?.aiAssistedSeconds ?? 0, total)}`;
        item.iconPath = new vscode.ThemeIcon(total >= goal ? 'pass-filled' : 'target');
        item.tooltip = `Hands-on editor time this week (Monday to Sunday, your time zone): ${formatShare(total, goal)} of the ${formatDuration(goal)} goal. AI-assisted: time during bursts of AI-written edits.`;
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.group === 'days' ? 'By day' : 'By exercise', vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon(node.group === 'days' ? 'calendar' : 'beaker');
        return item;
      }
      case 'day': {
        const item = new vscode.TreeItem(dayLabel(node.key) + (node.today ? ' (today)' : ''));
        item.description = node.seconds > 0 ? formatDuration(node.seconds) : '–';
        item.iconPath = new vscode.ThemeIcon(node.seconds > 0 ? 'circle-filled' : 'circle-outline');
        return item;
      }
      case 'exercise': {
        const item = new vscode.TreeItem(node.id === NO_EXERCISE ? 'No exercise' : node.id);
        item.description = formatDuration(node.seconds);
        item.iconPath = new vscode.ThemeIcon(node.id === NO_EXERCISE ? 'circle-slash' : 'beaker');
        return item;
      }
    }
  }

  reveal(): Thenable<void> {
    return vscode.commands.executeCommand(`${MY_TIME_VIEW}.focus`);
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}

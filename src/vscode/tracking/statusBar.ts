import * as vscode from 'vscode';
import { formatDuration, formatShare } from '../../core/tracking/format';
import type { WeekSummary } from '../../core/tracking/weekTime';
import { NO_EXERCISE } from '../../core/tracking/sessions';

export const SHOW_MY_TIME = 'practicum.time.showMyTime';
export const PAUSE = 'practicum.time.pause';
export const RESUME = 'practicum.time.resume';

/** One left-side item: this week's hands-on time against the goal, or that tracking is paused. */
export class TimeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('practicum.time', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Practicum Hands-on Time';
    this.item.text = '$(watch) …';
    this.item.command = SHOW_MY_TIME;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
  }

  update(week: WeekSummary, goalHours: number, paused: boolean): void {
    const t = week.totals;
    const goal = formatDuration(goalHours * 3600);
    if (paused) {
      this.item.text = '$(debug-pause) Time paused';
      this.item.command = { command: RESUME, title: 'Resume time tracking' };
      this.item.accessibilityInformation = { label: `Practicum time tracking is paused. ${formatDuration(t.totalSeconds)} this week. Activate to resume.` };
    } else {
      this.item.text = `$(watch) ${formatDuration(t.totalSeconds)} / ${goal}`;
      this.item.command = { command: SHOW_MY_TIME, title: 'Show My Time' };
      this.item.accessibilityInformation = { label: `Hands-on time this week: ${formatDuration(t.totalSeconds)} of ${goal} goal` };
    }
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [SHOW_MY_TIME, PAUSE, RESUME] };
    md.appendMarkdown(`**Hands-on time this week:** ${formatDuration(t.totalSeconds)} of ${goal} (${formatShare(t.totalSeconds, goalHours * 3600)})\n\n`);
    md.appendMarkdown(`AI-assisted: ${formatShare(t.aiAssistedSeconds, t.totalSeconds)} (${formatDuration(t.aiAssistedSeconds)})\n\n`);
    const rows = Object.entries(t.byExercise).sort((a, b) => b[1] - a[1]);
    if (rows.length) {
      md.appendMarkdown('| Exercise | Time |\n|:--|--:|\n');
      for (const [id, s] of rows) md.appendMarkdown(`| ${id === NO_EXERCISE ? '_no exercise_' : id} | ${formatDuration(s)} |\n`);
      md.appendMarkdown('\n');
    }
    if (paused) md.appendMarkdown('Tracking is **paused**. ');
    md.appendMarkdown(`[$(watch) My Time](command:${SHOW_MY_TIME}) · `);
    md.appendMarkdown(paused ? `[$(play) Resume tracking](command:${RESUME})` : `[$(debug-pause) Pause tracking](command:${PAUSE})`);
    this.item.tooltip = md;
  }

  dispose(): void {
    this.item.dispose();
  }
}

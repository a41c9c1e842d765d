import * as vscode from 'vscode';
import type { CatalogExercise, CatalogModule, CatalogTrack } from '../../core/catalog/catalog';
import { formatMinutes } from '../../core/catalog/format';
import { markdownText as md } from '../../core/text/markdownText';
import { standing, type LearnSnapshot } from './learnModel';

export type LearnNode = { kind: 'track'; track: CatalogTrack } | { kind: 'module'; module: CatalogModule } | { kind: 'exercise'; exercise: CatalogExercise };

// Catalog text enters these markdown tooltips only through `md` (escaped): a team catalog's links and images never render.
const originNote = { bundled: '', repository: 'from this repository', folder: 'from a catalog folder' } as const;

/** "Learn": tracks → modules → exercises, with estimates and the learner's progress in this repository. */
export class LearnTreeProvider implements vscode.TreeDataProvider<LearnNode> {
  private readonly changed = new vscode.EventEmitter<LearnNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly snapshot: () => Promise<LearnSnapshot>) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: LearnNode): Promise<LearnNode[]> {
    if (!node) return (await this.snapshot()).catalog.tracks.map((track) => ({ kind: 'track', track }));
    if (node.kind === 'track') return node.track.modules.map((module) => ({ kind: 'module', module }));
    if (node.kind === 'module') return node.module.exercises.map((exercise) => ({ kind: 'exercise', exercise }));
    return [];
  }

  /** The node of an exercise, for `TreeView.reveal`. */
  async exerciseNode(id: string): Promise<LearnNode | undefined> {
    const exercise = (await this.snapshot()).catalog.exercise(id);
    return exercise ? { kind: 'exercise', exercise } : undefined;
  }

  async getParent(node: LearnNode): Promise<LearnNode | undefined> {
    const { catalog } = await this.snapshot();
    if (node.kind === 'exercise') {
      const module = catalog.module(node.exercise.moduleId);
      return module ? { kind: 'module', module } : undefined;
    }
    if (node.kind === 'module') {
      const track = catalog.track(node.module.trackId);
      return track ? { kind: 'track', track } : undefined;
    }
    return undefined;
  }

  async getTreeItem(node: LearnNode): Promise<vscode.TreeItem> {
    const snap = await this.snapshot();
    if (node.kind === 'track') {
      const t = node.track;
      const exercises = t.modules.flatMap((m) => m.exercises);
      const done = exercises.filter((e) => standing(snap, e).submittedRounds > 0).length;
      const hours = t.modules.reduce((n, m) => n + m.hours, 0);
      const item = new vscode.TreeItem(t.title, t.kind === 'foundational' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `track:${t.id}`;
      item.description = `${done}/${exercises.length} submitted · ${hours} h`;
      item.tooltip = new vscode.MarkdownString(`**${md(t.title)}**\n\n${md(t.summary)}\n\n${t.modules.length} modules, ${exercises.length} exercises, about ${hours} h${note(t.location.source.origin)}`);
      item.iconPath = new vscode.ThemeIcon(t.kind === 'foundational' ? 'mortar-board' : 'library');
      item.contextValue = 'track';
      return item;
    }
    if (node.kind === 'module') {
      const m = node.module;
      const done = m.exercises.filter((e) => standing(snap, e).submittedRounds > 0).length;
      const item = new vscode.TreeItem(m.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `module:${m.id}`;
      item.description = `${m.hours} h · ${Math.round(m.handsOnShare * 100)}% hands-on · ${done}/${m.exercises.length}`;
      const outcomes = m.outcomes.map((o) => `- ${md(o)}`).join('\n');
      item.tooltip = new vscode.MarkdownString(`**${md(m.title)}**\n\n${md(m.summary)}\n\nAfter this module you:\n${outcomes}${note(m.location.source.origin)}`);
      item.iconPath = new vscode.ThemeIcon('folder-library');
      item.contextValue = 'module';
      return item;
    }
    const e = node.exercise;
    const s = standing(snap, e);
    const item = new vscode.TreeItem(e.title, vscode.TreeItemCollapsibleState.None);
    item.id = `exercise:${e.id}`;
    const state =
      s.submittedRounds > 0 ? `submitted${s.submittedRounds > 1 ? ` ×${s.submittedRounds}` : ''}` : s.phase === 'active' ? 'active' : s.phase === 'elsewhere' ? 'in progress' : '';
    const checks = s.total > 0 ? `${s.passed}/${s.total} checks` : '';
    item.description = [formatMinutes(e.estimateMinutes), e.level === 'stretch' ? 'stretch' : '', state, checks].filter(Boolean).join(' · ');
    item.iconPath = icon(s.phase, s.submittedRounds > 0, s.total > 0 && s.passed === s.total);
    item.contextValue = `exercise.${s.phase}`;
    item.tooltip = new vscode.MarkdownString(
      `**${md(e.title)}** (${formatMinutes(e.estimateMinutes)}, ${e.level})\n\n${md(e.summary)}\n\n${e.checks.length} checks · ${e.hints.length} hints${note(e.location.source.origin)}${e.location.replaces ? ' (replaces the bundled exercise)' : ''}`,
    );
    item.command = { command: 'practicum.openExercise', title: 'Open Exercise', arguments: [e.id] };
    item.accessibilityInformation = { label: `${e.title}, ${formatMinutes(e.estimateMinutes)}${state ? `, ${state}` : ', not started'}${checks ? `, ${checks} passing` : ''}` };
    return item;
  }
}

function note(origin: keyof typeof originNote): string {
  return originNote[origin] ? `\n\n_${originNote[origin]}_` : '';
}

function icon(phase: string, submitted: boolean, passing: boolean): vscode.ThemeIcon {
  if (submitted) return new vscode.ThemeIcon('check-all', new vscode.ThemeColor('testing.iconPassed'));
  if (phase === 'active') return new vscode.ThemeIcon(passing ? 'pass-filled' : 'play-circle', new vscode.ThemeColor(passing ? 'testing.iconPassed' : 'charts.blue'));
  if (phase === 'elsewhere') return new vscode.ThemeIcon(passing ? 'pass' : 'circle-filled', new vscode.ThemeColor(passing ? 'testing.iconPassed' : 'charts.yellow'));
  return new vscode.ThemeIcon('circle-large-outline');
}

/** Exercise ids from tree nodes or command arguments. */
export function exerciseIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const a = arg as { kind?: string; exercise?: { id?: unknown }; exerciseId?: unknown };
    if (a.kind === 'exercise' && typeof a.exercise?.id === 'string') return a.exercise.id;
    if (typeof a.exerciseId === 'string') return a.exerciseId;
  }
  return undefined;
}

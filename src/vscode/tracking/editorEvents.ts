import * as vscode from 'vscode';
import type { RawEdit } from '../../core/tracking/aiDetector';
import { isTrackedDocument } from '../../core/tracking/attribution';
import type { ActivityEvent, HeartbeatKind } from '../../core/tracking/heartbeat';

/** Where editor activity goes: one call per event, with the edit's shape for the AI heuristic. */
export interface ActivitySink {
  /** `kind` null: an edit that only the AI heuristic should see. */
  activity(kind: HeartbeatKind | null, source: string, language: string | null, folder: vscode.Uri | undefined, edit?: RawEdit): void;
  focusChanged(focused: boolean): void;
}

/** Save participants (format, organize imports) edit between will-save and did-save; a failed save must not leave the mark forever. */
const SAVE_WINDOW_MS = 5_000;

/**
 * Subscribes to the editor events that count as activity (edits by the user, saves, selection
 * changes, editor switches, terminal commands, debug sessions, tasks, window focus) and passes on
 * only those in the workspace. Holds no state beyond the save window.
 */
export function wireEditorEvents(sink: ActivitySink): vscode.Disposable {
  const saving = new Map<string, number>();
  const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
  const tracked = (uri: vscode.Uri) =>
    isTrackedDocument(
      { scheme: uri.scheme, path: uri.path },
      (vscode.workspace.workspaceFolders ?? []).map((f) => ({ scheme: f.uri.scheme, path: f.uri.path })),
      caseInsensitive,
    );
  const folderOf = (uri?: vscode.Uri) => (uri ? vscode.workspace.getWorkspaceFolder(uri)?.uri : undefined) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const docActivity = (kind: HeartbeatKind, doc: vscode.TextDocument, edit?: RawEdit) => {
    if (tracked(doc.uri)) sink.activity(kind, doc.uri.toString(), doc.languageId, folderOf(doc.uri), edit);
  };
  const other = (kind: Extract<ActivityEvent['kind'], 'terminal' | 'debug' | 'task'>) => sink.activity(kind, kind, null, folderOf(undefined));

  const subs: vscode.Disposable[] = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      const doc = e.document;
      if (!tracked(doc.uri)) return;
      const editor = vscode.window.activeTextEditor;
      const active = editor?.document === doc;
      const key = doc.uri.toString();
      const savedAt = saving.get(key);
      const now = Date.now();
      const edit: RawEdit = {
        at: now,
        changes: e.contentChanges.map((c) => ({ startLine: c.range.start.line, rangeLength: c.rangeLength, text: c.text })),
        cursorLines: active && editor ? editor.selections.map((s) => s.active.line) : [],
        activeDocument: active,
        undoRedo: e.reason !== undefined,
        duringSave: savedAt !== undefined && now - savedAt < SAVE_WINDOW_MS,
      };
      // People type where their cursor is. Changes to other documents (an agent's edits, a reload
      // after checkout) are not the user's activity, but the AI heuristic still needs to see them.
      sink.activity(active ? 'edit' : null, key, doc.languageId, folderOf(doc.uri), edit);
    }),
    vscode.workspace.onWillSaveTextDocument((e) => saving.set(e.document.uri.toString(), Date.now())),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      saving.delete(doc.uri.toString());
      docActivity('save', doc);
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.kind === vscode.TextEditorSelectionChangeKind.Command) return; // moved by an extension, not the user
      docActivity('select', e.textEditor.document);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && docActivity('open', editor.document)),
    vscode.window.onDidChangeWindowState((s) => {
      sink.focusChanged(s.focused);
      const editor = vscode.window.activeTextEditor;
      if (s.focused && editor) docActivity('focus', editor.document);
    }),
    vscode.debug.onDidStartDebugSession(() => other('debug')),
    vscode.tasks.onDidStartTask((e) => {
      if (!e.execution.task.isBackground) other('task'); // watchers run all day without anyone working
    }),
    terminalActivity(() => other('terminal')),
  ];
  return vscode.Disposable.from(...subs);
}

/** Terminal commands where the editor reports them (1.93+), else the first interaction with a terminal. */
function terminalActivity(fn: () => void): vscode.Disposable {
  const w = vscode.window as typeof vscode.window & { onDidStartTerminalShellExecution?: vscode.Event<unknown> };
  if (typeof w.onDidStartTerminalShellExecution === 'function') return w.onDidStartTerminalShellExecution(fn);
  return vscode.window.onDidChangeTerminalState((t) => t.state.isInteractedWith && fn());
}

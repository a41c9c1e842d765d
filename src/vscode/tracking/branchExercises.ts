import * as vscode from 'vscode';
import { exerciseIdOfBranch } from '../../core/learn/branch';
import { readHeadBranch } from '../../core/tracking/attribution';

/** How the current branch of a folder is read; the default reads the repository's HEAD file. */
export type BranchReader = (folderPath: string) => Promise<string | null>;

/**
 * The exercise in progress per workspace folder: the one whose `practicum/<exercise-id>` branch is
 * checked out. Re-read every few seconds and when the window regains focus, so a checkout made in a
 * terminal is picked up without watching `.git`.
 */
export class BranchExercises implements vscode.Disposable {
  private readonly byFolder = new Map<string, string | null>();
  private readonly timer: NodeJS.Timeout;
  private readonly focus: vscode.Disposable;

  constructor(
    private readonly read: BranchReader = readHeadBranch,
    pollMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.refresh(), pollMs);
    this.focus = vscode.window.onDidChangeWindowState((s) => s.focused && void this.refresh());
    void this.refresh();
  }

  /** The exercise for the folder holding the activity (or the first folder), or null. */
  exerciseFor(folder: vscode.Uri | undefined): string | null {
    return folder ? (this.byFolder.get(folder.toString()) ?? null) : null;
  }

  async refresh(): Promise<void> {
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (f.uri.scheme !== 'file') continue;
      const branch = await this.read(f.uri.fsPath).catch(() => null);
      this.byFolder.set(f.uri.toString(), exerciseIdOfBranch(branch) ?? null);
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.focus.dispose();
  }
}

import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Catalog, type CatalogSource } from '../../core/catalog/catalog';
import { loadCatalog } from '../../core/catalog/loader';
import type { Logger } from '../../core/log';
import type { Container } from '../container';

/** The repository's own team catalog, always read when a repository is open. */
export const repositoryCatalogPath = path.join('.practicum', 'exercises');

/**
 * Loads the catalog (bundled, the repository's `.practicum/exercises/`, and the folders from
 * `practicum.catalogFolders`), reloads it when any of those change, and shows each broken file's
 * problems as diagnostics on that file.
 */
export class CatalogService implements vscode.Disposable {
  private current?: Promise<Catalog>;
  private readonly changed = new vscode.EventEmitter<Catalog>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('practicum-catalog');
  private watchers: vscode.Disposable[] = [];
  private reloadTimer?: NodeJS.Timeout;
  private repoRoot: string | undefined;
  private folderKey = '';

  constructor(
    private readonly c: Container,
    private readonly logger: Logger,
  ) {}

  /** The loaded catalog (loads once on first use). */
  catalog(): Promise<Catalog> {
    return (this.current ??= this.load());
  }

  /** Points the repository source at a new root (or none) and reloads if it changed. */
  setRepository(root: string | undefined): void {
    if (root === this.repoRoot) return;
    this.repoRoot = root;
    this.reload();
  }

  /** Reloads when the catalog folders setting changed. */
  settingsChanged(): void {
    const key = JSON.stringify(this.c.settings.catalogFolders);
    if (key !== this.folderKey) this.reload();
  }

  reload(): Promise<Catalog> {
    this.current = this.load();
    void this.current.then((c) => this.changed.fire(c));
    return this.current;
  }

  sources(): CatalogSource[] {
    return catalogSources(this.c, this.repoRoot);
  }

  private async load(): Promise<Catalog> {
    this.folderKey = JSON.stringify(this.c.settings.catalogFolders);
    const sources = this.sources();
    this.watch(sources);
    const started = performance.now();
    try {
      const catalog = await loadCatalog(sources);
      this.logger.info(`Loaded ${catalog.exercises.length} exercises from ${sources.length} catalog source(s) in ${(performance.now() - started).toFixed(0)} ms; ${catalog.errors.length} problem(s).`);
      this.publish(catalog);
      return catalog;
    } catch (e) {
      this.logger.error('Could not load the exercise catalog', e);
      return Catalog.empty();
    }
  }

  private publish(catalog: Catalog): void {
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const e of catalog.errors) {
      const file = e.file;
      const line = Math.max(0, (e.line ?? 1) - 1);
      const col = Math.max(0, (e.column ?? 1) - 1);
      const range = new vscode.Range(line, col, line, col + (e.length ?? 1));
      const d = new vscode.Diagnostic(range, e.path ? `${e.path}: ${e.message}` : e.message, vscode.DiagnosticSeverity.Error);
      d.source = 'Practicum catalog';
      const list = byFile.get(file) ?? [];
      list.push(d);
      byFile.set(file, list);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(anchorFor(file)), list);
  }

  private watch(sources: CatalogSource[]): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const s of sources) {
      if (s.origin === 'bundled') continue;
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(s.dir), '**/*'));
      const schedule = () => {
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.reload(), 300);
      };
      w.onDidChange(schedule);
      w.onDidCreate(schedule);
      w.onDidDelete(schedule);
      this.watchers.push(w);
    }
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const w of this.watchers) w.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}

/**
 * Where the catalog is read from for a repository (or none): the bundled catalog, the repository's
 * `.practicum/exercises/`, then the folders from `practicum.catalogFolders`, relative to the repository.
 */
export function catalogSources(c: Container, repoRoot: string | undefined): CatalogSource[] {
  const base = repoRoot ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  const out: CatalogSource[] = [{ dir: vscode.Uri.joinPath(c.context.extensionUri, 'exercises').fsPath, origin: 'bundled' }];
  if (repoRoot) out.push({ dir: path.join(repoRoot, repositoryCatalogPath), origin: 'repository' });
  for (const folder of c.settings.catalogFolders) {
    const expanded = folder.startsWith('~') ? path.join(os.homedir(), folder.slice(1)) : folder;
    out.push({ dir: path.resolve(base, expanded), origin: 'folder' });
  }
  return out;
}

/** A missing brief is shown on its exercise.json; a missing track or module file is listed under the path where it belongs. */
function anchorFor(file: string): string {
  const base = path.basename(file);
  if (base === 'brief.md') return path.join(path.dirname(file), 'exercise.json');
  return file;
}

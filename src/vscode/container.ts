import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { nullSink, type EventSink } from '../core/export/sink';
import { registerCommand } from './commands';
import { onSettingsChanged, readSettings, type Settings } from './config';

/**
 * Owns everything the extension creates: one place to reach the logger, settings and storage,
 * and every disposable, released together on deactivate.
 */
export class Container implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly flushers: Array<() => Promise<void>> = [];
  private _settings: Settings;
  /** Behaviour-level events; the export feature replaces the null sink with its outbox. */
  events: EventSink = nullSink;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly logger: Logger,
    readonly channel: vscode.LogOutputChannel,
  ) {
    this._settings = readSettings();
    this.register(onSettingsChanged((s) => (this._settings = s)));
  }

  get settings(): Settings {
    return this._settings;
  }

  /** Folder for learner-local state (progress, logs, outbox). */
  get storageDir(): string {
    return this.context.globalStorageUri.fsPath;
  }

  register<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  /** Registers a wrapped command (errors logged and shown; see registerCommand). */
  command(id: string, fn: (...args: never[]) => unknown): void {
    this.register(registerCommand(this.logger, id, fn));
  }

  /** Work that must finish before the extension stops (buffers to disk). Run by deactivate. */
  onFlush(fn: () => Promise<void>): void {
    this.flushers.push(fn);
  }

  async flush(): Promise<void> {
    await Promise.allSettled(this.flushers.map((f) => f()));
    // Flushing emits events of its own (time tracking closes the open session), after the sink's flusher looked.
    await this.events.drain?.().catch((e: unknown) => this.logger.warn('could not store the last events', e));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        this.logger.warn('dispose failed', e);
      }
    }
  }
}

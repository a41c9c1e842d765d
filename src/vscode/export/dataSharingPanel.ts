import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { WebviewMessageSchema, type DataSharingState, type HostMessage, type WebviewMessage } from '../../webview/protocol/dataSharing';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { ExportController } from './exportController';

/**
 * The consent view: endpoint, event types, and the next batch exactly as it will be sent (pinned, so
 * accepting sends what was shown). One panel per window; state is re-posted whenever the outbox or
 * the settings change, after the webview's `ready`.
 */
export class DataSharingPanel implements vscode.Disposable {
  private static current: DataSharingPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private isReady = false;
  private readyResolve!: () => void;
  /** Resolves when the webview's script has run and asked for state. */
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  /** The last state posted, and the preview key the webview last rendered (for tests and logs). */
  lastState: DataSharingState | undefined;
  renderedKey: string | null | undefined;
  private readonly renderedWaiters: Array<() => void> = [];
  private posting: Promise<void> | undefined;
  private postAgain = false;

  static show(ctx: vscode.ExtensionContext, controller: ExportController, run: (id: string) => Thenable<unknown>): DataSharingPanel {
    if (DataSharingPanel.current) {
      DataSharingPanel.current.panel.reveal();
      return DataSharingPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('practicum.dataSharing', 'Practicum: Data Sharing', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    DataSharingPanel.current = new DataSharingPanel(panel, ctx.extensionUri, controller, run);
    return DataSharingPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly controller: ExportController,
    private readonly run: (id: string) => Thenable<unknown>,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'practicum.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { script: 'dataSharing', style: 'dataSharing.css', title: 'Practicum: Data Sharing', loading: 'Loading…' });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m) => void this.receive(m)),
      controller.onDidChange(() => void this.post()),
      panel.onDidDispose(() => this.dispose()),
      // Without retainContextWhenHidden the page is rebuilt when shown again; it says ready again.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.isReady = false;
      }),
    );
  }

  /** Handles a message from the webview (validated: webview input is untrusted). */
  async receive(raw: unknown): Promise<void> {
    const parsed = WebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.controller.log.warn(`Ignored an invalid message from the Data Sharing view: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    try {
      await this.handle(parsed.data);
    } catch (e) {
      this.controller.log.error(`Data Sharing view action "${parsed.data.type}" failed:`, e);
      void vscode.window.showErrorMessage(`Practicum: ${errorMessage(e)}`);
    }
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.isReady = true;
        this.readyResolve();
        return this.post();
      case 'rendered':
        this.renderedKey = m.previewKey;
        for (const w of this.renderedWaiters.splice(0)) w();
        return;
      case 'accept':
        if (!(await this.controller.accept(m))) {
          void vscode.window.showWarningMessage('The endpoint or format changed while you were reading. Review the updated details and accept again.');
          return this.post();
        }
        await this.post();
        void this.controller.flush(true).then(() => this.post());
        return;
      case 'revoke':
        await this.run('practicum.export.revoke');
        return;
      case 'pause':
      case 'resume':
        await this.controller.setPaused(m.type === 'pause');
        return;
      case 'flush':
        await this.run('practicum.export.flush');
        return;
      case 'setToken':
        await this.run('practicum.export.setToken');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'practicum.export');
        return;
      case 'showOutbox':
        await this.run('practicum.export.showOutbox');
        return;
    }
  }

  /** Resolves once the webview has rendered a state posted after this call. */
  whenRendered(): Promise<void> {
    return new Promise((r) => this.renderedWaiters.push(r));
  }

  /**
   * Posts the current state. Posts never overlap: a change during one schedules one more, so a slow
   * older state can never land after a newer one.
   */
  post(): Promise<void> {
    if (this.posting) {
      this.postAgain = true;
      return this.posting;
    }
    this.posting = (async () => {
      do {
        this.postAgain = false;
        if (!this.isReady) return;
        const state = await this.controller.viewState();
        this.lastState = state;
        const msg: HostMessage = { type: 'state', state };
        await this.panel.webview.postMessage(msg);
      } while (this.postAgain);
    })().finally(() => (this.posting = undefined));
    return this.posting;
  }

  dispose(): void {
    if (DataSharingPanel.current === this) DataSharingPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

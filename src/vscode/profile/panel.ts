import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import { fieldPath } from '../../core/profile/rubric';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { ProfileInboundSchema, type ProfileInbound, type ProfileOutbound, type Screen } from '../../webview/protocol/profile';

/** Handles a validated message from the panel; returns the next screen to show, if any. */
export type ProfileHandler = (msg: Exclude<ProfileInbound, { type: 'ready' | 'close' }>, panel: ProfilePanel) => Promise<Screen | void>;

/**
 * The one "Practicum: My Profile" webview panel (onboarding, re-assessment, module feedback, My
 * Progress). Messages are posted only after the page's `ready`; inbound messages are validated.
 */
export class ProfilePanel implements vscode.Disposable {
  static readonly viewType = 'practicum.profile';
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<ProfileOutbound>();
  private readonly disposed = new vscode.EventEmitter<void>();
  private ready = false;
  private pending: ProfileOutbound[] = [];
  private current: Screen | undefined;
  private delivered: Screen | undefined;
  /** Everything posted to the page (tests and the log read it; the page is the real consumer). */
  readonly onDidPost = this.posted.event;
  readonly onDidDispose = this.disposed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private readonly handler: ProfileHandler,
  ) {
    this.panel = vscode.window.createWebviewPanel(ProfilePanel.viewType, 'Practicum: My Profile', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'practicum.svg');
    this.panel.webview.html = this.html();
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
      // The page is rebuilt when it becomes visible again (no retainContextWhenHidden): wait for its ready.
      this.panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) {
          this.ready = false;
          this.delivered = undefined;
        }
      }),
    );
  }

  /** The screen on display (or about to be). */
  get screen(): Screen | undefined {
    return this.current;
  }

  /** The last screen actually posted to a listening page. */
  get deliveredScreen(): Screen | undefined {
    return this.delivered;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  show(screen: Screen): void {
    this.current = screen;
    this.panel.title = TITLES[screen.screen];
    this.post({ type: 'show', screen });
  }

  post(msg: ProfileOutbound): void {
    if (!this.ready) {
      // Only the latest screen matters to a page that is not listening yet.
      this.pending = msg.type === 'show' ? [msg] : [...this.pending, msg];
      return;
    }
    if (msg.type === 'show') this.delivered = msg.screen;
    this.posted.fire(msg);
    void this.panel.webview.postMessage(msg);
  }

  /**
   * Entry point for every message from the page (wired to `onDidReceiveMessage`; the integration
   * suite calls it directly to drive the real handler without synthesising DOM events).
   */
  async handleMessage(raw: unknown): Promise<void> {
    const parsed = ProfileInboundSchema.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      this.logger.warn(`[profile] ignored an invalid message from the webview: ${fieldPath(i?.path ?? [])}: ${i?.message}`);
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'ready') {
      this.ready = true;
      const queued = this.pending.length ? this.pending : this.current ? [{ type: 'show' as const, screen: this.current }] : [];
      this.pending = [];
      for (const m of queued) this.post(m);
      return;
    }
    if (msg.type === 'close') return this.dispose();
    try {
      const next = await this.handler(msg, this);
      if (next) this.show(next);
    } catch (e) {
      this.logger.error(`[profile] ${msg.type} failed`, e);
      this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private html(): string {
    return webviewHtml(this.panel.webview, this.extensionUri, { title: 'Practicum: My Profile', script: 'profile', style: 'profile.css', loading: 'Loading…' });
  }

  dispose(): void {
    if (!this.disposables.length) return;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.posted.dispose();
    this.disposed.dispose();
  }
}

const TITLES: Record<Screen['screen'], string> = {
  onboarding: 'Practicum: Your Learning Path',
  assessment: 'Practicum: Skills Self-Assessment',
  progress: 'Practicum: My Progress',
  survey: 'Practicum: Module Feedback',
};

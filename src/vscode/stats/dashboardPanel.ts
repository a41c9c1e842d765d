import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { cohortStats, type ScanFn } from '../../core/metrics/cohortStats';
import { statsToCsv } from '../../core/metrics/statsCsv';
import type { StatsResult } from '../../core/metrics/statsSchema';
import { postJson } from '../../core/metrics/postStats';
import { DashboardInboundSchema, type DashboardInbound, type DashboardOutbound } from '../../webview/protocol/dashboard';
import type { Container } from '../container';
import { exportTokenSecret } from '../export/exportController';
import { programReportUrl } from '../export/teamServer';
import { webviewHtml, webviewOptions } from '../webviewHtml';

/** The lead's cohort dashboard: one panel, reused; data computed in the extension, drawn in the webview. */
export class DashboardPanel {
  private static current: DashboardPanel | undefined;
  private stats: StatsResult | undefined;
  private ready = false;
  private pending: DashboardOutbound[] = [];

  static async show(c: Container, scan: ScanFn, cohortFile?: string): Promise<DashboardPanel> {
    if (!DashboardPanel.current) {
      const panel = vscode.window.createWebviewPanel('practicum.dashboard', 'Cohort Dashboard', vscode.ViewColumn.Active, webviewOptions(c.context.extensionUri));
      DashboardPanel.current = new DashboardPanel(c, panel, scan);
    } else DashboardPanel.current.panel.reveal();
    const p = DashboardPanel.current;
    const file = cohortFile ?? (await pickCohortFile());
    if (file) await p.load(file);
    return p;
  }

  /** The open panel, for tests. */
  static get instance(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  private cohortFile: string | undefined;

  private constructor(
    private readonly c: Container,
    readonly panel: vscode.WebviewPanel,
    private readonly scan: ScanFn,
  ) {
    panel.webview.html = webviewHtml(panel.webview, c.context.extensionUri, { title: 'Cohort Dashboard', script: 'dashboard', style: 'dashboard.css' });
    panel.onDidDispose(() => (DashboardPanel.current = undefined));
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = DashboardInboundSchema.safeParse(raw);
      if (!parsed.success) {
        c.logger.warn('[dashboard] ignored malformed message from webview', parsed.error.message);
        return;
      }
      void this.handle(parsed.data).catch((e) => {
        c.logger.error('[dashboard] action failed', e);
        this.post({ type: 'error', message: errorMessage(e) });
      });
    });
  }

  get lastStats(): StatsResult | undefined {
    return this.stats;
  }

  private post(m: DashboardOutbound): void {
    if (this.ready) void this.panel.webview.postMessage(m);
    else this.pending.push(m);
  }

  async load(cohortFile: string): Promise<void> {
    this.cohortFile = cohortFile;
    this.post({ type: 'busy', message: 'Scanning history…' });
    const repos = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const outcomeFiles = (await vscode.workspace.findFiles('.practicum/outcomes/**/*.{json,jsonl}', undefined, 500)).map((u) => u.fsPath);
    try {
      const { stats } = await vscode.window.withProgress(
        { location: { viewId: 'practicum.home' }, title: 'Computing cohort stats' },
        () => cohortStats({ cohortFile, repos, from: this.c.settings.statsFrom, asOf: new Date(), scan: this.scan, outcomeFiles }),
      );
      this.stats = stats;
      this.post({ type: 'stats', cohortFile: path.basename(cohortFile), stats });
    } catch (e) {
      this.post({ type: 'error', message: errorMessage(e) });
      throw e;
    }
  }

  private async handle(m: DashboardInbound): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        for (const p of this.pending.splice(0)) void this.panel.webview.postMessage(p);
        void this.detectServer();
        if (this.stats && this.cohortFile) this.post({ type: 'stats', cohortFile: path.basename(this.cohortFile), stats: this.stats });
        return;
      case 'refresh':
        if (this.cohortFile) await this.load(this.cohortFile);
        return;
      case 'chooseCohort': {
        const f = await pickCohortFile();
        if (f) await this.load(f);
        return;
      }
      case 'save':
        await this.save(m.format);
        return;
      case 'post':
        await this.postToEndpoint();
        return;
      case 'openReport':
        if (this.reportUrl) await vscode.env.openExternal(vscode.Uri.parse(this.reportUrl));
        return;
    }
  }

  /** Set when practicum.export.endpoint is a Practicum server (it answers /healthz): the "Open program report" target. */
  reportUrl: string | undefined;

  /** Offers "Open program report" when the export endpoint is a Practicum server. */
  async detectServer(): Promise<string | undefined> {
    this.reportUrl = await programReportUrl(this.c);
    if (this.reportUrl) this.post({ type: 'server', reportUrl: this.reportUrl });
    return this.reportUrl;
  }

  private async save(format: 'json' | 'csv'): Promise<void> {
    if (!this.stats) throw new Error('No stats yet: choose a cohort file first.');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${this.stats.cohort.replace(/[^\w.-]+/g, '-')}-stats.${format}`) : undefined,
      filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
    });
    if (!target) return;
    await fs.writeFile(target.fsPath, format === 'json' ? JSON.stringify(this.stats, null, 2) + '\n' : statsToCsv(this.stats));
    this.post({ type: 'notice', message: `Saved ${path.basename(target.fsPath)}` });
  }

  private async postToEndpoint(): Promise<void> {
    if (!this.stats) throw new Error('No stats yet: choose a cohort file first.');
    const url = this.c.settings['export.endpoint'];
    if (!url) {
      this.post({ type: 'error', message: 'No team endpoint configured: set "practicum.export.endpoint" in Settings (and the token with "Practicum: Set Export Token"), then try again.' });
      return;
    }
    const ok = await vscode.window.showInformationMessage(`Post the cohort stats shown (${this.stats.members.length} members, with their emails) to ${url}?`, { modal: true }, 'Post');
    if (ok !== 'Post') return;
    const origin = new URL(url).origin;
    const token = await this.c.context.secrets.get(exportTokenSecret(origin));
    const res = await postJson(url, this.stats, { token });
    this.post({ type: 'notice', message: `Posted to ${url} (HTTP ${res.status})` });
  }
}

/** Asks for a cohort file, offering `.practicum/cohorts/*.json` from the workspace first. */
async function pickCohortFile(): Promise<string | undefined> {
  const found = await vscode.workspace.findFiles('.practicum/cohorts/*.json', undefined, 50);
  const browse = '$(folder-opened) Browse…';
  if (found.length > 0) {
    const pick = await vscode.window.showQuickPick([...found.map((u) => vscode.workspace.asRelativePath(u)), browse], { placeHolder: 'Cohort file' });
    if (!pick) return undefined;
    if (pick !== browse) return found.find((u) => vscode.workspace.asRelativePath(u) === pick)?.fsPath;
  }
  const uris = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Cohort file': ['json'] }, openLabel: 'Open cohort' });
  return uris?.[0]?.fsPath;
}

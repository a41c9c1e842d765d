import * as vscode from 'vscode';
import { scanRepository } from '../../core/git/scan';
import type { ScanFn } from '../../core/metrics/cohortStats';
import type { Container } from '../container';
import { DashboardPanel } from './dashboardPanel';

/** The lead's cohort dashboard command. Scans use the extension's global storage as cache. */
export function registerStats(c: Container): void {
  const scan: ScanFn = (repo) => scanRepository({
      repo,
      cacheDir: vscode.Uri.joinPath(c.context.globalStorageUri, 'scan-cache').fsPath,
      logger: c.logger,
      // A repository's own rules are data from that repository: apply them only when it is trusted.
      teamRules: vscode.workspace.isTrusted,
    });
  c.command('practicum.cohortDashboard', async (file?: vscode.Uri | string) => {
    const path = typeof file === 'string' ? file : file?.fsPath;
    // Returned so the integration suite can reach the panel (commands run in-process).
    return DashboardPanel.show(c, scan, path);
  });
}

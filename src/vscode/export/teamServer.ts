import * as vscode from 'vscode';
import { resolveEndpoint } from '../../core/export/endpoint';
import { errorMessage } from '../../core/errors';
import { probeHealth, serverBase, tokenInfo } from '../../core/server/probe';
import type { Container } from '../container';
import { exportTokenSecret } from './exportController';

/** What connecting set up (returned for tests and scripts). */
export interface Connected {
  endpoint: string;
  cohort: string;
}

async function ask(title: string, prompt: string, opts: { value?: string; password?: boolean; validate?: (v: string) => string | undefined } = {}): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({ title, prompt, value: opts.value, password: opts.password, ignoreFocusOut: true, validateInput: opts.validate });
  return v?.trim() || undefined;
}

/**
 * **Practicum: Connect to Team Server**: the server's URL (checked at `/healthz`) and an ingest token
 * (checked at `/v1/token`, stored in SecretStorage for that origin), then the export settings point at
 * it with the token's cohort. Consent is untouched: nothing is sent until the user reviews and agrees.
 * `args` skips the prompts (tests, scripted setup).
 */
export function registerTeamServer(c: Container): void {
  c.command('practicum.export.connectServer', async (args?: { url?: string; token?: string }): Promise<Connected | undefined> => {
    const title = 'Connect to Team Server';
    const current = c.settings['export.endpoint'];
    const raw =
      args?.url ??
      (await ask(title, "Your team's Practicum server (practicum serve): https, or http on this machine", {
        value: current ? serverBase(new URL(current)).toString() : 'http://127.0.0.1:8470/',
        validate: (v) => {
          try {
            resolveEndpoint(v, 'json');
            return undefined;
          } catch (e) {
            return errorMessage(e);
          }
        },
      }));
    if (!raw) return undefined;
    const base = serverBase(resolveEndpoint(raw, 'json'));
    const health = await probeHealth(base);
    if (!health) {
      void vscode.window.showErrorMessage(`${base.origin} is not a Practicum server: ${new URL('healthz', base)} did not answer as one. Check the URL and that practicum serve is running.`);
      return undefined;
    }
    const token = args?.token ?? (await ask(title, `Your ingest token for ${base.host} (from the server's operator: practicum serve token add). Kept in secret storage.`, { password: true }));
    if (!token) return undefined;
    const info = await tokenInfo(base, token);
    if ('problem' in info) {
      void vscode.window.showErrorMessage(`Could not connect to ${base.host}: ${info.problem}.`);
      return undefined;
    }
    if (info.role !== 'ingest') {
      void vscode.window.showErrorMessage('That is a lead token: it opens the program report in a browser. Sending events needs an ingest token for your cohort.');
      return undefined;
    }
    const endpoint = new URL('v1/events', base).toString();
    await c.context.secrets.store(exportTokenSecret(base.origin), token);
    const config = vscode.workspace.getConfiguration('practicum');
    await config.update('export.endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await config.update('export.format', 'json', vscode.ConfigurationTarget.Global);
    await config.update('export.cohort', info.cohort, vscode.ConfigurationTarget.Global);
    c.logger.info(`[export] connected to the team server ${base.origin} (cohort ${info.cohort}, schema version ${health.schemaVersion})`);
    if (!args) {
      void vscode.window
        .showInformationMessage(`Connected to ${base.host} for cohort "${info.cohort}". Nothing is shared until you review what is sent and agree.`, 'Review Data Sharing')
        .then((pick) => pick && vscode.commands.executeCommand('practicum.export.review'));
    }
    return { endpoint, cohort: info.cohort };
  });
}

/** The program report's URL when the export endpoint is a Practicum server, else undefined. */
export async function programReportUrl(c: Container): Promise<string | undefined> {
  const raw = c.settings['export.endpoint'];
  if (!raw) return undefined;
  let base: URL;
  try {
    base = serverBase(resolveEndpoint(raw, c.settings['export.format']));
  } catch {
    return undefined;
  }
  if (!(await probeHealth(base))) return undefined;
  const url = new URL(base.toString());
  if (c.settings['export.cohort']) url.searchParams.set('cohort', c.settings['export.cohort']);
  return url.toString();
}

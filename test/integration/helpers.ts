// Helpers shared by integration suites.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PracticumApi } from '../../src/extension';

export type { PracticumApi };
export const EXTENSION_ID = 'practicum.practicum';

/** The Practicum extension, activated (never assume onStartupFinished has fired yet). */
export async function activatedExtension(): Promise<vscode.Extension<PracticumApi>> {
  const ext = vscode.extensions.getExtension<PracticumApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
  await ext.activate();
  return ext;
}

/** Absolute path of the fixture git repository the workspace is opened on. */
export function fixturePath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.env.PRACTICUM_FIXTURE;
  if (!folder) throw new Error('no workspace folder and no PRACTICUM_FIXTURE');
  return folder;
}

/**
 * Ask the runner for a screenshot: test-results/screenshots/<name>.png, of the whole workbench or
 * of the element matching `selector` (e.g. `iframe.webview`). Waits for the browser to take it.
 * On routes without a browser (desktop VS Code) the marker is printed and nothing is saved.
 */
export async function screenshot(name: string, selector?: string): Promise<void> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be [A-Za-z0-9_.-]: ${name}`);
  console.log(`[practicum:screenshot] ${name}${selector ? ` ${selector}` : ''}`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

/** One visible webview as audited by the runner (scripts/lib/webview-probe.mjs). */
export interface WebviewAudit {
  title: string;
  width: number;
  themeKind: string | null;
  /** The colour the webview is drawn on in the workbench, and the page's own resulting background. */
  host: string;
  hostColour: string;
  pageBackground: string;
  bodyColor: string;
  vars: Record<string, string>;
  problems: Array<{ kind: string; where: string; detail?: string }>;
}

/**
 * Ask the runner to audit every visible webview (theme colours, contrast, keyboard reach, focus
 * styles, names, overflow). Undefined on routes without a browser (desktop VS Code).
 */
export async function auditWebviews(name: string): Promise<WebviewAudit[] | undefined> {
  if (vscode.env.uiKind !== vscode.UIKind.Web) return undefined;
  if (!/^[\w.-]+$/.test(name)) throw new Error(`audit name must be [A-Za-z0-9_.-]: ${name}`);
  const file = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test-results', 'probes', `${name}.json`);
  rmSync(file, { force: true });
  console.log(`[practicum:probe] ${name}`);
  const deadline = Date.now() + 20_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the runner wrote no audit ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const result = JSON.parse(readFileSync(file, 'utf8')) as { webviews?: WebviewAudit[]; error?: string };
  if (result.error !== undefined || !result.webviews) throw new Error(`the audit failed: ${result.error}`);
  return result.webviews;
}

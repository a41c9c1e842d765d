// Helpers shared by integration suites.
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

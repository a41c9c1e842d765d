import * as vscode from 'vscode';
import { z } from 'zod';

/**
 * Every `practicum.*` setting, validated. To add one: declare it in package.json
 * `contributes.configuration`, add it here with the same default, then read it from `Settings`.
 */
export const SettingsSchema = z.object({
  logLevel: z.enum(['error', 'warn', 'info', 'debug']).catch('info'),
  /** Extra exercise catalog folders (absolute, `~/…`, or relative to the first workspace folder). */
  catalogFolders: z.array(z.string()).catch([]),
  /** Re-run an exercise's cheap checks (no commands) when a file is saved or a commit is made. */
  runChecksOnSave: z.boolean().catch(true),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Reads and validates the settings; an invalid value falls back to its default rather than failing. */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('practicum');
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(SettingsSchema.shape)) raw[key] = c.get(key);
  return SettingsSchema.parse(raw);
}

/** Calls `fn` with fresh settings whenever a `practicum.*` setting changes. */
export function onSettingsChanged(fn: (s: Settings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('practicum')) fn(readSettings());
  });
}

import * as vscode from 'vscode';
import { z } from 'zod';

/**
 * Every `practicum.*` setting, validated. To add one: declare it in package.json
 * `contributes.configuration`, add it here with the same default, then read it from `Settings`.
 */
export const SettingsSchema = z.object({
  logLevel: z.enum(['error', 'warn', 'info', 'debug']).catch('info'),
  /** Anchor for time-to-first-AI-commit in the dashboard. */
  statsFrom: z.enum(['completion', 'start']).catch('completion'),
  /** Where the dashboard's "Post to endpoint" sends cohort stats. */
  statsEndpoint: z.string().catch(''),
  /** Open the learner onboarding (role, self-assessment, suggested path) by itself the first time Practicum starts. */
  onboardingOnFirstUse: z.boolean().catch(true),
  /** Scan the workspace repository for AI-related commits in the background (startup, after commits). */
  aiCommitsAutoScan: z.boolean().catch(true),
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

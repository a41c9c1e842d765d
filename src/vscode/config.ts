import * as vscode from 'vscode';
import { z } from 'zod';

/**
 * Every `practicum.*` setting, validated. To add one: declare it in package.json
 * `contributes.configuration`, add it here with the same default, then read it from `Settings`.
 */
export const SettingsSchema = z.object({
  logLevel: z.enum(['error', 'warn', 'info', 'debug']).catch('info'),
  /** Team endpoint events are POSTed to ('' = none); https unless localhost. */
  'export.endpoint': z.string().trim().catch(''),
  /** `json` (practicum.batch/v1) or `otlp` (OTLP/HTTP JSON logs). */
  'export.format': z.enum(['json', 'otlp']).catch('json'),
  /** Key of the learner pseudonym: per repository, or the team's key from secret storage. */
  'export.learnerIdKey': z.enum(['repository', 'team']).catch('repository'),
  /** Cohort name put in every event ('' = null). */
  'export.cohort': z.string().trim().max(100).catch(''),
  'export.retentionDays': z.number().int().min(1).max(365).catch(30),
  'export.retentionMB': z.number().min(1).max(1024).catch(50),
  'export.flushIntervalMinutes': z.number().int().min(1).max(1440).catch(5),
  /** Team opt-in: commit hash and message in `ai.commit` events. */
  'export.includeCommitDetails': z.boolean().catch(false),
  /** Anchor for time-to-first-AI-commit in the dashboard. */
  statsFrom: z.enum(['completion', 'start']).catch('completion'),
  /** Open the learner onboarding (role, self-assessment, suggested path) by itself the first time Practicum starts. */
  onboardingOnFirstUse: z.boolean().catch(true),
  /** Scan the workspace repository for AI-related commits in the background (startup, after commits). */
  aiCommitsAutoScan: z.boolean().catch(true),
  /** Hands-on hours per week that the status bar measures against. */
  weeklyGoalHours: z.number().min(0.5).max(40).catch(5),
  /** A gap between heartbeats longer than this many minutes ends a session (5–240). */
  idleMinutes: z.number().int().min(5).max(240).catch(15),
  /** `practicum.review.*`: where submissions and reviews are shared, and how the queue behaves. */
  review: z
    .object({
      remote: z.string().min(1).catch('origin'),
      windowHours: z.number().positive().catch(48),
      fetchIntervalMinutes: z.number().min(0).catch(5),
      notifyOnReview: z.boolean().catch(true),
      /** Days a decided submission stays under "Reviewed" in the Reviews view before moving to "Older". */
      recentDays: z.number().int().min(1).catch(14),
      /** Count only verdicts signed by their reviewer with a key in .practicum/allowed_signers; sign my own verdicts. */
      requireSignedReviews: z.boolean().catch(false),
    })
    .catch({ remote: 'origin', windowHours: 48, fetchIntervalMinutes: 5, notifyOnReview: true, recentDays: 14, requireSignedReviews: false }),
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

import { z } from 'zod';
import type { CheckResult } from '../../core/checks/result';

/** One check as the Exercise view shows it. */
export interface CheckView {
  id: string;
  kind: CheckResult['kind'];
  title: string;
  level: 'core' | 'hint';
  /** What it looks at: the glob, the pattern, the command or the attested statement. */
  detail: string;
  /** The last result, if the check has run. */
  result: CheckResult | null;
  /** For manual checks: whether the learner attested it. */
  attested: boolean;
}

/** One acceptance criterion and who judges it. */
export interface AcceptanceView {
  text: string;
  /** Titles of the checks that judge it (empty for legacy text and mentor-only items). */
  checks: string[];
  /** What the mentor looks for, for mentor-only items. */
  mentor: string | null;
}

/** Everything the Exercise view renders; sent whole on every change. */
export interface ExerciseViewState {
  id: string;
  title: string;
  summary: string;
  trackTitle: string;
  moduleTitle: string;
  estimate: string;
  level: 'core' | 'stretch';
  origin: 'bundled' | 'repository' | 'folder';
  /** `no-repo`: no git repository open; `new`: not started; `elsewhere`: started, branch not checked out; `active`: checked out. */
  phase: 'no-repo' | 'new' | 'elsewhere' | 'active';
  branch: string;
  steps: string[];
  acceptance: AcceptanceView[];
  /** The hints revealed so far. */
  hints: string[];
  hintsTotal: number;
  inputs: Array<{ id: string; prompt: string; answer: string | null }>;
  starterFiles: string[];
  checks: CheckView[];
  lastCheckedAt: string | null;
  submissions: Array<{ round: number; submittedAt: string }>;
  trusted: boolean;
  running: boolean;
}

/** Host → webview. */
export type HostMessage = { type: 'state'; state: ExerciseViewState | null };

/** Actions the view's buttons ask for; each maps to a command. */
export const viewActions = ['start', 'switch', 'openBrief', 'runChecks', 'submit', 'revealHint', 'setAnswers', 'manageTrust', 'showLearn'] as const;
export type ViewAction = (typeof viewActions)[number];

/** Webview → host, validated on arrival (webview input is untrusted). */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('action'), action: z.enum(viewActions) }),
  z.object({ type: z.literal('attest'), checkId: z.string().max(200), value: z.boolean() }),
  z.object({ type: z.literal('showOutput'), checkId: z.string().max(200) }),
  z.object({ type: z.literal('openStarter'), file: z.string().max(1000) }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

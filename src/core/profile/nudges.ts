import type { Nudge, Profile, SurveyState } from './profile';

/** A reminder comes at the earliest this long after the first offer, and only once. */
export const REMINDER_AFTER_MS = 24 * 60 * 60 * 1000;
/** Never two offers closer than this, whatever they are about. */
export const MIN_GAP_MS = 60 * 60 * 1000;

/** The one thing worth asking the learner about now. */
export type DueNudge = { kind: 'survey'; module: string; reminder: boolean } | { kind: 'reassessment'; track: string; reminder: boolean };

type Open = Extract<Nudge, { status: 'open' }>;

function isOpen(n: Nudge | SurveyState | undefined): n is Open {
  return n?.status === 'open';
}

function dueState(n: Open, now: number): 'first' | 'reminder' | null {
  if (n.prompts === 0) return 'first';
  if (n.prompts === 1 && n.lastPromptAt && now - Date.parse(n.lastPromptAt) >= REMINDER_AFTER_MS) return 'reminder';
  return null;
}

function lastPromptAt(p: Profile): number {
  const all = [...Object.values(p.surveys), ...Object.values(p.reassessments)];
  return Math.max(0, ...all.map((n) => (isOpen(n) && n.lastPromptAt ? Date.parse(n.lastPromptAt) : 0)));
}

/**
 * What to offer now, if anything: module surveys before re-assessments, oldest first, at most one
 * reminder each, and never two offers within `MIN_GAP_MS` — feedback is asked for, never nagged.
 */
export function nextNudge(p: Profile, now: number): DueNudge | null {
  if (now - lastPromptAt(p) < MIN_GAP_MS) return null;
  const byAge = <T extends [string, Nudge | SurveyState]>(entries: T[]) =>
    entries.filter((e): e is T & [string, Open] => isOpen(e[1])).sort((a, b) => a[1].createdAt.localeCompare(b[1].createdAt) || a[0].localeCompare(b[0]));
  for (const [module, n] of byAge(Object.entries(p.surveys))) {
    const due = dueState(n, now);
    if (due) return { kind: 'survey', module, reminder: due === 'reminder' };
  }
  for (const [track, n] of byAge(Object.entries(p.reassessments))) {
    const due = dueState(n, now);
    if (due) return { kind: 'reassessment', track, reminder: due === 'reminder' };
  }
  return null;
}

/**
 * Records that `due` was offered. Returns false when another window offered it first (the caller
 * then shows nothing), which is how two windows avoid asking twice.
 */
export function claimNudge(p: Profile, due: DueNudge, now: number): boolean {
  const again = nextNudge(p, now);
  if (!again || again.kind !== due.kind || again.reminder !== due.reminder) return false;
  if ((again.kind === 'survey' ? again.module : again.track) !== (due.kind === 'survey' ? due.module : due.track)) return false;
  const n = due.kind === 'survey' ? p.surveys[due.module] : p.reassessments[due.track];
  if (!isOpen(n)) return false;
  n.prompts += 1;
  n.lastPromptAt = new Date(now).toISOString();
  return true;
}

/** Counts an offer made in context (e.g. inside the feedback panel) without going through the queue. */
export function markOffered(n: Nudge | SurveyState | undefined, now: number): void {
  if (!isOpen(n) || n.prompts >= 2) return;
  n.prompts += 1;
  n.lastPromptAt = new Date(now).toISOString();
}

/** Open surveys and re-assessments, for My Progress (they stay available after the reminder). */
export function openItems(p: Profile): { surveys: string[]; reassessments: string[] } {
  return {
    surveys: Object.entries(p.surveys).filter(([, n]) => isOpen(n)).map(([id]) => id),
    reassessments: Object.entries(p.reassessments).filter(([, n]) => isOpen(n)).map(([id]) => id),
  };
}

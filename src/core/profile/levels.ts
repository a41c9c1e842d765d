/**
 * The four rubric levels, lowest first. Kept free of imports so the webview bundle can use it too.
 */
export const LEVELS = ['aware', 'practicing', 'proficient', 'expert'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, string> = {
  aware: 'Aware',
  practicing: 'Practicing',
  proficient: 'Proficient',
  expert: 'Expert',
};

/** 1 (Aware) … 4 (Expert): advancement is the difference of ranks. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level) + 1;
}

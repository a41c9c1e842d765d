/** What one benchmark module reports. */
export interface BenchReport {
  /** Raw measurements, e.g. { name: 'cold scan', value: 812, unit: 'ms' }. */
  figures: Array<{ name: string; value: number | string; unit?: string }>;
  /** Targets as ratios or budgets measured in the same run. */
  targets: Array<{ name: string; actual: string; target: string; ok: boolean }>;
}

/** Median of a list of numbers (for repeated timings). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

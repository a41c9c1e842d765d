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

/**
 * Medians of `ours` and of its `reference`, measured alternately (ours, reference, ours, …) after one
 * warm-up each, so drift in the machine (page cache, CPU clock, another process) falls on both sides
 * alike instead of on whichever ran first.
 */
export async function timePair(ours: () => Promise<unknown>, reference: () => Promise<unknown>, runs = 15): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  await ours(); // warm the page cache and git's own caches
  await reference();
  for (let i = 0; i < runs; i++) {
    for (const [fn, into] of (i % 2 === 0 ? [[ours, a], [reference, b]] : [[reference, b], [ours, a]]) as Array<[() => Promise<unknown>, number[]]>) {
      const t = performance.now();
      await fn();
      into.push(performance.now() - t);
    }
  }
  return [median(a), median(b)];
}

import type { FailingCase, MetricTarget } from '../result';

/** A label for a metric key: hitAt5 → "hit@5", p95Ms → "p95", validShare → "valid share". */
export function metricLabel(key: string): string {
  const hit = /^hitAt(\d+)$/.exec(key);
  if (hit) return `hit@${hit[1]}`;
  if (/^p\d+Ms$/.test(key)) return key.slice(0, -2);
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Metrics that are shares or rates (0..1), shown with two decimals even when whole. */
const isShare = (key: string) => /^hitAt\d+$|Share$|Rate$|^accuracy$|^validCitations$|When|Blocked$|Reached$|^earlyFirstByte$|^mean/.test(key);

/** A measured value as people read it: shares to two decimals, milliseconds and counts whole. */
export function formatMetric(key: string, value: number): string {
  if (/Ms$/.test(key)) return `${Math.round(value)} ms`;
  return isShare(key) || !Number.isInteger(value) ? value.toFixed(2) : String(value);
}

/** "hit@5 0.73 ≥ 0.60" for every metric that has a target, then the others ("mean attempts 2.00"). */
export function formatFigures(metrics: Record<string, number>, targets: Record<string, MetricTarget>): string {
  const withTarget = Object.keys(metrics).filter((k) => targets[k]);
  const rest = Object.keys(metrics).filter((k) => !targets[k]);
  return [
    ...withTarget.map((k) => {
      const t = targets[k] as MetricTarget;
      const ok = t.op === '>=' ? (metrics[k] as number) >= t.value : (metrics[k] as number) <= t.value;
      return `${metricLabel(k)} ${formatMetric(k, metrics[k] as number)} ${ok ? (t.op === '>=' ? '≥' : '≤') : t.op === '>=' ? '<' : '>'} ${formatMetric(k, t.value)}`;
    }),
    ...rest.map((k) => `${metricLabel(k)} ${formatMetric(k, metrics[k] as number)}`),
  ].join(' · ');
}

/** Whether every metric with a target meets it. */
export function meetsTargets(metrics: Record<string, number>, targets: Record<string, MetricTarget>): boolean {
  return Object.entries(targets).every(([k, t]) => {
    const v = metrics[k];
    return v !== undefined && (t.op === '>=' ? v >= t.value : v <= t.value);
  });
}

/** n / d, or 0 when there is nothing to divide (an empty run proves nothing). */
export const share = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);

/** Nearest-rank percentile of `values` (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Keeps the failing-case list short enough to read and store. */
export function capFailing(failing: FailingCase[], max = 25): FailingCase[] {
  return failing.length <= max ? failing : [...failing.slice(0, max), { id: '…', reason: `${failing.length - max} more cases failed` }];
}

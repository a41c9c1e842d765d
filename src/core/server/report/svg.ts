/** Inline SVG charts for the report page: no script, no external asset, colours from the page's CSS. */

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

let seq = 0;
const nextId = () => `c${++seq}`;

export interface Bar {
  label: string;
  value: number | null;
  /** Text written after the bar (default: the value). */
  text?: string;
}

export interface BarChartSpec {
  title: string;
  /** One sentence describing what the chart shows, for screen readers. */
  summary: string;
  bars: Bar[];
  /** The value range of the axis. */
  min: number;
  max: number;
  /** A target drawn as a dashed line. */
  goal?: { value: number; label: string };
}

/** Horizontal bars, one per row, with an optional goal line. */
export function barChart(spec: BarChartSpec): string {
  if (spec.bars.length === 0) return '';
  const id = nextId();
  const labelW = 190;
  const plotW = 360;
  const textW = 90;
  const rowH = 26;
  const top = spec.goal ? 22 : 6;
  const h = top + spec.bars.length * rowH + 6;
  const x = (v: number) => labelW + ((Math.min(spec.max, Math.max(spec.min, v)) - spec.min) / (spec.max - spec.min)) * plotW;
  const zero = x(Math.max(spec.min, Math.min(spec.max, 0)));
  const rows = spec.bars
    .map((b, i) => {
      const y = top + i * rowH;
      const label = b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label;
      const text = b.text ?? (b.value === null ? 'withheld' : String(b.value));
      const bar =
        b.value === null
          ? `<rect class="bar-none" x="${labelW}" y="${y + 5}" width="${plotW}" height="${rowH - 10}"/>`
          : `<rect class="bar" x="${Math.min(zero, x(b.value)).toFixed(1)}" y="${y + 5}" width="${Math.max(1, Math.abs(x(b.value) - zero)).toFixed(1)}" height="${rowH - 10}"/>`;
      return `<text class="lbl" x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(label)}</text>${bar}<text class="val" x="${labelW + plotW + 8}" y="${y + rowH / 2 + 4}">${esc(text)}</text>`;
    })
    .join('');
  const goal = spec.goal
    ? `<line class="goal" x1="${x(spec.goal.value).toFixed(1)}" x2="${x(spec.goal.value).toFixed(1)}" y1="${top - 4}" y2="${h - 2}"/><text class="goal-lbl" x="${x(spec.goal.value).toFixed(1)}" y="14" text-anchor="middle">${esc(spec.goal.label)}</text>`
    : '';
  const axis = `<line class="axis" x1="${zero.toFixed(1)}" x2="${zero.toFixed(1)}" y1="${top}" y2="${h - 4}"/>`;
  return `<svg class="chart" viewBox="0 0 ${labelW + plotW + textW} ${h}" role="img" aria-labelledby="${id}t ${id}d"><title id="${id}t">${esc(spec.title)}</title><desc id="${id}d">${esc(spec.summary)}</desc>${axis}${rows}${goal}</svg>`;
}

/** The Kaplan–Meier curve as a step line: share with a first AI commit (0–100%) over days, 30/60/90 marked. */
export function stepChart(spec: { title: string; summary: string; points: Array<{ days: number; reached: number }>; maxDays: number }): string {
  const id = nextId();
  const w = 640;
  const h = 240;
  const l = 44;
  const b = 28;
  const maxDays = Math.max(1, spec.maxDays);
  const x = (d: number) => l + (Math.min(d, maxDays) / maxDays) * (w - l - 36);
  const y = (s: number) => 10 + (1 - s) * (h - b - 10);
  let path = `M${x(0).toFixed(1)},${y(0).toFixed(1)}`;
  for (const p of spec.points) {
    path += ` H${x(p.days).toFixed(1)} V${y(p.reached).toFixed(1)}`;
  }
  path += ` H${x(maxDays).toFixed(1)}`;
  const end = `<text class="lbl" x="${x(maxDays).toFixed(1)}" y="${h - 8}" text-anchor="middle">${Math.round(maxDays)} d</text>`;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((s) => `<line class="grid" x1="${l}" x2="${x(maxDays).toFixed(1)}" y1="${y(s).toFixed(1)}" y2="${y(s).toFixed(1)}"/><text class="lbl" x="${l - 6}" y="${(y(s) + 4).toFixed(1)}" text-anchor="end">${Math.round(s * 100)}%</text>`)
    .join('');
  const marks = [30, 60, 90]
    .filter((d) => d < maxDays - 4)
    .map((d) => `<line class="goal" x1="${x(d).toFixed(1)}" x2="${x(d).toFixed(1)}" y1="10" y2="${h - b}"/><text class="lbl" x="${x(d).toFixed(1)}" y="${h - 8}" text-anchor="middle">day ${d}</text>`)
    .join('');
  return `<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="${id}t ${id}d"><title id="${id}t">${esc(spec.title)}</title><desc id="${id}d">${esc(spec.summary)}</desc>${grid}${marks}${end}<path class="line" d="${path}"/></svg>`;
}

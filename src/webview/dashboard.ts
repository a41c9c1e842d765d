// Cohort dashboard (runs in the webview). Draws the time-to-first-AI-commit curve from data only;
// no network access (the CSP forbids it). Everything is built with DOM APIs, never innerHTML.
import type { DashboardInbound, DashboardOutbound } from './protocol/dashboard';
import type { MemberStats, StatsResult } from '../core/metrics/statsSchema';

interface VsCodeApi {
  postMessage(m: DashboardInbound): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
type SortKey = 'name' | 'days' | 'aiCommits' | 'aiCommitsPerWeek';
interface ViewState {
  sort: SortKey;
  desc: boolean;
  last?: { cohortFile: string; stats: StatsResult };
}
const state: ViewState = { sort: 'days', desc: false, ...((vscode.getState() as Partial<ViewState> | undefined) ?? {}) };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}
function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const num = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));

function chart(stats: StatsResult): SVGElement {
  const W = 640, H = 300, L = 56, R = 16, T = 16, B = 44;
  // The axis covers the events (plus room), not a long tail of follow-up: censored members followed
  // beyond it are drawn at the edge with their days in the tooltip.
  const followed = Math.max(90, ...stats.curve.map((p) => p.days));
  const lastEvent = Math.max(0, ...stats.curve.filter((p) => p.events > 0).map((p) => p.days));
  const maxDays = Math.min(followed, Math.max(120, Math.ceil(lastEvent * 1.5)));
  const x = (d: number) => L + (Math.min(d, maxDays) / maxDays) * (W - L - R);
  const y = (share: number) => T + (1 - share) * (H - T - B);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart' });
  const title = svg('title', {});
  title.textContent = `Share of the cohort with a first AI commit, by days since the anchor. Median ${num(stats.summary.medianDays)} days.`;
  root.append(title);
  for (const s of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(svg('line', { x1: L, x2: W - R, y1: y(s), y2: y(s), class: 'grid' }));
    const t = svg('text', { x: L - 8, y: y(s) + 4, class: 'tick', 'text-anchor': 'end' });
    t.textContent = `${s * 100}%`;
    root.append(t);
  }
  for (const d of [0, 30, 60, 90].concat(maxDays > 110 ? [Math.round(maxDays)] : [])) {
    root.append(svg('line', { x1: x(d), x2: x(d), y1: T, y2: H - B, class: d === 0 ? 'axis' : 'grid' }));
    const t = svg('text', { x: x(d), y: H - B + 16, class: 'tick', 'text-anchor': 'middle' });
    t.textContent = String(d);
    root.append(t);
  }
  const xl = svg('text', { x: (L + W - R) / 2, y: H - 6, class: 'label', 'text-anchor': 'middle' });
  xl.textContent = `Days since ${stats.from === 'start' ? 'cohort start' : 'completing the program'}`;
  const yl = svg('text', { x: 14, y: (T + H - B) / 2, class: 'label', 'text-anchor': 'middle', transform: `rotate(-90 14 ${(T + H - B) / 2})` });
  yl.textContent = 'Share with a first AI commit';
  root.append(xl, yl);
  // Step function: flat until the next event, then a vertical jump.
  let d = `M ${x(0)} ${y(0)}`;
  for (const p of stats.curve) {
    d += ` H ${x(p.days)} V ${y(p.reached)}`;
  }
  d += ` H ${x(maxDays)}`;
  root.append(svg('path', { d, class: 'curve' }));
  for (const p of stats.curve.filter((c) => c.censored > 0)) {
    const cx = x(p.days), cy = y(p.reached);
    const mark = svg('path', { d: `M ${cx} ${cy - 6} V ${cy + 6}`, class: 'censor' });
    const tt = svg('title', {});
    tt.textContent = `${p.censored} censored at ${p.days.toFixed(1)} days${p.days > maxDays ? ' (beyond the axis)' : ''}`;
    mark.append(tt);
    root.append(mark);
  }
  if (followed > maxDays) {
    const more = svg('text', { x: W - R, y: T + 12, class: 'tick', 'text-anchor': 'end' });
    more.textContent = `followed up to ${Math.round(followed)} days →`;
    root.append(more);
  }
  return root;
}

function figure(label: string, value: string, hint: string): HTMLElement {
  return el('div', { class: 'figure', title: hint }, el('div', { class: 'value' }, value), el('div', { class: 'flabel' }, label));
}

/** A table that scrolls sideways in its own box when the editor is narrower than it (keyboard: focus it, then arrow keys). */
function scroller(label: string, table: HTMLElement): HTMLElement {
  return el('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

function sortMembers(ms: MemberStats[]): MemberStats[] {
  const key = state.sort;
  const val = (m: MemberStats): number | string => (key === 'name' ? m.name.toLowerCase() : key === 'days' ? m.days ?? Number.POSITIVE_INFINITY : (m[key] ?? -1));
  const sorted = [...ms].sort((a, b) => (val(a) < val(b) ? -1 : val(a) > val(b) ? 1 : 0));
  return state.desc ? sorted.reverse() : sorted;
}

function table(stats: StatsResult): HTMLElement {
  const cols: Array<[SortKey | null, string]> = [['name', 'Member'], ['days', 'Days to first AI commit'], [null, 'First AI commit'], ['aiCommits', 'AI commits'], ['aiCommitsPerWeek', 'Per week'], [null, 'Signals']];
  const head = el('tr', {}, ...cols.map(([key, label]) => {
    if (!key) return el('th', { scope: 'col' }, label);
    const sorted = state.sort === key;
    const btn = el('button', { class: 'sort', 'aria-label': `Sort by ${label}` }, label + (sorted ? (state.desc ? ' ▼' : ' ▲') : ''));
    btn.addEventListener('click', () => {
      state.desc = state.sort === key ? !state.desc : false;
      state.sort = key;
      render();
    });
    return el('th', { scope: 'col', 'aria-sort': sorted ? (state.desc ? 'descending' : 'ascending') : 'none' }, btn);
  }));
  const rows = sortMembers(stats.members).map((m) =>
    el('tr', {},
      el('td', { title: m.email }, m.name),
      el('td', {}, m.days !== null ? num(m.days) : el('span', { class: 'censored', title: 'No AI commit yet: followed this many days so far' }, `${num(m.censoredDays)}+ (censored)`)),
      el('td', {}, m.firstAiCommitAt ? m.firstAiCommitAt.slice(0, 10) : '—'),
      el('td', {}, String(m.aiCommits)),
      el('td', {}, num(m.aiCommitsPerWeek, 2)),
      el('td', { title: m.signals.join('\n') || 'no signals', tabindex: '0' }, m.signals.length ? `${m.signals.length} signal${m.signals.length > 1 ? 's' : ''}` : '—'),
    ));
  return scroller('Members', el('table', { class: 'members' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

function outcomes(stats: StatsResult): HTMLElement[] {
  const o = stats.outcomes;
  if (!o) return [];
  return [
    el('h2', {}, 'Program outcomes'),
    el('p', { class: 'legend' }, `From self-assessments and module surveys (${o.learners} learners): a measure of the program, never of a person.`),
    el('div', { class: 'figures' },
      figure('advanced ≥ 1 level', pct(o.advancement.share), 'Share of re-assessed learners who advanced at least one rubric level on some skill'),
      ...o.tracks.map((t) => figure(`${t.track} completed`, pct(t.completionRate), `${t.completed} of ${t.enrolled}; target ${pct(o.completionTarget)}`)),
    ),
    scroller('Modules', el('table', { class: 'members' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Module'), el('th', { scope: 'col' }, 'NPS'), el('th', { scope: 'col' }, 'Responses'), el('th', { scope: 'col' }, 'Median hours taken'))),
      el('tbody', {}, ...o.modules.map((m) => el('tr', {}, el('td', {}, m.module), el('td', {}, m.nps === null ? '—' : String(m.nps)), el('td', {}, String(m.npsResponses)), el('td', {}, m.medianMinutesTaken === null ? '—' : (m.medianMinutesTaken / 60).toFixed(1))))),
    )),
  ];
}

function button(label: string, msg: DashboardInbound): HTMLButtonElement {
  const b = el('button', {}, label);
  b.addEventListener('click', () => vscode.postMessage(msg));
  return b;
}

const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
/** The team server's report page, when the export endpoint is a Practicum server. */
let reportUrl: string | undefined;

function render(): void {
  vscode.setState(state);
  const app = document.getElementById('app') as HTMLElement;
  app.replaceChildren();
  const toolbar = el('div', { class: 'toolbar' }, button('Choose cohort…', { type: 'chooseCohort' }), button('Refresh', { type: 'refresh' }), button('Save JSON', { type: 'save', format: 'json' }), button('Save CSV', { type: 'save', format: 'csv' }), button('Post to endpoint', { type: 'post' }));
  if (reportUrl) toolbar.append(button('Open program report', { type: 'openReport' }));
  if (!state.last) {
    app.append(el('h1', {}, 'Cohort dashboard'), toolbar, status);
    return;
  }
  const { stats, cohortFile } = state.last;
  const s = stats.summary;
  app.append(
    el('h1', {}, `${stats.cohort}: time to first AI commit`),
    el('p', { class: 'meta' }, `${cohortFile} · measured from ${stats.from === 'start' ? 'cohort start' : 'completion'} · as of ${stats.asOf.slice(0, 10)}`),
    toolbar,
    status,
    el('div', { class: 'figures' },
      figure('members', String(s.members), 'Members in the cohort file'),
      figure('reached', `${s.reached} / ${s.members}`, 'Members with at least one AI-related commit since the anchor'),
      figure('median days', num(s.medianDays), 'Kaplan–Meier median time to first AI commit; — until half the cohort has one'),
      figure('by day 30', pct(s.within['30']), 'Estimated share with a first AI commit within 30 days'),
      figure('by day 60', pct(s.within['60']), 'Estimated share with a first AI commit within 60 days'),
      figure('by day 90', pct(s.within['90']), 'Estimated share with a first AI commit within 90 days'),
    ),
    chart(stats),
    el('p', { class: 'legend' }, 'Censored (tick marks): members with no AI commit yet, counted only for the days they have been followed — not as failures.'),
    table(stats),
    ...outcomes(stats),
    ...(stats.warnings.length ? [el('details', { class: 'warnings' }, el('summary', {}, `${stats.warnings.length} warning(s)`), el('ul', {}, ...stats.warnings.map((w) => el('li', {}, w))))] : []),
  );
}

window.addEventListener('message', (event: MessageEvent<DashboardOutbound>) => {
  const msg = event.data;
  if (msg.type === 'server') {
    reportUrl = msg.reportUrl;
    render();
  } else if (msg.type === 'stats') {
    state.last = { cohortFile: msg.cohortFile, stats: msg.stats };
    status.textContent = '';
    render();
  } else {
    status.textContent = msg.message;
    status.className = `status ${msg.type}`;
  }
});

render();
vscode.postMessage({ type: 'ready' });

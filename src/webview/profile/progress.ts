import { LEVELS, LEVEL_LABELS, levelRank } from '../../core/profile/levels';
import type { ProgressView } from '../../core/profile/progress';
import type { Screen } from '../protocol/profile';
import type { ScreenContext } from './context';
import { h, notice, svg, title, trackList } from './dom';

type ProgressScreen = Extract<Screen, { screen: 'progress' }>;
type Dimension = ProgressView['dimensions'][number];

const W = 220;
const H = 28;
const PAD = 12;
const x = (rank: number) => PAD + ((rank - 1) * (W - 2 * PAD)) / (LEVELS.length - 1);

/** A small before/after chart on the four-level scale: hollow dot first answer, filled dot latest. */
function chart(d: Dimension): SVGElement {
  const parts: SVGElement[] = [svg('line', { x1: x(1), x2: x(4), y1: H / 2, y2: H / 2, class: 'axis' })];
  for (let r = 1; r <= LEVELS.length; r++) parts.push(svg('line', { x1: x(r), x2: x(r), y1: H / 2 - 4, y2: H / 2 + 4, class: 'tick' }));
  if (d.before && d.after && d.after !== d.before) {
    parts.push(svg('line', { x1: x(levelRank(d.before)), x2: x(levelRank(d.after)), y1: H / 2, y2: H / 2, class: (d.change ?? 0) > 0 ? 'gain' : 'loss' }));
  }
  if (d.before) parts.push(svg('circle', { cx: x(levelRank(d.before)), cy: H / 2, r: 6, class: 'before' }));
  if (d.after) parts.push(svg('circle', { cx: x(levelRank(d.after)), cy: H / 2, r: 4.5, class: 'after' }));
  return svg('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, 'aria-hidden': 'true', class: 'chart' }, ...parts);
}

function describe(d: Dimension): string {
  if (!d.before) return 'Not assessed yet';
  if (!d.after) return `${LEVEL_LABELS[d.before]} (not re-assessed yet)`;
  const c = d.change ?? 0;
  const change = c === 0 ? 'no change' : `${c > 0 ? '+' : '−'}${Math.abs(c)} level${Math.abs(c) === 1 ? '' : 's'}`;
  return `${LEVEL_LABELS[d.before]} → ${LEVEL_LABELS[d.after]}, ${change}`;
}

/** My Progress: skills before/after, what is open, and the path with module status. */
export function progressView(s: ProgressScreen, ctx: ScreenContext): HTMLElement {
  const p = s.progress;
  const nav = (to: Parameters<ScreenContext['post']>[0]) => () => ctx.post(to);
  if (!p.onboarded) {
    return h(
      'section',
      { class: 'screen progress' },
      title('My Progress'),
      notice(s.notice),
      h('p', {}, 'Set up your learning path first: your role and a 3-minute self-assessment. Your progress is measured against it.'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: nav({ type: 'navigate', to: { screen: 'onboarding' } }) }, 'Set up my learning path')),
    );
  }
  const reassessed = p.dimensions.some((d) => d.after);
  const advanced = p.dimensions.filter((d) => (d.change ?? 0) > 0);
  const total = p.dimensions.reduce((n, d) => n + Math.max(0, d.change ?? 0), 0);
  const summary = reassessed
    ? `Advanced on ${advanced.length} of ${p.dimensions.length} skills, ${total} level${total === 1 ? '' : 's'} in total, since ${new Date(p.baselineAt!).toLocaleDateString()}.`
    : `Your first self-assessment is from ${new Date(p.baselineAt!).toLocaleDateString()}. After the last module of a track you answer the same questions again, and the change shows here.`;
  const open = [
    ...p.openReassessments.map((r) =>
      h('li', {}, h('button', { type: 'button', class: 'link', onclick: nav({ type: 'navigate', to: { screen: 'assessment', track: r.track } }) }, `Re-assess after ${r.title}`)),
    ),
    ...p.openSurveys.map((m) =>
      h('li', {}, h('button', { type: 'button', class: 'link', onclick: nav({ type: 'navigate', to: { screen: 'survey', module: m.module } }) }, `Give feedback on ${m.title}`)),
    ),
  ];
  const status = { done: '✓ done', 'tested-out': '↷ tested out', todo: '○ to do' } as const;
  return h(
    'section',
    { class: 'screen progress' },
    title('My Progress'),
    notice(s.notice),
    h('p', { class: 'muted' }, `${p.roleLabel ?? ''} · ${p.rubric.title}${p.rubric.source === 'team' ? ' (your team’s rubric)' : ''} · your own view, never a performance measure.`),
    h('h2', {}, 'Skills: first answer → latest'),
    h('p', {}, summary),
    p.incomparable ? h('p', { class: 'notice notice-status' }, p.incomparable) : null,
    h(
      'table',
      { class: 'skills' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Skill'), h('th', { scope: 'col' }, h('span', { class: 'scale' }, ...LEVELS.map((l) => h('span', {}, LEVEL_LABELS[l])))), h('th', { scope: 'col' }, 'Change'))),
      h('tbody', {}, ...p.dimensions.map((d) => h('tr', { 'data-dimension': d.id }, h('th', { scope: 'row' }, d.title), h('td', {}, chart(d)), h('td', { class: 'change' }, describe(d))))),
    ),
    h('p', { class: 'legend muted' }, h('span', { class: 'dot before' }), ' first self-assessment  ', h('span', { class: 'dot after' }), ' latest re-assessment'),
    open.length ? h('h2', {}, 'Waiting for you') : null,
    open.length ? h('ul', { class: 'open' }, ...open) : null,
    h('h2', {}, 'Your path'),
    trackList(
      p.tracks,
      (t) => (t.completedAt ? h('span', { class: 'muted' }, ` — finished ${new Date(t.completedAt).toLocaleDateString()}`) : null),
      (t) => h('ul', { class: 'modules' }, ...t.modules.map((m) => h('li', { 'data-status': m.status }, h('span', { class: `status status-${m.status}` }, status[m.status]), ' ', m.title))),
      ' — not in your catalog yet',
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: nav({ type: 'navigate', to: { screen: 'assessment', track: null } }) }, 'Re-assess my skills'),
      h('button', { type: 'button', class: 'secondary', onclick: nav({ type: 'navigate', to: { screen: 'onboarding' } }) }, 'Change my path'),
    ),
    ctx.errorSlot(),
  );
}

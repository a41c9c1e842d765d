import { barChart, esc, stepChart } from './svg';
import type { ProgramReport } from './schema';

/** The page's Content-Security-Policy: no script at all, our one style block by nonce, forms to ourselves. */
export function reportCsp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bar:#0969da;--bar2:#8250df;--goal:#bc4c00;--card:#f6f8fa;--focus:#0550ae;--warn-bg:#fff8c5;--warn-fg:#4d2d00}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9ea7b3;--line:#30363d;--bar:#4493f8;--bar2:#ab7df8;--goal:#f0883e;--card:#161b22;--focus:#79c0ff;--warn-bg:#3b2e00;--warn-fg:#f2cc60}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:980px;margin:0 auto;padding:16px 20px 48px}h1{font-size:1.6em;margin:.4em 0}h2{margin-top:2em;border-bottom:1px solid var(--line);padding-bottom:.2em}h3{margin-top:1.4em}
a{color:var(--bar)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--card);padding:6px 10px;z-index:1}
form.range{display:flex;flex-wrap:wrap;gap:12px;align-items:end;background:var(--card);padding:12px;border-radius:8px}
label{display:flex;flex-direction:column;font-size:.85em;color:var(--muted)}input,select,button{font:inherit;padding:4px 8px;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px}
button{background:var(--bar);color:#fff;border-color:var(--bar);cursor:pointer}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;margin:16px 0}.card{background:var(--card);border-radius:8px;padding:10px 12px}.card b{display:block;font-size:1.5em}
.note{background:var(--warn-bg);color:var(--warn-fg);border-radius:6px;padding:8px 12px;margin:8px 0}
table{border-collapse:collapse;margin:8px 0 16px;min-width:50%}th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;color:var(--muted);font-size:.85em;padding-bottom:4px}
figure{margin:12px 0}.chart{width:100%;max-width:760px;height:auto}.chart text{fill:var(--fg);font-size:12px}.chart .val,.chart .goal-lbl{fill:var(--muted)}
.bar{fill:var(--bar)}.bar-none{fill:none;stroke:var(--line);stroke-dasharray:4 3}.axis,.grid{stroke:var(--line)}.goal{stroke:var(--goal);stroke-width:2;stroke-dasharray:6 4}.chart .goal-lbl{fill:var(--goal)}.line{fill:none;stroke:var(--bar2);stroke-width:3}
ul.comments{margin:4px 0 12px}.muted{color:var(--muted)}footer{margin-top:3em;color:var(--muted);font-size:.85em}
`;

/** A chart in its figure, or nothing when there is nothing to draw. */
const fig = (svg: string) => (svg ? `<figure>${svg}</figure>` : '');
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`);
const num = (x: number | null | undefined, unit = '') => (x === null || x === undefined ? '—' : `${x}${unit}`);

function table(caption: string, head: string[], rows: Array<Array<string | number>>, numeric: number[] = []): string {
  const th = head.map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="n"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td${numeric.includes(i) ? ' class="n"' : ''}>${esc(c)}</td>`)).join('')}</tr>`).join('')
    : `<tr><td colspan="${head.length}" class="muted">No data in this range.</td></tr>`;
  return `<table><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function page(nonce: string, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style nonce="${nonce}">${CSS}</style></head><body><a class="skip" href="#main">Skip to the report</a><main id="main">${body}</main></body></html>`;
}

/** The sign-in page for leads: a lead token, posted to /session (kept in an HttpOnly cookie). */
export function signInPage(nonce: string, problem?: string): string {
  return page(
    nonce,
    'Practicum program report — sign in',
    `<h1>Practicum program report</h1>
<p>Sign in with a lead token. The server's operator creates one with <code>practicum serve token add --db … --cohort NAME --lead</code>.</p>
${problem ? `<p class="note" role="alert">${esc(problem)}</p>` : ''}
<form class="range" method="post" action="/session"><label for="token">Lead token<input id="token" name="token" type="password" autocomplete="off" required size="48" autofocus></label><button type="submit">Sign in</button></form>`,
  );
}

export interface PageContext {
  nonce: string;
  /** Cohorts the lead may pick from (one when the token is for one cohort). */
  cohorts: string[];
  fromDate: string;
  /** The last day of the range, inclusive (YYYY-MM-DD). */
  toDate: string;
}

/** The whole report as one page: charts as inline SVG, each followed by its table. */
export function reportPage(r: ProgramReport, ctx: PageContext): string {
  const q = `cohort=${encodeURIComponent(r.cohort)}&from=${ctx.fromDate}&to=${ctx.toDate}`;
  const cohortField =
    ctx.cohorts.length > 1
      ? `<label for="cohort">Cohort<select id="cohort" name="cohort">${ctx.cohorts.map((c) => `<option${c === r.cohort ? ' selected' : ''}>${esc(c)}</option>`).join('')}</select></label>`
      : `<input type="hidden" name="cohort" value="${esc(r.cohort)}">`;
  const b = r.behaviour;
  const km = b.firstAiCommit;
  const rv = r.health.reviews;
  const parts: string[] = [];
  parts.push(`<h1>Program report: ${esc(r.cohort)}</h1>
<form class="range" method="get" action="/">${cohortField}<label for="from">From<input id="from" name="from" type="date" value="${ctx.fromDate}" required></label><label for="to">To (inclusive)<input id="to" name="to" type="date" value="${ctx.toDate}" required></label><button type="submit">Show</button></form>
<p class="muted">${r.members} member(s) with data · as of ${esc(new Date(Date.parse(r.asOf) - 1).toISOString().slice(0, 10))} · groups smaller than ${r.minGroupSize} are withheld · <a href="/v1/report?${q}&amp;format=json">JSON</a> · <a href="/v1/report?${q}&amp;format=csv">CSV</a></p>`);
  for (const n of r.notes) parts.push(`<p class="note">${esc(n)}</p>`);
  if (r.suppressed) return page(ctx.nonce, `Program report: ${r.cohort}`, parts.join(''));

  const npsAll = r.satisfaction.modules.filter((m) => !m.suppressed && m.nps !== null);
  parts.push(`<div class="cards">
<div class="card"><b>${r.members}</b>members</div>
<div class="card"><b>${pct(r.learning.share)}</b>advanced ≥ 1 skill level</div>
<div class="card"><b>${num(b.handsOn.meanHoursPerMemberWeek, ' h')}</b>hands-on per member-week (goal ${b.goalHours} h)</div>
${(() => {
    const by = (['90', '60', '30'] as const).find((d) => km.within[d] !== null) ?? '30';
    return `<div class="card"><b>${pct(km.within[by])}</b>first AI commit within ${by} days</div>`;
  })()}
<div class="card"><b>${npsAll.length ? npsAll.length : '—'}</b>modules rated</div>
</div>`);

  // 1. Satisfaction
  const mods = r.satisfaction.modules;
  parts.push(`<h2 id="satisfaction">1. Satisfaction</h2>`);
  parts.push(
    fig(barChart({ title: 'NPS per module', summary: `Net promoter score of ${mods.length} module(s), from −100 to 100.`, min: -100, max: 100, bars: mods.map((m) => ({ label: m.module, value: m.nps, text: m.suppressed ? `withheld (n=${m.npsResponses})` : `${m.nps ?? '—'} (n=${m.npsResponses})` })) })),
    table('NPS per module', ['module', 'NPS', 'answers', 'promoters', 'passives', 'detractors'], mods.map((m) => [m.module, m.suppressed ? 'withheld' : num(m.nps), m.npsResponses, m.suppressed ? '—' : m.promoters, m.suppressed ? '—' : m.passives, m.suppressed ? '—' : m.detractors]), [1, 2, 3, 4, 5]),
  );
  for (const c of r.satisfaction.comments) {
    parts.push(`<h3>Comments: ${esc(c.module)}</h3>`);
    if (c.helped.length) parts.push(`<p class="muted">What helped</p><ul class="comments">${c.helped.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`);
    if (c.didNotHelp.length) parts.push(`<p class="muted">What did not help</p><ul class="comments">${c.didNotHelp.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`);
  }

  // 2. Learning
  const dims = r.learning.dimensions;
  parts.push(`<h2 id="learning">2. Learning</h2><p>${r.learning.learners === 0 ? 'No learner has both a baseline and a re-assessment yet.' : r.learning.suppressed ? `Fewer than ${r.minGroupSize} learners re-assessed: withheld.` : `${r.learning.advancedAtLeastOneLevel} of ${r.learning.learners} re-assessed learners (${pct(r.learning.share)}) advanced at least one level on some dimension.`}</p>`);
  parts.push(
    fig(barChart({ title: 'Share advancing at least one level, per rubric dimension', summary: `${dims.length} dimension(s), 0 to 100%.`, min: 0, max: 1, bars: dims.map((d) => ({ label: d.dimension, value: d.advancedShare, text: d.suppressed ? `withheld (n=${d.learners})` : `${pct(d.advancedShare)} (n=${d.learners})` })) })),
    table('Skill level per dimension (1 Aware … 4 Expert), before and after', ['dimension', 'learners', 'before', 'after', 'advancement', 'advanced ≥ 1 level'], dims.map((d) => [d.dimension, d.learners, num(d.averageBefore), num(d.averageAfter), num(d.averageAdvancement), d.suppressed ? 'withheld' : pct(d.advancedShare)]), [1, 2, 3, 4, 5]),
  );

  // 3. Behaviour
  parts.push(`<h2 id="behaviour">3. Behaviour</h2><h3>Hands-on time</h3><p>${num(b.handsOn.meanHoursPerMemberWeek, ' h')} per member-week against the ${b.goalHours} h goal; ${pct(b.handsOn.shareMeetingGoal)} of ${b.handsOn.memberWeeks} member-weeks met it.</p>`);
  const maxH = Math.max(b.goalHours * 1.5, ...b.handsOn.byWeek.map((w) => w.meanHours));
  parts.push(
    fig(barChart({ title: 'Mean hands-on hours per member, by week', summary: `${b.handsOn.byWeek.length} week(s); dashed line: the ${b.goalHours} h goal.`, min: 0, max: maxH, goal: { value: b.goalHours, label: `${b.goalHours} h goal` }, bars: b.handsOn.byWeek.map((w) => ({ label: `week ${w.week} (${w.start})`, value: w.meanHours, text: `${w.meanHours} h` })) })),
    table('Hands-on hours by week', ['week', 'starts', 'mean hours per member', 'members meeting the goal'], b.handsOn.byWeek.map((w) => [`week ${w.week}`, w.start, w.meanHours, pct(w.shareMeetingGoal)]), [2, 3]),
  );
  parts.push(`<h3>Time to first AI commit</h3><p>${km.reached} of ${km.members} members made an AI commit since ${esc(r.from.slice(0, 10))}; median ${km.medianDays === null ? 'not reached' : `${km.medianDays} days`} (Kaplan–Meier, members without one yet are censored).</p>`);
  const maxDays = Math.max(30, ...km.curve.map((p) => p.days));
  parts.push(
    fig(stepChart({ title: 'Share of members with a first AI commit, by day', summary: `By day 30: ${pct(km.within['30'])}, 60: ${pct(km.within['60'])}, 90: ${pct(km.within['90'])}.`, points: km.curve, maxDays })),
    table('Time to first AI commit (Kaplan–Meier)', ['by day', 'share with a first AI commit'], [['30', pct(km.within['30'])], ['60', pct(km.within['60'])], ['90', pct(km.within['90'])]], [1]),
    table('Kaplan–Meier steps', ['day', 'reached', 'at risk', 'first AI commits', 'censored'], km.curve.map((p) => [p.days, pct(p.reached), p.atRisk, p.events, p.censored]), [1, 2, 3, 4]),
  );
  const ai = b.aiCommits;
  parts.push(`<h3>AI commits per member-week</h3>`);
  const maxAi = Math.max(1, ai.before.perMemberWeek ?? 0, ai.during.perMemberWeek ?? 0);
  parts.push(
    fig(barChart({ title: 'AI commits per member-week, before and during the range', summary: `Before: ${num(ai.before.perMemberWeek)}; during: ${num(ai.during.perMemberWeek)}.`, min: 0, max: maxAi, bars: [{ label: `before (from ${ai.before.from.slice(0, 10)})`, value: ai.before.perMemberWeek }, { label: 'during the range', value: ai.during.perMemberWeek }] })),
    table('AI commits', ['period', 'AI commits', 'per member-week'], [[`before (${ai.before.from.slice(0, 10)} to ${r.from.slice(0, 10)})`, ai.before.count, num(ai.before.perMemberWeek)], ['during the range', ai.during.count, num(ai.during.perMemberWeek)]], [1, 2]),
  );

  // 4. Program health
  const tracks = r.health.tracks;
  parts.push(`<h2 id="health">4. Program health</h2><h3>Completion per track</h3>`);
  parts.push(
    fig(barChart({ title: 'Completion per track', summary: `Dashed line: the ${pct(r.health.completionTarget)} target.`, min: 0, max: 1, goal: { value: r.health.completionTarget, label: `${pct(r.health.completionTarget)} target` }, bars: tracks.map((t) => ({ label: t.track, value: t.completionRate, text: t.suppressed ? `withheld (n=${t.enrolled})` : `${pct(t.completionRate)} (${t.completed}/${t.enrolled})` })) })),
    table('Completion per track', ['track', 'enrolled', 'completed', 'rate', 'meets target'], tracks.map((t) => [t.track, t.enrolled, t.suppressed ? '—' : t.completed, t.suppressed ? 'withheld' : pct(t.completionRate), t.meetsTarget === null ? '—' : t.meetsTarget ? 'yes' : 'no']), [1, 2, 3]),
  );
  parts.push(`<h3>Mentor review</h3>`);
  if (rv.learners === 0) parts.push(`<p class="muted">No reviews in this range.</p>`);
  else if (rv.suppressed) parts.push(`<p class="note">Reviews for fewer than ${r.minGroupSize} learners in this range: withheld.</p>`);
  else {
    const maxT = Math.max(rv.windowHours * 1.5, rv.medianTurnaroundHours ?? 0);
    parts.push(
      fig(barChart({ title: 'Median hours to first review', summary: `Median ${num(rv.medianTurnaroundHours, ' h')} against the ${rv.windowHours} h window.`, min: 0, max: maxT, goal: { value: rv.windowHours, label: `${rv.windowHours} h window` }, bars: [{ label: 'median turnaround', value: rv.medianTurnaroundHours, text: num(rv.medianTurnaroundHours, ' h') }] })),
      table('Mentor review', ['figure', 'value', 'n'], [['median hours to first review', num(rv.medianTurnaroundHours), rv.firstReviews], [`reviewed within ${rv.windowHours} h`, pct(rv.withinWindowShare), rv.firstReviews], ['first-pass approval', pct(rv.firstPassApprovalRate), rv.firstPassDecided]], [1, 2]),
    );
  }
  if (r.perPerson) {
    parts.push(`<h2 id="people">Per person (turned on by the operator)</h2>`, table('Members by pseudonym', ['pseudonym', 'hands-on hours', 'AI commits', 'days to first AI commit'], r.perPerson.map((p) => [p.learner, p.handsOnHours, p.aiCommits, num(p.firstAiCommitDays)]), [1, 2, 3]));
  }
  parts.push(`<footer>Practicum measures a program, not a person: learner ids are pseudonyms re-keyed by this server, and groups smaller than ${r.minGroupSize} are never shown.</footer>`);
  return page(ctx.nonce, `Program report: ${r.cohort}`, parts.join(''));
}

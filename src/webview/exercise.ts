// The Exercise view: renders the state the extension posts; every button asks the extension to act.
import type { MetricTarget } from '../core/checks/result';
import { formatMetric, metricLabel } from '../core/checks/probe/figures';
import type { AcceptanceView, CheckView, ExerciseViewState, HostMessage, ViewAction, WebviewMessage } from './protocol/exercise';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): { state: ExerciseViewState | null } | undefined;
  setState(s: { state: ExerciseViewState | null }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') as HTMLElement;

type Child = Node | string | null | undefined | false;

function h(tag: string, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Text with `code` spans, built as nodes (never innerHTML: catalog text is not trusted). */
function rich(text: string): DocumentFragment {
  const f = document.createDocumentFragment();
  text.split(/(`[^`]+`)/).forEach((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) f.append(h('code', {}, part.slice(1, -1)));
    else if (part) f.append(part);
  });
  return f;
}

function button(label: string, action: ViewAction, opts: { secondary?: boolean; title?: string } = {}): HTMLElement {
  const b = h('button', { class: opts.secondary ? 'secondary' : undefined, title: opts.title, type: 'button' }, label);
  b.addEventListener('click', () => vscode.postMessage({ type: 'action', action }));
  return b;
}

const statusIcon: Record<string, string> = { pass: '✓', fail: '✗', skipped: '–', error: '!' };

/** The measured figures of a result, each marked met or missed in words as well as colour. */
function figureList(metrics: Record<string, number>, targets: Record<string, MetricTarget>): HTMLElement {
  const list = h('ul', { class: 'figures', 'aria-label': 'Measured figures' });
  for (const [key, value] of Object.entries(metrics)) {
    const t = targets[key];
    const met = t === undefined ? undefined : t.op === '>=' ? value >= t.value : value <= t.value;
    const target = t === undefined ? '' : ` ${met ? (t.op === '>=' ? '≥' : '≤') : t.op === '>=' ? '<' : '>'} ${formatMetric(key, t.value)}`;
    list.append(
      h(
        'li',
        { class: met === undefined ? 'info' : met ? 'met' : 'missed', title: met === undefined ? undefined : met ? 'meets its target' : 'misses its target' },
        h('span', { class: 'name' }, metricLabel(key)),
        ' ',
        h('span', { class: 'value' }, `${formatMetric(key, value)}${target}`),
        met === false ? h('span', { class: 'visually-hidden' }, ' (misses its target)') : null,
      ),
    );
  }
  return list;
}

function checkItem(c: CheckView, s: ExerciseViewState): HTMLElement {
  const status = c.result?.status ?? 'pending';
  const label = c.result ? `${c.title}: ${status}` : `${c.title}: not run yet`;
  const li = h('li', { class: `check ${status}`, 'aria-label': label });
  li.append(h('span', { class: 'icon', 'aria-hidden': 'true' }, statusIcon[status] ?? '○'));
  const body = h('div', { class: 'body' }, h('div', { class: 'title' }, c.title, ' ', h('span', { class: 'kind' }, c.kind === 'manual' ? 'self-attested' : c.kind), c.level === 'hint' ? h('span', { class: 'kind' }, 'hint') : null));
  if (c.kind === 'manual') {
    const box = h('input', { type: 'checkbox', id: `attest-${c.id}`, checked: c.attested, disabled: s.phase === 'new' || s.phase === 'no-repo' }) as HTMLInputElement;
    box.addEventListener('change', () => vscode.postMessage({ type: 'attest', checkId: c.id, value: box.checked }));
    body.append(h('label', { class: 'attest', for: `attest-${c.id}` }, box, rich(c.detail)));
  } else body.append(h('div', { class: 'detail' }, rich(c.detail)));
  if (c.result) body.append(h('div', { class: 'message' }, c.result.message));
  if (c.result?.metrics) body.append(figureList(c.result.metrics, c.result.targets ?? {}));
  if (c.result?.failingCases?.length) {
    const cases = c.result.failingCases;
    body.append(
      h(
        'details',
        { class: 'failing', open: c.result.status === 'fail' && cases.length <= 5 },
        h('summary', {}, `${cases.length} failing case${cases.length === 1 ? '' : 's'}`),
        h('ul', {}, ...cases.map((f) => h('li', {}, h('code', {}, f.id), ' ', f.reason))),
      ),
    );
  }
  if (c.result?.output) {
    const more = h('button', { class: 'link', type: 'button' }, 'Open in the Output panel');
    more.addEventListener('click', () => vscode.postMessage({ type: 'showOutput', checkId: c.id }));
    body.append(h('details', {}, h('summary', {}, 'Output'), h('pre', {}, c.result.output), more));
  }
  li.append(body);
  return li;
}

function acceptanceItem(a: AcceptanceView): HTMLElement {
  const by = a.checks.length > 0 ? `Judged by: ${a.checks.join(', ')}` : a.mentor !== null ? `Your mentor looks for: ${a.mentor}` : null;
  return h('li', {}, rich(a.text), by !== null ? h('div', { class: 'judged' }, rich(by)) : null);
}

function render(s: ExerciseViewState | null): void {
  root.replaceChildren();
  if (!s) {
    root.append(h('p', { class: 'empty' }, 'Pick an exercise in the Learn view to see its steps and checks here.'), button('Show Learn View', 'showLearn'));
    return;
  }
  const origin = s.origin === 'bundled' ? '' : s.origin === 'repository' ? ' · from this repository' : ' · from a catalog folder';
  root.append(
    h('div', { class: 'crumbs' }, `${s.trackTitle} › ${s.moduleTitle}`),
    h('h2', {}, s.title),
    h('div', { class: 'meta' }, `${s.estimate} · ${s.level}${origin}`),
    h('p', {}, rich(s.summary)),
  );
  const actions = h('div', { class: 'actions' });
  if (s.phase === 'no-repo') root.append(h('p', { class: 'note' }, 'Open your git repository to start this exercise on a branch of it.'));
  if (s.phase === 'new') actions.append(button('Start Exercise', 'start', { title: `Create ${s.branch} from your current commit` }));
  if (s.phase === 'elsewhere') actions.append(button('Switch to Branch', 'switch', { title: `Check out ${s.branch}` }));
  if (s.phase === 'active' || s.phase === 'elsewhere') {
    actions.append(button(s.running ? 'Running…' : 'Run Checks', 'runChecks', { secondary: s.phase === 'elsewhere' }));
    actions.append(button('Submit for Review', 'submit', { secondary: true }));
  }
  actions.append(button('Open Brief', 'openBrief', { secondary: true }));
  root.append(actions);
  if (s.phase === 'active' || s.phase === 'elsewhere') root.append(h('div', { class: 'meta' }, `Branch ${s.branch}${s.phase === 'elsewhere' ? ' (not checked out)' : ''}`));
  if (!s.trusted && s.checks.some((c) => c.kind === 'command' || c.kind === 'probe')) {
    root.append(h('div', { class: 'banner', role: 'note' }, 'Command and probe checks do not run in an untrusted workspace. ', button('Manage Workspace Trust', 'manageTrust', { secondary: true })));
  }

  const passed = s.checks.filter((c) => c.result?.status === 'pass').length;
  const when = s.lastCheckedAt ? ` · checked ${new Date(s.lastCheckedAt).toLocaleString()}` : '';
  root.append(h('h3', {}, 'Checks ', h('span', { class: 'count' }, `${passed}/${s.checks.length} pass${when}`)), h('ul', { class: 'checks' }, ...s.checks.map((c) => checkItem(c, s))));

  root.append(h('h3', {}, 'Steps'), h('ol', { class: 'steps' }, ...s.steps.map((t) => h('li', {}, rich(t)))));
  root.append(h('h3', {}, 'Acceptance criteria'), h('ul', { class: 'acceptance' }, ...s.acceptance.map(acceptanceItem)));

  if (s.hintsTotal > 0) {
    root.append(h('h3', {}, 'Hints ', h('span', { class: 'count' }, `${s.hints.length} of ${s.hintsTotal} shown`)));
    if (s.hints.length > 0) root.append(h('ol', { class: 'hints', 'aria-live': 'polite' }, ...s.hints.map((t) => h('li', {}, rich(t)))));
    if (s.hints.length < s.hintsTotal) root.append(button(s.hints.length === 0 ? 'Show the first hint' : `Show hint ${s.hints.length + 1}`, 'revealHint', { secondary: true }));
  }

  if (s.inputs.length > 0) {
    root.append(
      h('h3', {}, 'Your answers'),
      h('dl', { class: 'inputs' }, ...s.inputs.flatMap((i) => [h('dt', {}, i.prompt), h('dd', {}, i.answer ? h('code', {}, i.answer) : h('em', {}, 'asked when the check first runs'))])),
      button('Change Answers', 'setAnswers', { secondary: true }),
    );
  }

  if (s.starterFiles.length > 0) {
    const list = h('ul', { class: 'starter' });
    for (const f of s.starterFiles) {
      const link = h('button', { class: 'link', type: 'button' }, f);
      link.addEventListener('click', () => vscode.postMessage({ type: 'openStarter', file: f }));
      list.append(h('li', {}, link));
    }
    root.append(h('h3', {}, 'Starter files'), list);
  }

  if (s.submissions.length > 0) {
    root.append(h('h3', {}, 'Submissions'), h('ul', {}, ...s.submissions.map((x) => h('li', {}, `Round ${x.round}, ${new Date(x.submittedAt).toLocaleString()}`))));
  }
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const msg = event.data;
  if (msg?.type !== 'state') return;
  vscode.setState({ state: msg.state });
  render(msg.state);
});

render(vscode.getState()?.state ?? null);
vscode.postMessage({ type: 'ready' });

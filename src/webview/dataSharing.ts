import type { DataSharingState, HostMessage, PreviewView, WebviewMessage } from './protocol/dataSharing';

interface VsCodeApi {
  postMessage(m: WebviewMessage): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as { raw?: boolean };
let raw = saved.raw === true;
let last: DataSharingState | undefined;

type Child = Node | string | null | undefined | false;

/** Builds an element; text always goes through text nodes, never HTML. */
function h(tag: string, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k, v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function button(label: string, message: WebviewMessage, primary = false, disabled = false): HTMLElement {
  return h('button', { class: primary ? 'primary' : 'secondary', type: 'button', disabled, click: () => vscode.postMessage(message) }, label);
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function previewSection(p: PreviewView | null, s: DataSharingState): HTMLElement {
  const section = h('section', { 'aria-labelledby': 'preview-h' }, h('h2', { id: 'preview-h' }, 'Next batch, exactly as it will be sent'));
  if (!p) {
    const idle = s.consent ? 'Nothing is queued. New events appear here and are sent in the background.' : 'Nothing is queued yet. Events appear here as you work, and nothing is sent before you accept.';
    section.append(h('p', { class: 'muted' }, s.queued ? 'Preparing the next batch…' : idle));
    return section;
  }
  const facts = [`${p.events} event(s)`, `${p.bytes.toLocaleString()} bytes`, p.key ? `Idempotency-Key ${p.key}` : 'not pinned yet'];
  if (p.attempts) facts.push(`${p.attempts} failed attempt(s)${p.lastError ? `, last: ${p.lastError}` : ''}${p.nextAttemptAt ? `, next at ${new Date(p.nextAttemptAt).toLocaleTimeString()}` : ''}`);
  const headers = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
  const toggle = h('input', { type: 'checkbox', id: 'raw', change: (e) => {
    raw = (e.target as HTMLInputElement).checked;
    vscode.setState({ raw });
    render();
  } }) as HTMLInputElement;
  toggle.checked = raw;
  section.append(
    h('p', { class: 'muted' }, facts.join(' · ')),
    h('pre', { class: 'request', 'aria-label': 'Request line and headers' }, `POST ${p.url}\n${headers}`),
    h('p', { class: 'toolbar' }, h('label', { for: 'raw' }, toggle, ' Show the raw bytes (the body is sent without indentation; "sentAt" is set when it is sent)')),
    h('pre', { class: 'body', tabindex: '0', 'aria-label': 'Request body' }, raw ? p.body : pretty(p.body)),
  );
  return section;
}

function render(): void {
  const s = last;
  const app = document.getElementById('app');
  if (!s || !app) return;
  const needsConsent = !s.consent || !s.consent.current;
  const status = s.sending.allowed
    ? h('section', { class: 'status ok', role: 'status' }, h('strong', {}, 'Sharing is on. '), `Queued events are sent to ${s.endpoint ?? ''} in the background.`, s.lastResult ? h('div', { class: 'muted' }, `Last: ${s.lastResult}`) : null)
    : h('section', { class: 'status blocked', role: 'status' }, h('strong', {}, 'Not sending. '), s.sending.message);

  const where = h('section', { 'aria-labelledby': 'where-h' },
    h('h2', { id: 'where-h' }, 'Where'),
    h('dl', {},
      h('dt', {}, 'Endpoint'), h('dd', {}, s.endpoint ? h('code', {}, s.endpoint) : h('span', { class: 'muted' }, 'not configured'), s.endpointProblem ? h('div', { class: 'error' }, s.endpointProblem) : null),
      h('dt', {}, 'Format'), h('dd', {}, s.format === 'otlp' ? 'OTLP/HTTP JSON logs (OpenTelemetry Collector)' : 'JSON batches (practicum.batch/v1)'),
      h('dt', {}, 'Token'), h('dd', {}, s.tokenSet ? 'set (kept in VS Code secret storage, never shown)' : 'none', ' ', button(s.tokenSet ? 'Change token…' : 'Set token…', { type: 'setToken' }, false, !s.endpoint || !!s.endpointProblem)),
      h('dt', {}, 'You appear as'), h('dd', {}, s.learnerHint ? h('code', {}, `${s.learnerHint}…`) : 'a pseudonym', ` — HMAC-SHA256 of your git email under the ${s.learnerIdKey === 'team' ? "team's key" : "repository's key"}; never the email itself`),
      h('dt', {}, 'Cohort'), h('dd', {}, s.cohort ?? h('span', { class: 'muted' }, 'none')),
    ),
    button('Open settings', { type: 'openSettings' }),
  );

  const rows = s.types.map((t) =>
    h('tr', {}, h('td', {}, h('code', {}, t.type)), h('td', {}, t.description, h('div', { class: 'fields' }, `Fields: ${t.fields.join(', ')}`)), h('td', { class: 'num' }, String(t.queued))),
  );
  const what = h('section', { 'aria-labelledby': 'what-h' },
    h('h2', { id: 'what-h' }, 'What'),
    h('p', {}, 'Behaviour-level events only: never source code, file names or paths, commit messages, or branch names other than exercise ids. They are never used or labelled as a performance rating.'),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Event'), h('th', { scope: 'col' }, 'What it records'), h('th', { scope: 'col', class: 'num' }, 'Queued'))),
      h('tbody', {}, ...rows),
    ),
    s.rejected.batches || s.quarantined
      ? h('p', { class: 'warning' }, `${s.rejected.events} event(s) refused by the endpoint and kept; ${s.quarantined} malformed line(s) set aside. `, button('Show outbox', { type: 'showOutbox' }))
      : null,
  );

  const canAccept = !!s.endpoint && !s.endpointProblem;
  const actions = h('section', { class: 'actions', 'aria-label': 'Actions' },
    needsConsent
      ? button(s.consent ? 'Accept the updated details and share' : 'Accept and start sharing', { type: 'accept', endpoint: s.endpoint ?? '', format: s.format, previewKey: s.preview?.key ?? null }, true, !canAccept)
      : button('Send now', { type: 'flush' }, true, !s.sending.allowed),
    !needsConsent ? (s.paused ? button('Resume sending', { type: 'resume' }) : button('Pause sending', { type: 'pause' })) : null,
    s.consent ? button('Revoke consent', { type: 'revoke' }) : null,
    s.consent ? h('p', { class: 'muted' }, `You agreed on ${new Date(s.consent.acceptedAt).toLocaleString()}. Revoking stops sending; queued events stay on this machine until you delete them.`) : null,
  );

  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.textContent : null;
  app.replaceChildren(
    h('h1', {}, 'Share behaviour-level metrics with your team'),
    h('p', { class: 'lead' }, "Practicum can send events about how you use the program to your team's endpoint, so leads see the program's effect. Nothing is sent until you accept; you can pause or revoke at any time."),
    status,
    // Wide editors show the preview beside the details, so what is sent stays in view while reading.
    h('div', { class: 'columns' }, h('div', {}, where, what), h('div', { class: 'preview' }, previewSection(s.preview, s))),
    actions,
  );
  // Re-rendering must not throw keyboard users back to the top.
  if (focused) for (const b of Array.from(app.querySelectorAll('button'))) if (b.textContent === focused) b.focus();
  vscode.postMessage({ type: 'rendered', previewKey: s.preview?.key ?? null });
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  if (e.data?.type !== 'state') return;
  last = e.data.state;
  render();
});
vscode.postMessage({ type: 'ready' });

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Outbox } from '../../../src/core/export/outbox';
import type { DataSharingPanel } from '../../../src/vscode/export/dataSharingPanel';
import { activatedExtension, fixturePath, screenshot } from '../helpers';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Awaits `p`, failing with `what` instead of hanging until mocha's timeout. */
async function step<T>(what: string, p: Thenable<T>, ms = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([Promise.resolve(p), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const withoutSentAt = (body: string) => body.replace(/"sentAt":"[^"]*"/, '"sentAt":""');

describe('export: consent, preview and send in VS Code', function () {
  this.timeout(90_000);
  const received: Received[] = [];
  let server: http.Server;
  let url: string;
  let panel: DataSharingPanel;
  const practicum = () => vscode.workspace.getConfiguration('practicum');
  const telemetry = () => vscode.workspace.getConfiguration('telemetry');

  before(async () => {
    // Start from an empty outbox: earlier suites' activity (e.g. the AI-commit scan) queues real events.
    // A scan started by an earlier suite's commits can still be running (slow on a fresh clone): wait
    // for it and for its events to reach the outbox, then clear, so nothing lands after the clear.
    const { exports: api } = await activatedExtension();
    await step('the AI-commit scan to settle', vscode.commands.executeCommand('practicum.aiCommits.rescan'), 60_000);
    await api.container.events.drain?.();
    await new Outbox({ dir: path.join(api.container.storageDir, 'outbox') }).clear();
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"accepted":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
  });

  after(async () => {
    panel?.dispose();
    await practicum().update('export.endpoint', undefined, vscode.ConfigurationTarget.Global);
    await telemetry().update('telemetryLevel', 'off', vscode.ConfigurationTarget.Global);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('queues events before consent and sends nothing while VS Code telemetry is off, saying why', async () => {
    const { exports: api } = await activatedExtension();
    await step('telemetry off', telemetry().update('telemetryLevel', 'off', vscode.ConfigurationTarget.Global));
    await step('endpoint setting', practicum().update('export.endpoint', url, vscode.ConfigurationTarget.Global));
    await waitFor(() => api.container.settings['export.endpoint'] === url, 'the endpoint setting');
    api.container.events.emit('exercise.started', { exercise: 'rag-prototype', track: 'ai-app-dev', module: 'backend-rag' });
    api.container.events.emit('session', { start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T09:40:00.000Z', seconds: 2400, exercise: 'rag-prototype', aiAssistedSeconds: 300 });

    panel = await step('the review command', vscode.commands.executeCommand<DataSharingPanel>('practicum.export.review'));
    assert.ok(panel, 'the review command returns its panel');
    // Another feature may open its own panel just after startup (first-use onboarding): bring ours to the front.
    await new Promise((r) => setTimeout(r, 2500));
    panel.panel.reveal(vscode.ViewColumn.Active);
    await step('the webview to load and say ready', panel.ready);
    await waitFor(() => panel.lastState?.preview?.events === 2 && panel.renderedKey === panel.lastState.preview.key, 'the preview of the two queued events');
    const s = panel.lastState;
    assert.ok(s);
    assert.equal(vscode.env.isTelemetryEnabled, false);
    assert.deepEqual(s.sending.allowed ? null : s.sending.reason, 'telemetry-off');
    assert.match(s.sending.allowed ? '' : s.sending.message, /telemetry is turned off/);
    await step('flush command', vscode.commands.executeCommand('practicum.export.flush'));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(received.length, 0, 'nothing leaves the machine with telemetry off');
  });

  it('consent → preview → send: the endpoint receives exactly the batch the user saw', async () => {
    assert.ok(panel?.lastState, 'the first test opened the view');
    await telemetry().update('telemetryLevel', 'all', vscode.ConfigurationTarget.Global);
    await waitFor(() => vscode.env.isTelemetryEnabled, 'telemetry on');
    await waitFor(() => panel.lastState?.sending.allowed === false && panel.lastState.sending.reason === 'no-consent', 'the view to ask for consent');
    const s = panel.lastState;
    assert.ok(s?.preview?.key);
    assert.equal(s.endpoint, url);
    assert.deepEqual(s.types.map((t) => t.type), ['session', 'exercise.started', 'exercise.checked', 'exercise.submitted', 'review.completed', 'ai.commit', 'assessment.completed', 'survey.completed']);
    assert.equal(s.preview.headers['Idempotency-Key'], s.preview.key);
    assert.equal(received.length, 0, 'nothing is sent before consent');
    panel.panel.reveal(vscode.ViewColumn.Active);
    await waitFor(() => panel.renderedKey === s.preview?.key, 'the preview on screen');
    await screenshot('export-consent', 'iframe.webview');

    await panel.receive({ type: 'accept', endpoint: s.endpoint ?? '', format: s.format, previewKey: s.preview.key });
    await waitFor(() => received.length === 1, 'the batch at the endpoint');
    const got = received[0] as Received;
    assert.equal(got.url, '/ingest');
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['idempotency-key'], s.preview.key);
    assert.equal(withoutSentAt(got.body), withoutSentAt(s.preview.body), 'the bytes sent are the bytes shown');
    const body = JSON.parse(got.body) as { schema: string; events: Array<{ type: string; learner: string }> };
    assert.equal(body.schema, 'practicum.batch/v1');
    assert.deepEqual(body.events.map((e) => e.type), ['exercise.started', 'session']);
    const email = execFileSync('git', ['config', 'user.email'], { cwd: fixturePath(), encoding: 'utf8' }).trim();
    assert.ok(email && !got.body.includes(email), 'the git email never leaves the machine');
    assert.ok(!got.body.includes(fixturePath()), 'no path leaves the machine');
    assert.match(body.events[0]?.learner ?? '', /^[0-9a-f]{64}$/);
    await waitFor(() => panel.lastState?.sending.allowed === true && panel.lastState.queued === 0, 'the view to show sharing on');
    await screenshot('export-sent', 'iframe.webview');
  });

  it('pause holds new events; resume sends them', async () => {
    const { exports: api } = await activatedExtension();
    assert.ok(panel?.lastState, 'the consent test ran first');
    await panel.receive({ type: 'pause' });
    await waitFor(() => panel.lastState?.paused === true, 'paused');
    api.container.events.emit('exercise.submitted', { exercise: 'rag-prototype', round: 1, where: 'git', checksTotal: 0, checksPassed: 0, selfAttested: 0, byKind: {} });
    await waitFor(() => panel.lastState?.queued === 1, 'the new event queued');
    await vscode.commands.executeCommand('practicum.export.flush');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(received.length, 1, 'paused: nothing more sent');
    await panel.receive({ type: 'resume' });
    await vscode.commands.executeCommand('practicum.export.flush');
    await waitFor(() => received.length === 2, 'the held event after resuming');
    assert.deepEqual((JSON.parse(received[1]?.body ?? '{}') as { events: Array<{ type: string }> }).events.map((e) => e.type), ['exercise.submitted']);
    await waitFor(() => panel.lastState?.paused === false && panel.lastState.queued === 0, 'the view to show the event sent');
    await vscode.commands.executeCommand('practicum.export.showOutbox');
    await new Promise((r) => setTimeout(r, 1000)); // let the view paint its items
    await screenshot('export-outbox-view');
  });
});

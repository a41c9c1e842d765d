import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Outbox } from '../../../src/core/export/outbox';
import type { DataSharingPanel } from '../../../src/vscode/export/dataSharingPanel';
import type { DashboardPanel } from '../../../src/vscode/stats/dashboardPanel';
import { activatedExtension, EXTENSION_ID, screenshot } from '../helpers';

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The extension against a real `practicum serve`: Connect to Team Server, consent, send, then the
 * lead's report shows the events, checked in a real browser (headless Chromium) with screenshots.
 * The server runs on the machine's own `node` (the extension host may be another Node version, and
 * the server's SQLite driver is built for the machine's).
 */
describe('team server: connect, consent, send, report', function () {
  this.timeout(150_000);
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const cli = path.join(root, 'dist', 'cli.js');
  const practicum = () => vscode.workspace.getConfiguration('practicum');
  const telemetry = () => vscode.workspace.getConfiguration('telemetry');
  let tmp: string;
  let server: ChildProcess | undefined;
  let url = '';
  let ingestToken = '';
  let leadToken = '';
  let panel: DataSharingPanel | undefined;
  let dashboard: DashboardPanel | undefined;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'practicum-it-server-'));
    const db = path.join(tmp, 'team.db');
    const cliRun = (args: string[]) => execFileSync('node', [cli, ...args], { encoding: 'utf8' }).trim();
    ingestToken = cliRun(['serve', 'token', 'add', '--db', db, '--cohort', 'it-pilot']);
    leadToken = cliRun(['serve', 'token', 'add', '--db', db, '--cohort', 'it-pilot', '--lead']);
    // One learner in this run: the operator lowers the minimum group size so the report shows them.
    server = spawn('node', [cli, 'serve', '--db', db, '--port', '0', '--min-group', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor(() => /listening on (http:\/\/\S+)/.test(out), `practicum serve to listen (${out})`);
    url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    const { exports: api } = await activatedExtension();
    await new Outbox({ dir: path.join(api.container.storageDir, 'outbox') }).clear();
  });

  after(async () => {
    panel?.dispose();
    dashboard?.panel.dispose();
    for (const key of ['export.endpoint', 'export.cohort', 'export.format']) await practicum().update(key, undefined, vscode.ConfigurationTarget.Global);
    await telemetry().update('telemetryLevel', 'off', vscode.ConfigurationTarget.Global);
    server?.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('connects with URL and token, sends only after consent, and the report shows the events', async () => {
    const { exports: api } = await activatedExtension();
    const connected = await vscode.commands.executeCommand<{ endpoint: string; cohort: string }>('practicum.export.connectServer', { url, token: ingestToken });
    assert.deepEqual(connected, { endpoint: `${url}/v1/events`, cohort: 'it-pilot' });
    await waitFor(() => api.container.settings['export.endpoint'] === connected.endpoint && api.container.settings['export.cohort'] === 'it-pilot', 'the export settings');
    const secret = await api.container.context.secrets.get(`practicum.export.token:${new URL(url).origin}`);
    assert.equal(secret, ingestToken, 'the token is in SecretStorage for the server origin');
    assert.ok(!JSON.stringify(practicum()).includes(ingestToken), 'and never in settings');

    const day = Date.now() - 2 * 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    api.container.events.emit('session', { start: iso(day), end: iso(day + 5400_000), seconds: 5400, exercise: 'rag-prototype', aiAssistedSeconds: 600 });
    api.container.events.emit('session', { start: iso(day + 86_400_000), end: iso(day + 86_400_000 + 7200_000), seconds: 7200, exercise: 'rag-prototype', aiAssistedSeconds: 0 });
    api.container.events.emit('ai.commit', { authoredAt: iso(day + 3600_000), kinds: ['assisted'], signals: ['co-author:claude'], exercise: null }, new Date(day + 3600_000));

    const report = async () => (await (await fetch(`${url}/v1/report?cohort=it-pilot`, { headers: { authorization: `Bearer ${leadToken}` } })).json()) as { members: number; behaviour: { handsOn: { byWeek: Array<{ meanHours: number }> }; firstAiCommit: { reached: number } } };
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await report()).members, 0, 'nothing reaches the server before consent');

    // After other suites have turned telemetry off, the settings file may be rewritten under us;
    // set it again until VS Code reports it on.
    for (let attempt = 1; !vscode.env.isTelemetryEnabled; attempt++) {
      await telemetry().update('telemetryLevel', 'all', vscode.ConfigurationTarget.Global);
      try {
        await waitFor(() => vscode.env.isTelemetryEnabled, 'telemetry on', 10_000);
      } catch (e) {
        if (attempt >= 4) throw e;
        await telemetry().update('telemetryLevel', 'off', vscode.ConfigurationTarget.Global);
      }
    }
    panel = await vscode.commands.executeCommand<DataSharingPanel>('practicum.export.review');
    await new Promise((r) => setTimeout(r, 2500));
    panel.panel.reveal(vscode.ViewColumn.Active);
    await panel.ready;
    await waitFor(() => panel!.lastState?.preview?.events === 3 && panel!.renderedKey === panel!.lastState.preview.key, 'the preview of the three queued events');
    const s = panel.lastState!;
    assert.equal(s.endpoint, connected.endpoint);
    await panel.receive({ type: 'accept', endpoint: s.endpoint ?? '', format: s.format, previewKey: s.preview!.key! });
    await waitFor(async () => (await report()).members === 1, 'the events at the server');
    const r = await report();
    assert.equal(r.behaviour.firstAiCommit.reached, 1);
    assert.ok(r.behaviour.handsOn.byWeek.reduce((a, w) => a + w.meanHours, 0) >= 3.49, 'the 3.5 hands-on hours are counted');

    // The Cohort Dashboard recognises the server and offers its report.
    const cohortFile = path.join(tmp, 'it-pilot.json');
    writeFileSync(cohortFile, JSON.stringify({ name: 'it-pilot', start: '2025-01-01', end: '2025-02-01', members: [{ email: 'it@example.com' }] }));
    dashboard = await vscode.commands.executeCommand<DashboardPanel>('practicum.cohortDashboard', cohortFile);
    const d = dashboard;
    assert.ok(d, 'the dashboard opened');
    const reportUrl = await d.detectServer();
    assert.equal(reportUrl, `${url}/?cohort=it-pilot`);
    await new Promise((r) => setTimeout(r, 1000));
    await screenshot('server-dashboard-open-report', 'iframe.webview');

    // The report page in a real browser, signed in with the lead token by keyboard.
    if (existsSync(process.env.PRACTICUM_CHROMIUM ?? '/usr/bin/chromium')) {
      const shot = execFileSync('node', [path.join(root, 'scripts/lib/report-shot.mjs'), `${url}/?cohort=it-pilot`, leadToken, path.join(root, 'test-results/screenshots/server-report-from-vscode')], { encoding: 'utf8', cwd: root, timeout: 60_000 });
      const seen = JSON.parse(shot) as Record<string, { title: string; text: string; charts: number }>;
      assert.equal(seen.light?.title, 'Program report: it-pilot');
      assert.match(seen.light?.text ?? '', /1 member\(s\) with data/);
      assert.match(seen.light?.text ?? '', /1 of 1 members made an AI commit/);
      assert.match(seen.light?.text ?? '', /3\.5 h/, 'the 3.5 hands-on hours sent from the editor');
      assert.equal(seen.dark?.charts, 3, 'hands-on hours, first AI commit, AI commits: the sections with data have their charts');
    }
  });
});

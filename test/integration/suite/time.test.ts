import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Mirrors TimeSnapshot in src/vscode/tracking/feature.ts (the test bundle cannot share the extension's module instance). */
interface TimeSnapshot {
  statusText: string;
  tooltip: string;
  paused: boolean;
  focused: boolean;
  heartbeats: number;
  pending: number;
  totalSeconds: number;
  logDir: string;
}

const snapshot = async (flush = false) => (await vscode.commands.executeCommand<TimeSnapshot>('practicum.time.snapshot', { flush })) as TimeSnapshot;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: (s: TimeSnapshot) => boolean, what: string, ms = 20_000): Promise<TimeSnapshot> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await snapshot();
    if (ok(s)) return s;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last snapshot ${JSON.stringify(s)}`);
    await sleep(200);
  }
}

async function typeSlowly(text: string): Promise<void> {
  for (const ch of text) {
    await vscode.commands.executeCommand('type', { text: ch });
    await sleep(40);
  }
}

describe('time tracking', function () {
  this.timeout(90_000);
  let doc: vscode.TextDocument;

  before(async () => {
    const ext = vscode.extensions.getExtension('practicum.practicum');
    assert.ok(ext, 'extension practicum.practicum is installed');
    await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite runs in a workspace folder');
    const file = path.join(folder.uri.fsPath, 'time-tracking-probe.ts');
    writeFileSync(file, '// typed by the time tracking test\n');
    doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const s = await snapshot();
    if (s.paused) await vscode.commands.executeCommand('practicum.time.resume');
    assert.ok(s.focused, 'the VS Code window has focus (activity in an unfocused window is not tracked by design)');
  });

  it('turns typing and a save into heartbeats and moves the status bar', async () => {
    const before = await snapshot();
    assert.match(before.statusText, /^\$\(watch\) .+ \/ 5h$/, 'status bar shows this week against the default 5 h goal');
    await vscode.commands.executeCommand('cursorBottom');
    await typeSlowly('const answer = 42;');
    await sleep(2_500);
    await typeSlowly('\nexport { answer };');
    await doc.save();
    const after = await until((s) => s.heartbeats >= before.heartbeats + 2 && s.statusText !== before.statusText, 'heartbeats and a new status bar text');
    assert.ok(after.totalSeconds >= before.totalSeconds + 2, `typing for a few seconds adds time (${before.totalSeconds} -> ${after.totalSeconds})`);
    assert.match(after.tooltip, /Hands-on time this week/);
    assert.match(after.tooltip, /AI-assisted: 0%/, 'typing by hand is not AI-assisted');
    console.log('[practicum:screenshot] time-status-bar');
    await sleep(500);

    // Typing right after a save falls inside the two-minute throttle; it is kept as the trailing
    // heartbeat, written after a quiet minute, on blur, pause, or deactivate (the flush here).
    await typeSlowly('\n');
    const flushed = await snapshot(true);
    assert.equal(flushed.pending, 0, 'flushing writes every buffered heartbeat');
    assert.ok(flushed.heartbeats > after.heartbeats, `the trailing edit became a heartbeat (${after.heartbeats} -> ${flushed.heartbeats})`);
    const lines = readdirSync(flushed.logDir)
      .filter((f) => /^heartbeats-\d{4}-\d{2}\.jsonl$/.test(f))
      .flatMap((f) => readFileSync(path.join(flushed.logDir, f), 'utf8').trim().split('\n'));
    const mine = lines.map((l) => JSON.parse(l)).filter((h) => Date.parse(h.at) >= Date.now() - 60_000);
    assert.ok(mine.some((h) => h.kind === 'edit' && h.language === 'typescript'), `an edit heartbeat with the language in ${JSON.stringify(mine)}`);
    assert.ok(mine.some((h) => h.kind === 'save'), 'a save heartbeat');
    for (const l of lines) assert.doesNotMatch(l, /time-tracking-probe|answer/, 'no file names or content in the log');
  });

  it('pauses from the status bar command and records nothing until resumed', async () => {
    await vscode.commands.executeCommand('practicum.time.pause');
    const paused = await until((s) => s.paused, 'paused');
    assert.match(paused.statusText, /paused/i);
    console.log('[practicum:screenshot] time-status-bar-paused');
    await sleep(500);
    await typeSlowly(' // while paused');
    await doc.save();
    await sleep(1_000);
    assert.equal((await snapshot()).heartbeats, paused.heartbeats, 'no heartbeat while paused');
    await vscode.commands.executeCommand('practicum.time.resume');
    const resumed = await until((s) => !s.paused, 'resumed');
    assert.match(resumed.statusText, /^\$\(watch\)/);
  });

  it('opens My Time from the status bar command', async () => {
    await vscode.commands.executeCommand('practicum.time.showMyTime');
    await sleep(1_000);
    console.log('[practicum:screenshot] time-my-time-view');
    await sleep(500);
  });
});

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TimeSnapshot } from '../../../src/vscode/tracking/feature';
import { activatedExtension, fixturePath, screenshot } from '../helpers';

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
    await activatedExtension();
    const file = path.join(fixturePath(), 'time-tracking-probe.ts');
    writeFileSync(file, '// typed by the time tracking test\n');
    // Start from a session of this suite's own: pausing closes whatever session earlier suites left
    // open (on an exercise branch, say), resuming starts afresh.
    await vscode.commands.executeCommand('practicum.time.pause');
    await vscode.commands.executeCommand('practicum.time.resume');
    doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const s = await snapshot();
    assert.ok(!s.paused, 'tracking is on');
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
    await screenshot('time-status-bar');

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

  it('pauses from the status bar command, closing the session as a session event, and records nothing until resumed', async () => {
    const { exports: api } = await activatedExtension();
    const events: Array<{ type: string; data: Record<string, unknown> }> = [];
    const sink = api.container.events;
    api.container.events = { emit: (type, data) => events.push({ type, data }) };
    try {
      await vscode.commands.executeCommand('practicum.time.pause');
    } finally {
      api.container.events = sink;
    }
    const session = events.find((e) => e.type === 'session')?.data;
    assert.ok(session, `a session event when the session closes (got ${JSON.stringify(events)})`);
    assert.deepEqual(Object.keys(session).sort(), ['aiAssistedSeconds', 'end', 'exercise', 'seconds', 'start']);
    assert.ok((session.seconds as number) > 0 && session.aiAssistedSeconds === 0 && session.exercise === null);
    assert.ok(Date.parse(session.end as string) > Date.parse(session.start as string));
    const paused = await until((s) => s.paused, 'paused');
    assert.match(paused.statusText, /paused/i);
    await screenshot('time-status-bar-paused');
    await typeSlowly(' // while paused');
    await doc.save();
    await sleep(1_000);
    assert.equal((await snapshot()).heartbeats, paused.heartbeats, 'no heartbeat while paused');
    await vscode.commands.executeCommand('practicum.time.resume');
    const resumed = await until((s) => !s.paused, 'resumed');
    assert.match(resumed.statusText, /^\$\(watch\)/);
  });

  it('credits time to the exercise whose practicum/<id> branch is checked out', async () => {
    execFileSync('git', ['checkout', '-q', '-b', 'practicum/rag-prototype'], { cwd: fixturePath() });
    await sleep(6_000); // the branch is re-read every 5 s
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await typeSlowly('\n// on the exercise branch');
    await sleep(1_500);
    await typeSlowly('\n');
    await doc.save();
    const s = await until((x) => (x.byExercise['rag-prototype'] ?? 0) > 0, 'time on rag-prototype');
    assert.match(s.tooltip, /rag-prototype/);
  });

  it('opens My Time from the status bar command', async () => {
    await vscode.commands.executeCommand('practicum.time.showMyTime');
    await sleep(1_000);
    await screenshot('time-my-time-view');
  });
});

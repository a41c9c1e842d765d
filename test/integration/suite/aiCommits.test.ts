import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventSink } from '../../../src/core/export/sink';
import type { AiCommitsScan } from '../../../src/vscode/scan/aiCommitsFeature';
import { commitTooltip } from '../../../src/vscode/scan/aiCommitsTree';
import { activatedExtension, fixturePath, screenshot } from '../helpers';

const git = (cwd: string, args: string[], env: Record<string, string> = {}) => execFileSync('git', args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' }).trim();

async function until<T>(what: string, fn: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('AI Commits view', () => {
  let repo: string;
  let head: string;
  let branch: string;
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];
  let restoreSink: (() => void) | undefined;

  before(async () => {
    repo = fixturePath();
    head = git(repo, ['rev-parse', 'HEAD']);
    branch = git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']);
    const { exports: api } = await activatedExtension();
    const original: EventSink = api.container.events;
    api.container.events = { emit: (type, data, at) => (events.push({ type, data }), original.emit(type, data, at)) };
    restoreSink = () => (api.container.events = original);
  });

  after(() => {
    restoreSink?.();
    git(repo, ['checkout', '-q', branch]);
    git(repo, ['reset', '-q', '--hard', head]);
  });

  it('shows the learner\'s AI commits from the workspace history', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.practicum');
    await vscode.commands.executeCommand('practicum.aiCommits.focus');
    const scan = (await vscode.commands.executeCommand('practicum.aiCommits.rescan')) as AiCommitsScan | undefined;
    assert.ok(scan, 'the rescan command returns the scan');
    assert.equal(scan.run.result.schema, 'practicum.scan/v1');
    assert.equal(scan.summary.email, 'ada@example.com');
    const claude = scan.run.result.aiCommits.find((c) => c.authoredAt === '2025-01-08T14:15:00Z');
    assert.deepEqual(claude?.signals, ['co-author:claude']);
    assert.ok(scan.summary.total >= 1);
    assert.equal(scan.summary.firstAt, '2025-01-08T14:15:00Z');
    await screenshot('ai-commits-view');
  });

  it('picks up a new AI commit in the background and emits ai.commit without hash, message or path', async () => {
    await vscode.commands.executeCommand('practicum.aiCommits.rescan'); // the baseline exists before the commit
    const before = events.length;
    const file = path.join(repo, 'src', 'assistant.py');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'from openai import OpenAI\n\nclient = OpenAI()\n');
    git(repo, ['add', file]);
    git(repo, ['commit', '-q', '-m', 'Add the assistant\n\nCo-authored-by: Claude <noreply@anthropic.com>']);
    // No command: the HEAD watcher starts a background scan.
    const event = await until('an ai.commit event', () => events.slice(before).find((e) => e.type === 'ai.commit'));
    assert.deepEqual(Object.keys(event.data).sort(), ['authoredAt', 'kinds', 'signals']);
    assert.deepEqual(event.data.kinds, ['assisted', 'building']);
    assert.deepEqual(event.data.signals, ['co-author:claude', 'sdk:openai']);
    assert.doesNotMatch(JSON.stringify(event.data), /assistant|\.py|Add the/);
    const scan = (await vscode.commands.executeCommand('practicum.aiCommits.rescan')) as AiCommitsScan;
    assert.equal(scan.summary.thisWeek, 1);
    assert.equal(scan.summary.recent[0]?.signals.join(' '), 'co-author:claude sdk:openai(+src/assistant.py)');
    assert.equal(events.filter((e) => e.type === 'ai.commit').length - events.slice(0, before).filter((e) => e.type === 'ai.commit').length, 1, 'emitted once');
    // appendText escapes Markdown punctuation and spaces; compare the text a reader sees.
    const hover = commitTooltip(scan.summary.recent[0]!, 'Add the assistant').value.replace(/\\([^\n])/g, '$1').replace(/&nbsp;/g, ' ');
    assert.match(hover, /\*\*Add the assistant\*\*/);
    assert.match(hover, /assisted \+ building/);
    assert.match(hover, /- co-author:claude\n- sdk:openai\(\+src\/assistant\.py\)/);
    await screenshot('ai-commits-view-new-commit');
  });
});

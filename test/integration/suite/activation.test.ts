import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activatedExtension, screenshot } from '../helpers';

describe('activation', () => {
  it('activates and returns its API', async () => {
    const ext = await activatedExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
    assert.equal(typeof ext.exports?.activationMs, 'number');
  });

  // The limit is on what activation costs: the CPU time of the span from entry to return. The wall
  // time is logged beside it; on a busy machine it also counts the time spent waiting for a core.
  it('activates in under 50 ms', async () => {
    const { exports: api } = await activatedExtension();
    console.log(`[practicum] activation took ${api.activationMs.toFixed(2)} ms (${api.activationCpuMs.toFixed(2)} ms CPU); by feature: ${JSON.stringify(api.featureMs)}`);
    assert.ok(api.activationMs > 0 && api.activationCpuMs >= 0, `activationMs ${api.activationMs}, activationCpuMs ${api.activationCpuMs}`);
    assert.ok(api.activationCpuMs < 50, `activation cost ${api.activationCpuMs} ms of CPU (limit 50 ms); wall clock ${api.activationMs} ms`);
  });

  it('registers its commands', async () => {
    await activatedExtension();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('practicum.showLog'), 'practicum.showLog is not registered');
  });

  it('contributes the Practicum view container', async () => {
    await activatedExtension();
    await vscode.commands.executeCommand('workbench.view.extension.practicum');
    await screenshot('activation-view-container');
  });
});

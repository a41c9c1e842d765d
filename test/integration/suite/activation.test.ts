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

  it('activates in under 50 ms', async () => {
    const { exports: api } = await activatedExtension();
    console.log(`[practicum] activation took ${api.activationMs.toFixed(2)} ms; by feature: ${JSON.stringify(api.featureMs)}`);
    assert.ok(api.activationMs >= 0, `activationMs is ${api.activationMs}`);
    assert.ok(api.activationMs < 50, `activation took ${api.activationMs} ms (limit 50 ms)`);
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

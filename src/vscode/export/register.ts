import * as vscode from 'vscode';
import { tokenProblem } from '../../core/export/endpoint';
import { enforceRetention } from '../../core/export/retention';
import { retryRejected } from '../../core/export/rejected';
import { errorMessage } from '../../core/errors';
import type { Container } from '../container';
import { DataSharingPanel } from './dataSharingPanel';
import { ExportController } from './exportController';
import { TEAM_KEY_SECRET } from './identity';
import { OutboxTree } from './outboxTree';
import { registerTeamServer } from './teamServer';

const HOUR = 60 * 60 * 1000;

/**
 * The export feature: replaces the container's null sink with the outbox, so every feature's events
 * queue locally from now on; sending waits for consent. Registration does no I/O.
 */
export function registerExport(c: Container): ExportController {
  const controller = c.register(new ExportController(c));
  c.events = controller.sink;
  c.onFlush(() => controller.sink.drain());
  c.register(new OutboxTree(controller));
  const review = () => DataSharingPanel.show(c.context, controller, (id) => vscode.commands.executeCommand(id));

  // Returns the panel, so the integration suite can drive the consent flow through its message protocol.
  c.command('practicum.export.review', review);
  c.command('practicum.export.showOutbox', () => vscode.commands.executeCommand('practicum.outbox.focus'));
  c.command('practicum.export.flush', async () => {
    const gate = await controller.gate();
    if (!gate.allowed) {
      void vscode.window.showWarningMessage(gate.message, 'Review Data Sharing').then((pick) => pick && review());
      return undefined;
    }
    const s = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Practicum: sending queued events…' }, () => controller.flush(true));
    if (!s) return undefined;
    if (s.remaining === 0) void vscode.window.showInformationMessage(`Practicum sent ${s.sent} event(s).`);
    else void vscode.window.showWarningMessage(`Practicum sent ${s.sent} event(s); ${s.remaining} are still queued (${s.lastError ?? 'another window is sending'}). They are retried automatically.`);
    return s;
  });
  c.command('practicum.export.pause', () => controller.setPaused(true));
  c.command('practicum.export.resume', () => controller.setPaused(false));
  c.command('practicum.export.revoke', async () => {
    const ok = await vscode.window.showWarningMessage(
      'Revoke consent to share Practicum events? Sending stops now; queued events stay on this machine until you delete them.',
      { modal: true },
      'Revoke',
    );
    if (ok !== 'Revoke') return;
    await controller.revoke();
    const pick = await vscode.window.showInformationMessage('Practicum stopped sharing events.', 'Delete Queued Events…');
    if (pick) await vscode.commands.executeCommand('practicum.export.deleteQueued');
  });
  c.command('practicum.export.deleteQueued', async () => {
    const ok = await vscode.window.showWarningMessage(
      'Delete every queued, rejected and quarantined Practicum event on this machine? They have not been sent and cannot be recovered.',
      { modal: true },
      'Delete',
    );
    if (ok !== 'Delete') return;
    const n = await controller.outbox.clear();
    controller.changed();
    void vscode.window.showInformationMessage(`Deleted ${n} queued event(s).`);
  });
  c.command('practicum.export.setToken', async () => {
    const url = controller.endpoint().url;
    if (!url) throw new Error('Set practicum.export.endpoint to a valid URL first; the token is stored for that endpoint.');
    const token = await vscode.window.showInputBox({ title: `Export token for ${url.origin}`, prompt: 'Sent as "Authorization: Bearer <token>". Kept in VS Code secret storage, never in settings or logs.', password: true, ignoreFocusOut: true, validateInput: (v) => {
        const problem = tokenProblem(v.trim());
        return problem ? `The token ${problem}; paste it again as one line.` : undefined;
      },
    });
    if (token === undefined) return;
    const origin = await controller.setToken(token.trim() || undefined);
    void vscode.window.showInformationMessage(token.trim() ? `Export token saved for ${origin}.` : `Export token removed for ${origin}.`);
  });
  registerTeamServer(c);
  c.command('practicum.export.clearToken', async () => {
    const origin = await controller.setToken(undefined);
    void vscode.window.showInformationMessage(`Export token removed for ${origin}.`);
  });
  c.command('practicum.export.setTeamKey', async () => {
    const key = await vscode.window.showInputBox({ title: 'Team learner-ID key', prompt: 'The key your team uses to pseudonymise git emails (HMAC-SHA256). Used when practicum.export.learnerIdKey is "team". Kept in secret storage.', password: true, ignoreFocusOut: true });
    if (key === undefined) return;
    if (key.trim()) await c.context.secrets.store(TEAM_KEY_SECRET, key.trim());
    else await c.context.secrets.delete(TEAM_KEY_SECRET);
    controller.resetIdentity();
    if (c.settings['export.learnerIdKey'] !== 'team') {
      const pick = await vscode.window.showInformationMessage('Team key saved. It is used once practicum.export.learnerIdKey is set to "team".', 'Use It Now');
      if (pick) await vscode.workspace.getConfiguration('practicum').update('export.learnerIdKey', 'team', vscode.ConfigurationTarget.Global);
    }
  });
  c.command('practicum.export.retryRejected', async (node?: { kind?: string; batch?: { name: string } }) => {
    const n = await retryRejected(controller.outbox, node?.kind === 'rejected' ? node.batch?.name : undefined);
    controller.refusals.retried();
    controller.changed();
    controller.schedule(1_000);
    void vscode.window.showInformationMessage(`${n} rejected event(s) are queued again and will be sent shortly.`);
  });

  // Told once per run of refusals, in the window whose flush was refused; the tree badge keeps it visible everywhere.
  c.register(
    controller.onDidReject((s) => {
      void vscode.window
        .showWarningMessage(`The endpoint refused ${s.rejected} Practicum event(s). They are kept under Rejected in the Data Sharing view; fix the cause, then retry.`, 'Show Outbox')
        .then((pick) => pick && vscode.commands.executeCommand('practicum.export.showOutbox'));
    }),
  );

  const retention = async () => {
    const policy = { maxAgeDays: c.settings['export.retentionDays'], maxBytes: c.settings['export.retentionMB'] * 1024 * 1024 };
    const r = await enforceRetention(controller.outbox, policy);
    if (r.dropped) {
      controller.log.warn(`Retention dropped ${r.dropped} queued event(s): ${JSON.stringify(r.droppedByType)}`);
      void vscode.window.showWarningMessage(`Practicum dropped ${r.dropped} queued event(s) that were never sent (older than ${policy.maxAgeDays} days or over ${c.settings['export.retentionMB']} MB).`);
      controller.changed();
    }
    const today = new Date().toISOString().slice(0, 10);
    if ((r.held || r.expiringSoon || r.nearSizeLimit) && c.context.globalState.get('practicum.export.retentionWarnedOn') !== today) {
      await c.context.globalState.update('practicum.export.retentionWarnedOn', today);
      const why = r.held
        ? `${r.held} queued event(s) are past the outbox limit (${policy.maxAgeDays} days or ${c.settings['export.retentionMB']} MB) and will be dropped after ${new Date(r.dropAfter ?? Date.now()).toLocaleString()} unless they are sent.`
        : r.expiringSoon
          ? `${r.expiringSoon} queued event(s) reach the ${policy.maxAgeDays}-day limit on ${new Date(r.firstExpiry ?? Date.now()).toLocaleString()} and will be dropped unless they are sent.`
          : `The outbox is over 80% of its ${c.settings['export.retentionMB']} MB limit; the oldest events will be dropped unless they are sent.`;
      const pick = await vscode.window.showWarningMessage(why, 'Review Data Sharing', 'Send Now');
      if (pick === 'Review Data Sharing') review();
      if (pick === 'Send Now') await vscode.commands.executeCommand('practicum.export.flush');
    }
  };
  const runRetention = () => void retention().catch((e) => controller.log.warn(`Retention check failed: ${errorMessage(e)}`));
  const first = setTimeout(runRetention, 60_000);
  const hourly = setInterval(runRetention, HOUR);
  c.register({ dispose: () => (clearTimeout(first), clearInterval(hourly)) });

  // Once per endpoint: a team that configured one (e.g. in workspace settings) gets asked, never nagged.
  const invite = setTimeout(() => {
    void (async () => {
      const ep = controller.endpoint();
      const state = await controller.store.load();
      if (!ep.url || state.consent || c.context.globalState.get('practicum.export.invitedFor') === ep.raw) return;
      await c.context.globalState.update('practicum.export.invitedFor', ep.raw);
      const pick = await vscode.window.showInformationMessage(`Your team set up Practicum to receive behaviour-level events at ${ep.url.host}. Nothing is sent unless you review and agree.`, 'Review Data Sharing', 'Not Now');
      if (pick === 'Review Data Sharing') review();
    })().catch((e) => controller.log.debug(`invite: ${errorMessage(e)}`));
  }, 45_000);
  c.register({ dispose: () => clearTimeout(invite) });

  controller.start();
  controller.changed();
  return controller;
}

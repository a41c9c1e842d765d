import '../helpers/vscodeStub';
import { strict as assert } from 'node:assert';
import { Outbox } from '../../../src/core/export/outbox';
import { OutboxSink } from '../../../src/core/export/outboxSink';
import { silentLogger } from '../../../src/core/log';
import { Container } from '../../../src/vscode/container';
import type * as vscode from 'vscode';
import { tempDir } from '../helpers/gitRepo';
import { LEARNER } from '../export/fixtures';

describe('Container.flush (deactivate)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('practicum-flush-')));
  afterEach(() => tmp.dispose());

  it('writes events that other features emit while flushing (the session closed on exit) to the outbox', async () => {
    const c = new Container({} as vscode.ExtensionContext, silentLogger, {} as vscode.LogOutputChannel);
    const outbox = new Outbox({ dir: tmp.dir });
    // Identity is read lazily (git config) in the editor, so a write is never instant.
    const identity = () => new Promise<{ learner: string; cohort: null }>((r) => setTimeout(() => r({ learner: LEARNER, cohort: null }), 20));
    const sink = new OutboxSink({ outbox, identity, policy: () => ({ includeCommitDetails: false }) });
    // Registered as features.ts does: the export feature first, then time tracking.
    c.events = sink;
    c.onFlush(() => sink.drain());
    c.onFlush(async () => {
      c.events.emit('session', { start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T09:40:00.000Z', seconds: 2400, exercise: null, aiAssistedSeconds: 0 });
      await new Promise((r) => setTimeout(r, 1)); // the heartbeat log's own write
    });

    await c.flush();

    const stats = await outbox.stats();
    assert.equal(stats.events, 1, 'the session emitted during deactivate is on disk when flush resolves');
    assert.equal(sink.backlog, 0);
  });
});

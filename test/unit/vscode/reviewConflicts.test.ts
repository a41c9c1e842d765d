import { vscodeStub } from '../helpers/vscodeStub';
import { strict as assert } from 'node:assert';
import { silentLogger } from '../../../src/core/log';
import { syncRecords } from '../../../src/core/review/sync';
import type { Container } from '../../../src/vscode/container';
import { statusMessage } from '../../../src/vscode/review/queueView';
import { ReviewService } from '../../../src/vscode/review/service';
import { changesRequested, forgeAndPush, recordRef, Team } from '../review/team';

describe('Reviews view: a record conflict found by sync', () => {
  let team: Team;
  let service: ReviewService | undefined;
  const shown: string[] = [];
  const original = vscodeStub.window.showWarningMessage;
  beforeEach(() => {
    team = new Team();
    shown.length = 0;
    vscodeStub.window.showWarningMessage = ((text: string, opts?: { detail?: string }) => {
      shown.push(`${text}\n${opts?.detail ?? ''}`);
      return Promise.resolve(undefined);
    }) as typeof original;
  });
  afterEach(() => {
    service?.dispose();
    vscodeStub.window.showWarningMessage = original;
    vscodeStub.reset();
    team.dispose();
  });

  it('warns once with what to do, keeps a line above the queue, and keeps showing the mentor\'s real review', async () => {
    const { mo, sub, review } = await changesRequested(team);
    const attacker = team.person({ name: 'Eve', email: 'eve@corp.example' });
    await syncRecords({ repo: attacker.dir });
    const ref = recordRef(mo, review.id);
    forgeAndPush(attacker, ref, sub.record.head, JSON.stringify({ ...review, verdict: 'approve', body: 'LGTM' }));

    vscodeStub.workspace.workspaceFolders = [{ uri: { scheme: 'file', fsPath: mo.dir } }];
    const c = { logger: silentLogger, settings: { review: { remote: 'origin', windowHours: 48, fetchIntervalMinutes: 0, notifyOnReview: true, recentDays: 14, requireSignedReviews: false } } };
    service = new ReviewService(c as unknown as Container);
    await service.start();
    await service.sync({ quiet: true });
    await service.sync({ quiet: true });
    assert.equal(shown.length, 1, 'one warning per conflict, not one per sync');
    assert.match(shown[0]!, new RegExp(`differs from yours under the same name \\(${ref}\\)\\. Yours is kept`));
    assert.match(shown[0]!, /git push --force origin/);
    assert.equal(service.snapshot.conflicts?.length, 1);
    assert.match(statusMessage(service.snapshot) ?? '', /1 record conflict: .*run "practicum sync" in a terminal/);
    const view = service.find(sub.record.id)!;
    assert.deepEqual([view.status, view.reviews.map((r) => r.body)], ['changes-requested', ['Not yet.']]);
  });
});

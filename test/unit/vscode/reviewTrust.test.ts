import { vscodeStub } from '../helpers/vscodeStub';
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isPracticumError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/log';
import type { Container } from '../../../src/vscode/container';
import { ReviewService } from '../../../src/vscode/review/service';
import { TempRepo, tempDir } from '../helpers/gitRepo';

/**
 * A repository's own git config can run programs on fetch and push (`remote.*.uploadpack`,
 * `core.sshCommand`, credential helpers, hooks), so in Restricted Mode the editor must not sync.
 */
describe('review sync in an untrusted workspace', () => {
  let repo: TempRepo;
  let remote: TempRepo;
  let tmp: ReturnType<typeof tempDir>;
  let marker: string;
  let service: ReviewService;

  beforeEach(() => {
    tmp = tempDir('practicum-trust-');
    marker = path.join(tmp.dir, 'ran');
    remote = new TempRepo(undefined, { bare: true });
    repo = new TempRepo();
    repo.commit({ message: 'init', files: { 'a.txt': 'a\n' } });
    repo.git(['remote', 'add', 'origin', remote.dir]);
    repo.git(['config', 'remote.origin.uploadpack', `touch '${marker}'; git-upload-pack`]);
    vscodeStub.workspace.isTrusted = false;
    vscodeStub.workspace.workspaceFolders = [{ uri: { scheme: 'file', fsPath: repo.dir } }];
    const c = { logger: silentLogger, settings: { review: { remote: 'origin', windowHours: 48, fetchIntervalMinutes: 0, notifyOnReview: true } } };
    service = new ReviewService(c as unknown as Container);
  });
  afterEach(() => {
    service.dispose();
    vscodeStub.reset();
    for (const d of [repo, remote, tmp]) d.dispose();
  });

  it('runs no fetch or push (the repository config would run a program) and says why', async () => {
    await service.start();
    await service.sync({ quiet: true });
    assert.equal(existsSync(marker), false, 'the configured upload-pack program ran');
    assert.match(service.snapshot.syncError ?? '', /trust/i);
    await assert.rejects(service.sync({ quiet: false }), (e: unknown) => isPracticumError(e) && e.reason === 'untrusted' && /Trust/.test(e.message));
    assert.equal(existsSync(marker), false);
  });

  it('syncs once the workspace is trusted', async () => {
    await service.start();
    vscodeStub.grantTrust();
    await service.sync({ quiet: true });
    assert.equal(existsSync(marker), true, 'a trusted workspace syncs with its remote as configured');
  });
});

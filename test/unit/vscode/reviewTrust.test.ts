import { vscodeStub } from '../helpers/vscodeStub';
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isPracticumError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/log';
import type * as vscode from 'vscode';
import { Container as RealContainer, type Container } from '../../../src/vscode/container';
import { registerLearnerCommands } from '../../../src/vscode/review/learnerCommands';
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

describe('submitting from the editor in an untrusted workspace', () => {
  let repo: TempRepo;
  let tmp: ReturnType<typeof tempDir>;
  let c: RealContainer;
  let service: ReviewService;

  beforeEach(() => {
    tmp = tempDir('practicum-trust-');
    repo = new TempRepo();
    repo.commit({ message: 'init', files: { 'a.txt': 'a\n' } });
    repo.git(['checkout', '-q', '-b', 'practicum/ex-one']);
    repo.commit({ message: 'work', files: { 'b.txt': 'b\n' } });
    repo.write('b.txt', 'uncommitted\n');
    // `git status` runs the fsmonitor hook the repository configures.
    repo.git(['config', 'core.fsmonitor', `touch '${path.join(tmp.dir, 'ran')}'; false`]);
    vscodeStub.workspace.isTrusted = false;
    vscodeStub.workspace.workspaceFolders = [{ uri: { scheme: 'file', fsPath: repo.dir } }];
    const state = new Map<string, unknown>();
    const context = { workspaceState: { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => void state.set(k, v) } };
    c = new RealContainer(context as unknown as vscode.ExtensionContext, silentLogger, {} as vscode.LogOutputChannel);
    service = c.register(new ReviewService(c));
    registerLearnerCommands(c, service);
  });
  afterEach(() => {
    c.dispose();
    vscodeStub.reset();
    repo.dispose();
    tmp.dispose();
  });

  it('submits without running git status (which runs the repository fsmonitor hook)', async () => {
    const submit = vscodeStub.commands.registered.get('practicum.review.submit');
    assert.ok(submit);
    const id = await submit();
    assert.equal(existsSync(path.join(tmp.dir, 'ran')), false, 'the configured fsmonitor program ran');
    assert.equal(typeof id, 'string', 'the submission was recorded');
  });
});

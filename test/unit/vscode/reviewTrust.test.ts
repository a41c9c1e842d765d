import { vscodeStub } from '../helpers/vscodeStub';
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { CatalogExercise } from '../../../src/core/catalog/catalog';
import { ExerciseSchema } from '../../../src/core/catalog/schema';
import { systemClock } from '../../../src/core/clock';
import { isPracticumError } from '../../../src/core/errors';
import { nullSink } from '../../../src/core/export/sink';
import { ExerciseRunner } from '../../../src/core/learn/exerciseRunner';
import { ProgressStore } from '../../../src/core/learn/progressStore';
import { silentLogger } from '../../../src/core/log';
import type * as vscode from 'vscode';
import { Container as RealContainer, type Container } from '../../../src/vscode/container';
import type { CatalogService } from '../../../src/vscode/learn/catalogService';
import type { CheckSession } from '../../../src/vscode/learn/checkSession';
import { LearnController } from '../../../src/vscode/learn/learnController';
import type { RepoService } from '../../../src/vscode/learn/repoService';
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
  let storage: ReturnType<typeof tempDir>;
  let c: RealContainer;
  let service: ReviewService;
  let learn: LearnController;
  const executeCommand = vscodeStub.commands.executeCommand;

  beforeEach(async () => {
    tmp = tempDir('practicum-trust-');
    storage = tempDir('practicum-storage-');
    repo = new TempRepo();
    repo.commit({ message: 'init', files: { 'a.txt': 'a\n' } });
    const state = new Map<string, unknown>();
    const context = { workspaceState: { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => void state.set(k, v) } };
    c = new RealContainer(context as unknown as vscode.ExtensionContext, silentLogger, {} as vscode.LogOutputChannel);
    // The exercise runner, started while the workspace was trusted.
    const exercise = { ...ExerciseSchema.parse({ id: 'ex-one', title: 'One', summary: 's', order: 0, estimateMinutes: 10, steps: ['s'], acceptance: ['a'], checks: [{ id: 'code', title: 'Code', kind: 'files', glob: '**' }] }), trackId: 't', moduleId: 'm', location: { source: { dir: repo.dir, origin: 'repository' }, dir: repo.dir, file: 'exercise.json' } } as CatalogExercise;
    const runner = new ExerciseRunner(repo.dir, { store: new ProgressStore(storage.dir, repo.dir, silentLogger), clock: systemClock, events: nullSink, classifyAiCommits: async () => [], logger: silentLogger });
    await runner.start(exercise, 'carry');
    repo.commit({ message: 'work', files: { 'b.txt': 'b\n' } });
    repo.write('b.txt', 'uncommitted\n');
    // `git status` runs the fsmonitor hook the repository configures.
    repo.git(['config', 'core.fsmonitor', `touch '${path.join(tmp.dir, 'ran')}'; false`]);
    vscodeStub.workspace.isTrusted = false;
    vscodeStub.workspace.workspaceFolders = [{ uri: { scheme: 'file', fsPath: repo.dir } }];
    // Commands call each other, as in the editor (My Submissions' Submit hands over to Submit for Review).
    (vscodeStub.commands as { executeCommand: unknown }).executeCommand = (id: string, ...args: unknown[]) => Promise.resolve(vscodeStub.commands.registered.get(id)?.(...args));
    const repoState = { root: repo.dir, branch: 'practicum/ex-one', activeExerciseId: 'ex-one', runner };
    const catalog = { exercise: (id: string) => (id === exercise.id ? exercise : undefined), module: () => undefined, tracks: [], errors: [] };
    learn = new LearnController(
      c,
      { catalog: async () => catalog } as unknown as CatalogService,
      { state: async () => repoState } as unknown as RepoService,
      { runAll: async () => [] } as unknown as CheckSession,
      silentLogger,
    );
    // The Exercise view shows the exercise, so Submit for Review needs no pick.
    learn.attach({ view: { shownExercise: async () => exercise, update: async () => undefined } } as unknown as Parameters<LearnController['attach']>[0]);
    c.command('practicum.submitExercise', (arg: unknown) => learn.submit(arg));
    service = c.register(new ReviewService(c));
    registerLearnerCommands(c, service);
  });
  afterEach(() => {
    vscodeStub.commands.executeCommand = executeCommand;
    c.dispose();
    vscodeStub.reset();
    repo.dispose();
    tmp.dispose();
    storage.dispose();
  });

  it('submits without running git status (which runs the repository fsmonitor hook)', async () => {
    const submit = vscodeStub.commands.registered.get('practicum.review.submit');
    assert.ok(submit);
    const id = await submit();
    assert.equal(existsSync(path.join(tmp.dir, 'ran')), false, 'the configured fsmonitor program ran');
    assert.equal(typeof id, 'string', 'the submission was recorded');
    assert.deepEqual(service.snapshot.submissions.map((s) => s.record.id), [id], 'My Submissions has it without a refresh');
  });

  it('refuses to start or switch exercises until the workspace is trusted, naming the fix', async () => {
    const untrusted = (e: unknown) => isPracticumError(e) && e.reason === 'untrusted' && /Manage Workspace Trust/.test(e.message);
    await assert.rejects(learn.start({ exerciseId: 'ex-two' }), untrusted);
    await assert.rejects(learn.switchTo('ex-one'), untrusted);
    assert.equal(existsSync(path.join(tmp.dir, 'ran')), false, 'no git ran');
  });
});

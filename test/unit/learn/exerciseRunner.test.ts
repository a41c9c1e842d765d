import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CatalogExercise } from '../../../src/core/catalog/catalog';
import { ExerciseSchema } from '../../../src/core/catalog/schema';
import { EventDataSchemas } from '../../../src/core/export/events';
import { branchAiCommits } from '../../../src/core/checks/aiCommits';
import { ManualClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import { currentBranch } from '../../../src/core/learn/branch';
import { ExerciseRunner } from '../../../src/core/learn/exerciseRunner';
import { ProgressStore } from '../../../src/core/learn/progressStore';
import { ReviewSubmitter } from '../../../src/core/learn/reviewSubmitter';
import { LocalSubmitter } from '../../../src/core/learn/submission';
import { TempRepo, tempDir } from '../helpers/gitRepo';

function catalogExercise(over: Record<string, unknown> = {}): CatalogExercise {
  const e = ExerciseSchema.parse({
    id: 'rag-prototype',
    title: 'RAG',
    summary: 's',
    order: 0,
    estimateMinutes: 180,
    steps: ['s'],
    acceptance: ['a'],
    hints: ['one', 'two'],
    inputs: [{ id: 'testCommand', prompt: 'Command that runs your tests' }],
    checks: [
      { id: 'code', title: 'Code', kind: 'files', glob: 'src/**' },
      { id: 'tests', title: 'Tests pass', kind: 'command', command: '${input:testCommand}' },
      { id: 'read', title: 'Read', kind: 'manual', description: 'I read it.' },
    ],
    ...over,
  });
  const source = { dir: '/catalog', origin: 'bundled' as const };
  return { ...e, trackId: 'ai-app-dev', moduleId: 'rag', location: { source, dir: '/catalog/x', file: '/catalog/x/exercise.json' }, briefFile: '/catalog/x/brief.md', starterFiles: [] };
}

describe('exercise runner', () => {
  let repo: TempRepo;
  let storage: { dir: string; dispose(): void };
  let events: Array<{ type: string; data: Record<string, unknown> }>;
  let runner: ExerciseRunner;
  const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
  const exercise = catalogExercise();

  function makeRunner(): ExerciseRunner {
    return new ExerciseRunner(repo.dir, {
      store: new ProgressStore(storage.dir, repo.dir, silentLogger),
      clock,
      events: { emit: (type, data) => events.push({ type, data }) },
      classifyAiCommits: branchAiCommits,
      logger: silentLogger,
    });
  }

  beforeEach(() => {
    repo = new TempRepo();
    repo.commit({ message: 'init', files: { 'README.md': '# r\n', 'src/app.js': 'x\n' } });
    storage = tempDir('practicum-storage-');
    events = [];
    runner = makeRunner();
  });
  afterEach(() => {
    repo.dispose();
    storage.dispose();
  });

  describe('start', () => {
    it('creates practicum/<id> from HEAD, records the base and emits exercise.started without paths', async () => {
      const base = repo.head();
      const started = await runner.start(exercise, 'carry');
      assert.deepEqual(started, { branch: 'practicum/rag-prototype', baseCommit: base, startedFrom: 'main' });
      assert.equal(await currentBranch(repo.dir), 'practicum/rag-prototype');
      const status = await makeRunner().status(exercise.id);
      assert.equal(status.kind, 'started');
      assert.equal(status.kind === 'started' && status.progress.baseCommit, base);
      assert.deepEqual(events, [{ type: 'exercise.started', data: { exercise: 'rag-prototype', track: 'ai-app-dev', module: 'rag', estimateMinutes: 180, origin: 'bundled', uncommittedChanges: 'clean' } }]);
    });

    it('carries uncommitted and untracked changes onto the branch', async () => {
      repo.write('src/app.js', 'edited\n');
      repo.write('notes.txt', 'mine\n');
      await runner.start(exercise, 'carry');
      assert.equal(readFileSync(path.join(repo.dir, 'src/app.js'), 'utf8'), 'edited\n');
      assert.equal(readFileSync(path.join(repo.dir, 'notes.txt'), 'utf8'), 'mine\n');
      assert.equal(events[0]?.data.uncommittedChanges, 'carry');
    });

    it('stashes changes under a named entry that restores them exactly', async () => {
      repo.write('src/app.js', 'edited\n');
      repo.write('notes.txt', 'mine\n');
      const started = await runner.start(exercise, 'stash');
      assert.match(started.stashed ?? '', /before starting rag-prototype/);
      assert.equal(repo.git(['status', '--porcelain']), '');
      assert.match(repo.git(['stash', 'list']), /before starting rag-prototype/);
      repo.git(['stash', 'pop']);
      assert.equal(readFileSync(path.join(repo.dir, 'src/app.js'), 'utf8'), 'edited\n');
      assert.equal(readFileSync(path.join(repo.dir, 'notes.txt'), 'utf8'), 'mine\n');
    });

    it('refuses when the branch exists, and in a repository without commits', async () => {
      repo.git(['branch', 'practicum/rag-prototype']);
      await assert.rejects(runner.start(exercise, 'carry'), /already exists; switch to it/);
      assert.equal(await currentBranch(repo.dir), 'main');
      const empty = new TempRepo();
      try {
        const r = new ExerciseRunner(empty.dir, { store: new ProgressStore(storage.dir, empty.dir, silentLogger), clock, events: { emit() {} }, classifyAiCommits: branchAiCommits, logger: silentLogger });
        await assert.rejects(r.start(exercise, 'carry'), /no commits yet; make a first commit/);
      } finally {
        empty.dispose();
      }
    });
  });

  describe('checks', () => {
    it('records results, includes work in progress only in the working scope, and emits exercise.checked per kind', async () => {
      await runner.start(exercise, 'carry');
      repo.write('src/rag.js', 'new\n');
      const working = await runner.runChecks(exercise, { scope: 'working' });
      assert.deepEqual(working.map((r) => [r.id, r.status]), [['code', 'pass'], ['tests', 'skipped'], ['read', 'fail']]);
      const committed = await runner.runChecks(exercise, { scope: 'committed' });
      assert.equal(committed[0]?.status, 'fail');
      const checked = events.filter((e) => e.type === 'exercise.checked');
      assert.equal(checked.length, 2);
      assert.deepEqual(checked[0]?.data.byKind, { files: { pass: 1, fail: 0, skipped: 0, error: 0 }, command: { pass: 0, fail: 0, skipped: 1, error: 0 }, manual: { pass: 0, fail: 1, skipped: 0, error: 0 } });
      const stored = (await makeRunner().progress()).exercises[exercise.id]?.lastCheck;
      assert.equal(stored?.headCommit, repo.head());
      assert.equal(stored?.results.length, 3);
    });

    it('cheap runs keep the last command result, and do not emit events', async () => {
      await runner.start(exercise, 'carry');
      await runner.setAnswer('testCommand', 'true');
      const full = await runner.runChecks(exercise, { scope: 'working' });
      assert.equal(full[1]?.status, 'pass');
      await runner.attest(exercise.id, 'read', true);
      const cheap = await runner.runChecks(exercise, { scope: 'working', cheapOnly: true });
      assert.deepEqual(cheap.map((r) => r.status), ['fail', 'pass', 'pass']);
      assert.equal(events.filter((e) => e.type === 'exercise.checked').length, 1);
    });

    it('asks the caller before running a command, and never runs commands off the exercise branch', async () => {
      await runner.start(exercise, 'carry');
      await runner.setAnswer('testCommand', 'touch ran.txt');
      const asked: string[] = [];
      const blocked = await runner.runChecks(exercise, { scope: 'working', commandsBlocked: (cmd, id) => (asked.push(`${id}:${cmd}`), 'Trust this workspace first.') });
      assert.deepEqual(asked, ['tests:touch ran.txt']);
      assert.equal(blocked[1]?.message, 'Trust this workspace first.');
      repo.checkout('main');
      const elsewhere = await runner.runChecks(exercise, { scope: 'working' });
      assert.match(elsewhere[1]?.message ?? '', /^Switch to practicum\/rag-prototype/);
      assert.equal(existsSync(path.join(repo.dir, 'ran.txt')), false);
    });
  });

  describe('submit', () => {
    it('needs a commit, then records rounds locally with the committed results and emits exercise.submitted', async () => {
      await runner.start(exercise, 'carry');
      const submitter = new LocalSubmitter(clock);
      await assert.rejects(runner.submit(exercise, submitter, { message: null }), /Nothing to submit yet/);
      repo.commit({ message: 'rag', files: { 'src/rag.js': 'x\n' } });
      repo.write('src/uncommitted.js', 'y\n');
      const first = await runner.submit(exercise, submitter, { message: 'first try' });
      assert.equal(first.receipt.round, 1);
      assert.equal(first.receipt.where, 'local');
      clock.advance(60_000);
      const second = await runner.submit(exercise, submitter, { message: null });
      assert.equal(second.receipt.round, 2);
      const p = (await makeRunner().progress()).exercises[exercise.id];
      assert.deepEqual(p?.submissions.map((s) => [s.round, s.message, s.headCommit]), [[1, 'first try', repo.head()], [2, null, repo.head()]]);
      const submitted = events.filter((e) => e.type === 'exercise.submitted');
      assert.equal(submitted.length, 2);
      assert.equal(submitted[0]?.data.checksTotal, 3);
      const all = JSON.stringify(events);
      for (const secret of [repo.dir, 'src/rag.js', 'first try', 'practicum/rag-prototype']) assert.ok(!all.includes(secret), `events leak ${secret}`);
      // Every field fits the export's event contract exactly (strict: nothing the outbox would drop).
      for (const { type, data } of events) {
        const schema = EventDataSchemas[type as keyof typeof EventDataSchemas] as unknown as { strict(): { safeParse(v: unknown): { success: boolean; error?: unknown } } };
        const parsed = schema.strict().safeParse(data);
        assert.ok(parsed.success, `${type} does not fit the export contract: ${JSON.stringify(parsed.error)}`);
      }
      assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), ['exercise.checked', 'exercise.started', 'exercise.submitted']);
    });
  });

  describe('progress', () => {
    it('survives restarts: answers, hints and attestations are read back by a new store', async () => {
      await runner.start(exercise, 'carry');
      await runner.setAnswer('testCommand', 'make test');
      assert.equal(await runner.revealHint(exercise), 1);
      assert.equal(await runner.revealHint(exercise), 2);
      assert.equal(await runner.revealHint(exercise), 2);
      await runner.attest(exercise.id, 'read', true);
      const p = await makeRunner().progress();
      assert.deepEqual([p.answers, p.hintsRevealed, p.exercises[exercise.id]?.attested], [{ testCommand: 'make test' }, { 'rag-prototype': 2 }, ['read']]);
    });

    it('two windows updating at once lose nothing', async () => {
      const a = new ProgressStore(storage.dir, repo.dir, silentLogger);
      const b = new ProgressStore(storage.dir, repo.dir, silentLogger);
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).update((p) => void (p.answers[`k${i}`] = String(i)))));
      assert.equal(Object.keys((await a.read()).answers).length, 20);
    });

    it('a corrupt progress file is moved aside and progress starts over', async () => {
      const store = new ProgressStore(storage.dir, repo.dir, silentLogger);
      await store.update((p) => void (p.answers.x = '1'));
      writeFileSync(store.file, '{"schema": "practicum.progress/v1", "repo": 3');
      assert.deepEqual((await store.read()).answers, {});
      assert.equal(readdirSync(path.dirname(store.file)).filter((f) => f.includes('.corrupt-')).length, 1);
    });
  });
});

describe('submitting through the review flow', () => {
  it('records a submission in git with the recorded base and the check results, and emits exercise.submitted once, in the export shape', async () => {
    const repo = new TempRepo();
    const storage = tempDir('practicum-storage-');
    try {
      repo.commit({ message: 'init', files: { 'README.md': '# r\n' } });
      const base = repo.commit({ message: 'second', files: { 'src/app.js': 'x\n' } });
      const events: Array<{ type: string; data: Record<string, unknown> }> = [];
      const sink = { emit: (type: string, data: Record<string, unknown>) => void events.push({ type, data }) };
      const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
      const runner = new ExerciseRunner(repo.dir, { store: new ProgressStore(storage.dir, repo.dir, silentLogger), clock, events: sink, classifyAiCommits: branchAiCommits, logger: silentLogger });
      const exercise = catalogExercise({ checks: [{ id: 'code', title: 'Code', kind: 'files', glob: 'src/**' }] });
      await runner.start(exercise, 'carry');
      const head = repo.commit({ message: 'rag', files: { 'src/rag.js': 'x\n' } });
      const { receipt } = await runner.submit(exercise, new ReviewSubmitter({ windowHours: () => 48, clock }), { message: 'please look' });
      assert.deepEqual([receipt.where, receipt.round], ['git', 1]);
      const refs = repo.git(['for-each-ref', '--format=%(refname)', 'refs/practicum/']);
      assert.match(refs, new RegExp(receipt.id));
      const record = JSON.parse(repo.git(['cat-file', '-p', refs.split('\n').find((r) => r.includes(receipt.id)) as string]).split('\n\n').slice(1).join('\n\n'));
      assert.equal(record.base, base);
      assert.equal(record.head, head);
      assert.equal(record.message, 'please look');
      assert.deepEqual(record.checks.map((c: { id: string; status: string }) => [c.id, c.status]), [['code', 'pass']]);
      const submitted = events.filter((e) => e.type === 'exercise.submitted');
      assert.deepEqual(
        submitted.map((e) => e.data),
        [{ exercise: 'rag-prototype', track: 'ai-app-dev', module: 'rag', round: 1, where: 'git', checksTotal: 1, checksPassed: 1, selfAttested: 0, byKind: { files: { pass: 1, fail: 0, skipped: 0, error: 0 } } }],
        'one event, from the runner, with the catalog context the review flow lacks',
      );
      assert.ok(EventDataSchemas['exercise.submitted'].strict().safeParse(submitted[0]?.data).success);
    } finally {
      repo.dispose();
      storage.dispose();
    }
  });
});

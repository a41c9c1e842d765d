import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ProgressStore } from '../../../src/core/learn/progressStore';
import { ProfileStore } from '../../../src/core/profile/profile';
import { DraftStore } from '../../../src/core/review/drafts';
import { silentLogger } from '../../../src/core/log';
import { tempDir } from '../helpers/gitRepo';

/** The compiled core, for the second window (a separate Node process). */
const core = path.resolve(__dirname, '../../../src/core');

/**
 * Runs `script` in another Node process (the other window) and waits for it without turning this
 * process's event loop: a read started here has opened the corrupt file but not yet looked at it,
 * and resumes only after the other window has fixed the file.
 */
function otherWindow(script: string): void {
  const r = spawnSync(process.execPath, ['-e', `const core = ${JSON.stringify(core)};\n(async () => { ${script} })().catch((e) => { console.error(e); process.exit(1); });`], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`other window failed: ${r.stderr}`);
}

describe('moving a corrupt store file aside while another window rewrites it', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.dispose());

  const asides = (file: string) => readdirSync(path.dirname(file)).filter((f) => f.startsWith(`${path.basename(file)}.corrupt-`));

  it('ProgressStore: a reader never moves aside the good file another window just wrote', async () => {
    const store = new ProgressStore(t.dir, '/repo', silentLogger);
    await store.update(() => undefined);
    writeFileSync(store.file, '{"schema": "practicum.progress/v1", "repo": ');
    const reading = store.read();
    otherWindow(`
      const { ProgressStore } = require(core + '/learn/progressStore.js');
      const { silentLogger } = require(core + '/log.js');
      await new ProgressStore(${JSON.stringify(t.dir)}, '/repo', silentLogger).update((p) => { p.answers.testCommand = 'npm test'; });`);
    const seen = await reading;
    assert.deepEqual(seen.answers, { testCommand: 'npm test' }, 'the reader sees the repaired file');
    assert.deepEqual((await store.read()).answers, { testCommand: 'npm test' }, 'the other window\'s update survives');
    assert.equal(asides(store.file).length, 1, 'only the corrupt file was moved aside');
  });

  it('ProfileStore: a reader never moves aside the good file another window just wrote', async () => {
    const file = path.join(t.dir, 'profile.json');
    const store = new ProfileStore(file, silentLogger);
    writeFileSync(file, '{"schema": "practicum.profile/v1", ');
    const reading = store.read();
    otherWindow(`
      const { ProfileStore } = require(core + '/profile/profile.js');
      const { silentLogger } = require(core + '/log.js');
      await new ProfileStore(${JSON.stringify(file)}, silentLogger).update(new Date('2026-03-02T10:00:00Z'), (p) => { p.role = 'backend'; });`);
    assert.equal((await reading)?.role, 'backend', 'the reader sees the repaired file');
    assert.equal((await store.read())?.role, 'backend', 'the other window\'s update survives');
    assert.equal(asides(file).length, 1, 'only the corrupt file was moved aside');
  });

  it('DraftStore: loading never moves aside drafts another window just saved', async () => {
    const store = new DraftStore(t.dir);
    const file = store.fileOf('/repo', 'sub-1');
    writeFileSync(file, '{"schema": ');
    const loading = store.load('/repo', 'sub-1');
    // Loads are queued per submission: let the queue start the read (microtasks only, no I/O turn).
    for (let i = 0; i < 5; i++) await null;
    otherWindow(`
      const { DraftStore } = require(core + '/review/drafts.js');
      await new DraftStore(${JSON.stringify(t.dir)}).save('/repo', 'sub-1', [{ file: 'src/a.ts', line: 3, body: 'Why?' }]);`);
    const draft = { file: 'src/a.ts', line: 3, body: 'Why?' };
    assert.deepEqual((await loading).drafts, [draft], 'the load sees the saved drafts');
    assert.deepEqual((await store.load('/repo', 'sub-1')).drafts, [draft], 'the saved drafts survive');
    // The save replaced the corrupt file; nothing is left to move aside, least of all the saved drafts.
    assert.deepEqual(asides(file), []);
  });

  it('an update that finds the file corrupt moves it aside under the lock it already holds', async () => {
    const store = new ProgressStore(t.dir, '/repo', silentLogger);
    await store.update(() => undefined);
    writeFileSync(store.file, '{"schema": ');
    const saved = await store.update((p) => void (p.answers.testCommand = 'make test'));
    assert.deepEqual(saved.answers, { testCommand: 'make test' });
    assert.equal(asides(store.file).length, 1);
  });

  it('moves a file that is still corrupt aside exactly once when two windows read it at once', async () => {
    const a = new ProgressStore(t.dir, '/repo', silentLogger);
    const b = new ProgressStore(t.dir, '/repo', silentLogger);
    await a.update(() => undefined);
    writeFileSync(a.file, '{"schema": ');
    const [ra, rb] = await Promise.all([a.read(), b.read()]);
    assert.deepEqual([ra.exercises, rb.exercises], [{}, {}]);
    assert.equal(asides(a.file).length, 1);
  });
});

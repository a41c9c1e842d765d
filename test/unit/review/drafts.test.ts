import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DraftStore } from '../../../src/core/review/drafts';
import { tempDir } from '../helpers/gitRepo';

describe('pending review comments on disk', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('practicum-drafts-')));
  afterEach(() => tmp.dispose());

  const repo = '/work/team-app';
  const drafts = [
    { file: 'src/prompt.ts', line: 3, body: 'What if this is empty?' },
    { file: 'src/prompt.ts', line: 7, body: 'Agreed, a constant.', replyTo: 'r1/c2' },
    { file: 'src/prompt.ts', line: 9, body: 'A new thread.', key: 'p3' },
    { file: 'src/prompt.ts', line: 9, body: 'Its reply.', replyTo: 'p3' },
  ];

  it('survive a restart per repository and submission, and are gone once cleared', async () => {
    await new DraftStore(tmp.dir).save(repo, 'sub-1', drafts);
    await new DraftStore(tmp.dir).save('/work/other-app', 'sub-1', [{ file: 'a.ts', line: 1, body: 'elsewhere' }]);

    // A new window (a new process) finds them.
    const store = new DraftStore(tmp.dir);
    assert.deepEqual(await store.load(repo, 'sub-1'), { drafts });
    assert.deepEqual(await store.load(repo, 'sub-2'), { drafts: [] });
    assert.deepEqual((await store.load('/work/other-app', 'sub-1')).drafts.map((d) => d.body), ['elsewhere']);

    await store.clear(repo, 'sub-1');
    assert.deepEqual(await new DraftStore(tmp.dir).load(repo, 'sub-1'), { drafts: [] });
    assert.equal(existsSync(store.fileOf(repo, 'sub-1')), false);
    assert.equal(readdirSync(tmp.dir).length, 1, 'the other repository keeps its drafts');
  });

  it('applies saves in call order and leaves no temp files behind', async () => {
    const store = new DraftStore(tmp.dir);
    await Promise.all([store.save(repo, 's', drafts.slice(0, 1)), store.save(repo, 's', drafts), store.save(repo, 's', drafts.slice(1))]);
    assert.deepEqual((await store.load(repo, 's')).drafts, drafts.slice(1));
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => !f.endsWith('.json')), []);
  });

  it('moves a corrupt file aside and reports it, without failing', async () => {
    const warnings: string[] = [];
    const store = new DraftStore(tmp.dir, { error() {}, warn: (m) => warnings.push(m), info() {}, debug() {} });
    await store.save(repo, 'sub-1', drafts);
    const file = store.fileOf(repo, 'sub-1');
    writeFileSync(file, '{"schema":"practicum.review-drafts/v1","repo":');

    const loaded = await store.load(repo, 'sub-1');
    assert.deepEqual(loaded.drafts, []);
    assert.match(loaded.problem ?? '', /could not be read \(not valid JSON.*moved to .*\.corrupt-\d+/);
    assert.equal(warnings.length, 1);
    const aside = readdirSync(tmp.dir).find((f) => f.includes('.corrupt-'));
    assert.ok(aside, 'the bytes are kept');
    assert.match(readFileSync(path.join(tmp.dir, aside), 'utf8'), /"repo":$/);

    // A valid JSON file that breaks the schema is treated the same way; new drafts save as usual.
    writeFileSync(file, JSON.stringify({ schema: 'practicum.review-drafts/v1', repo, submission: 'sub-1', drafts: [{ file: 'a.ts', line: 0, body: 'x' }] }));
    assert.match((await store.load(repo, 'sub-1')).problem ?? '', /drafts\.0\.line/);
    await store.save(repo, 'sub-1', drafts);
    assert.deepEqual((await store.load(repo, 'sub-1')).drafts, drafts);
  });
});

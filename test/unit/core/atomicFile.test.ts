import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { readJsonStrict, readJsonValidated, writeJsonAtomic } from '../../../src/core/store/atomicFile';
import { withFileLock } from '../../../src/core/store/fileLock';
import { tempDir } from '../helpers/gitRepo';

const Doc = z.object({ version: z.literal(1), n: z.number() });

describe('atomic file store', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.dispose());

  it('round-trips a validated document and leaves no temp files', async () => {
    const f = path.join(t.dir, 'a', 'doc.json');
    await writeJsonAtomic(f, { version: 1, n: 3 });
    const r = await readJsonValidated(f, Doc);
    assert.deepEqual(r, { status: 'ok', value: { version: 1, n: 3 } });
    assert.deepEqual(readdirSync(path.dirname(f)), ['doc.json']);
  });

  it('reports a missing file as missing', async () => {
    assert.deepEqual(await readJsonValidated(path.join(t.dir, 'nope.json'), Doc), { status: 'missing' });
  });

  it('moves a corrupt file aside instead of failing, keeping its bytes', async () => {
    const f = path.join(t.dir, 'doc.json');
    writeFileSync(f, '{"version":1,"n":');
    const r = await readJsonValidated(f, Doc);
    assert.equal(r.status, 'corrupt');
    if (r.status !== 'corrupt') return;
    assert.match(r.problem, /not valid JSON/);
    assert.equal(existsSync(f), false);
    assert.equal(readFileSync(r.movedTo, 'utf8'), '{"version":1,"n":');
  });

  it('names the failing field of an invalid document', async () => {
    const f = path.join(t.dir, 'doc.json');
    writeFileSync(f, '{"version":1,"n":"three"}');
    await assert.rejects(readJsonStrict(f, Doc), /field n:/);
  });

  it('serialises concurrent writers through the lock', async () => {
    const f = path.join(t.dir, 'counter.json');
    await writeJsonAtomic(f, { version: 1, n: 0 });
    const lock = path.join(t.dir, 'counter.lock');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(lock, async () => {
          const cur = JSON.parse(readFileSync(f, 'utf8')) as { n: number };
          await new Promise((r) => setTimeout(r, 1));
          await writeJsonAtomic(f, { version: 1, n: cur.n + 1 });
        }),
      ),
    );
    assert.equal((JSON.parse(readFileSync(f, 'utf8')) as { n: number }).n, 20);
  });

  it('lock: code already holding it runs at once; work that outlives the holder waits like anyone else', async () => {
    const lock = path.join(t.dir, 'doc.lock');
    assert.equal(await withFileLock(lock, () => withFileLock(lock, async () => 'inner', { waitMs: 200 })), 'inner');
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const order: string[] = [];
    let escaped: Promise<void> | undefined;
    await withFileLock(lock, async () => {
      escaped = pause(30).then(() => withFileLock(lock, async () => void order.push('escaped')));
    });
    await withFileLock(lock, async () => {
      await pause(80);
      order.push('next holder');
    });
    await escaped;
    assert.deepEqual(order, ['next holder', 'escaped']);
  });
});

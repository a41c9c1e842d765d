import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { LATEST_VERSION } from '../../../src/core/server/migrations';
import { isPostgresUrl, openStore, type Store, type StoredEvent } from '../../../src/core/server/store';
import { BACKENDS, row, useBackend } from './backends';

async function all(it: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** Sets the schema version behind the store's back, as a newer release would have. */
async function setVersion(db: string, v: number): Promise<void> {
  if (isPostgresUrl(db)) {
    const c = new Client({ connectionString: db });
    await c.connect();
    await c.query('UPDATE schema_version SET version = $1', [v]);
    await c.end();
  } else {
    const d = new Database(db);
    d.prepare('UPDATE schema_version SET version = ?').run(v);
    d.close();
  }
}

for (const make of BACKENDS) {
  const backend = make();
  describe(`server store contract: ${backend.name}`, function () {
    this.timeout(60_000);
    useBackend(backend);
    let stores: Store[] = [];
    const open = async (db: string, upTo?: number) => {
      const s = await openStore(db, upTo === undefined ? {} : { upTo });
      stores.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of stores) await s.close();
      stores = [];
    });

    it('migrates a new database to the latest schema version, and reopening changes nothing', async () => {
      const db = await backend.fresh();
      const s = await open(db);
      assert.equal(await s.schemaVersion(), LATEST_VERSION);
      await s.insert([row({ id: '00000000-0000-4000-8000-000000000001' })]);
      const again = await open(db);
      assert.equal(await again.schemaVersion(), LATEST_VERSION);
      assert.equal((await all(again.events({}))).length, 1);
    });

    it('migrates forward from an older version, keeping the stored events', async () => {
      const db = await backend.fresh();
      const v1 = await open(db, 1);
      assert.equal(await v1.schemaVersion(), 1);
      const e = row();
      await v1.insert([e]);
      const secret = await v1.secret();
      const latest = await open(db);
      assert.equal(await latest.schemaVersion(), LATEST_VERSION);
      assert.deepEqual((await all(latest.events({}))).map((x) => x.id), [e.id]);
      assert.equal(await latest.secret(), secret, 'the re-keying secret survives the migration');
      const day = Date.parse('2026-03-02T00:00:00Z');
      assert.deepEqual(await latest.members('pilot', day + 86_400_000), [e.learner], 'events stored before the rollup existed are backfilled into it');
      const agg = await latest.aggregate({ cohort: 'pilot', types: ['session'], fromMs: day, toMs: day + 86_400_000, bucketMs: 86_400_000 });
      assert.deepEqual(agg.map((r) => [r.count, r.sum]), [[1, 600]]);
      await latest.insert([e, row()]);
      const again = await latest.aggregate({ cohort: 'pilot', types: ['session'], fromMs: day, toMs: day + 86_400_000, bucketMs: 86_400_000 });
      assert.deepEqual(again.map((r) => [r.count, r.sum]), [[2, 1200]], 'a duplicate never counts twice in the rollup');
    });

    it('refuses a database written by a newer version, naming the fix', async () => {
      const db = await backend.fresh();
      await (await open(db)).close();
      await setVersion(db, LATEST_VERSION + 5);
      await assert.rejects(openStore(db), /schema version \d+, newer than this practicum knows.*Upgrade practicum/);
    });

    it('stores an event id once, however often it is inserted', async () => {
      const s = await open(await backend.fresh());
      const a = row();
      const b = row();
      assert.deepEqual([...(await s.insert([a, b])).stored].sort(), [a.id, b.id].sort());
      const c = row();
      assert.deepEqual([...(await s.insert([a, c, b])).stored], [c.id]);
      const ids = (await all(s.events({}))).map((e) => e.id);
      assert.deepEqual(ids, [a.id, b.id, c.id], 'in arrival order, each once');
    });

    it('keeps the first answer under an Idempotency-Key, saved with the events', async () => {
      const s = await open(await backend.fresh());
      const e = row();
      await s.insert([e], { token: 't1', key: 'k1', answer: (r) => ({ status: 200, body: `stored ${r.stored.size}` }) });
      await s.insert([e], { token: 't1', key: 'k1', answer: (r) => ({ status: 200, body: `stored ${r.stored.size}` }) });
      assert.deepEqual(await s.savedAnswer('t1', 'k1'), { status: 200, body: 'stored 1' });
      assert.equal(await s.savedAnswer('t2', 'k1'), null, 'keys are per token');
    });

    it('an answer that fails to build rolls the events back (both or neither)', async () => {
      const s = await open(await backend.fresh());
      const e = row();
      await assert.rejects(
        s.insert([e], {
          token: 't',
          key: 'k',
          answer: () => {
            throw new Error('boom');
          },
        }),
        /boom/,
      );
      assert.equal((await all(s.events({}))).length, 0);
      assert.equal(await s.savedAnswer('t', 'k'), null);
    });

    it('two connections inserting the same events at once store each once', async () => {
      const db = await backend.fresh();
      const [s1, s2] = [await open(db), await open(db)];
      const events = Array.from({ length: 200 }, () => row());
      const chunks = (xs: typeof events) => Array.from({ length: 10 }, (_, i) => xs.slice(i * 20, i * 20 + 20));
      const results = await Promise.all([...chunks(events).map((c) => s1.insert(c)), ...chunks([...events].reverse()).map((c) => s2.insert(c))]);
      const stored = results.flatMap((r) => [...r.stored]);
      assert.equal(stored.length, 200, 'each event reported stored exactly once across both');
      assert.equal(new Set(stored).size, 200);
      assert.equal((await all(s1.events({}))).length, 200);
    });

    it('keeps one secret per database, the same for every connection', async () => {
      const db = await backend.fresh();
      const [s1, s2] = [await open(db), await open(db)];
      const [x, y] = await Promise.all([s1.secret(), s2.secret()]);
      assert.match(x, /^[0-9a-f]{64}$/);
      assert.equal(x, y);
      assert.notEqual(await (await open(await backend.fresh())).secret(), x, 'another database, another secret');
    });

    it('finds tokens by hash', async () => {
      const s = await open(await backend.fresh());
      const t = { hash: 'b'.repeat(64), cohort: 'pilot', role: 'lead' as const, label: 'Dana', createdAt: '2026-01-01T00:00:00.000Z' };
      await s.addToken(t);
      assert.deepEqual(await s.token(t.hash), t);
      assert.equal(await s.token('c'.repeat(64)), null);
      assert.deepEqual(await s.cohorts(), ['pilot']);
    });

    it('aggregates counts, sums and first times per type, learner and week; lists members', async () => {
      const s = await open(await backend.fresh());
      const from = Date.parse('2026-03-02T00:00:00Z');
      const week = 7 * 86_400_000;
      const at = (ms: number) => new Date(ms).toISOString();
      await s.insert([
        row({ learner: 'a'.repeat(64), tMs: from + 3_600_000, at: at(from + 3_600_000), num: 1800 }),
        row({ learner: 'a'.repeat(64), tMs: from + 7_200_000, at: at(from + 7_200_000), num: 1200 }),
        row({ learner: 'a'.repeat(64), tMs: from + week + 1, at: at(from + week + 1), num: 60 }),
        row({ learner: 'b'.repeat(64), type: 'ai.commit', tMs: from + 2 * week + 5, at: at(from + 2 * week + 9), num: null }),
        row({ learner: 'b'.repeat(64), type: 'ai.commit', tMs: from + 2 * week + 3, at: at(from + 2 * week + 9), num: null }),
        row({ learner: 'c'.repeat(64), cohort: 'other', tMs: from, at: at(from) }),
        row({ learner: 'd'.repeat(64), tMs: from - 1, at: at(from - 1) }),
      ]);
      const rows = await s.aggregate({ cohort: 'pilot', types: ['session', 'ai.commit'], fromMs: from, toMs: from + 3 * week, bucketMs: week });
      const norm = rows.map((r) => ({ type: r.type, learner: r.learner[0], bucket: Number(r.bucket), count: Number(r.count), sum: Number(r.sum), minT: Number(r.minT) })).sort((x, y) => `${x.type}${x.learner}${x.bucket}`.localeCompare(`${y.type}${y.learner}${y.bucket}`));
      assert.deepEqual(norm, [
        { type: 'ai.commit', learner: 'b', bucket: 2, count: 2, sum: 0, minT: from + 2 * week + 3 },
        { type: 'session', learner: 'a', bucket: 0, count: 2, sum: 3000, minT: from + 3_600_000 },
        { type: 'session', learner: 'a', bucket: 1, count: 1, sum: 60, minT: from + week + 1 },
      ]);
      assert.deepEqual(await s.members('pilot', from + 3 * week), ['a'.repeat(64), 'b'.repeat(64), 'd'.repeat(64)]);
      assert.deepEqual(await s.members('pilot', from), ['d'.repeat(64)], 'members are bounded by the end of the range');
    });

    it('lists events by cohort, type, time and arrival, across pages', async () => {
      const s = await open(await backend.fresh());
      const many = Array.from({ length: 5_050 }, (_, i) => row({ receivedAt: i < 50 ? '2026-03-01T00:00:00.000Z' : '2026-03-05T00:00:00.000Z' }));
      await s.insert(many);
      await s.insert([row({ cohort: 'other' }), row({ type: 'ai.commit', at: '2026-04-01T00:00:00.000Z' })]);
      assert.equal((await all(s.events({ cohort: 'pilot' }))).length, 5_051);
      assert.deepEqual((await all(s.events({ cohort: 'pilot' }))).slice(0, 3).map((e) => e.id), many.slice(0, 3).map((e) => e.id));
      assert.equal((await all(s.events({ receivedSinceMs: Date.parse('2026-03-02T00:00:00Z'), cohort: 'pilot', types: ['session'] }))).length, 5_000);
      assert.equal((await all(s.events({ fromMs: Date.parse('2026-03-15T00:00:00Z') }))).length, 1);
      assert.equal((await all(s.events({ toMs: Date.parse('2026-03-15T00:00:00Z'), types: ['ai.commit'] }))).length, 0);
      const one = (await all(s.events({ types: ['ai.commit'] })))[0]!;
      assert.deepEqual(one.data, { start: one.at, end: one.at, seconds: 600, exercise: null, aiAssistedSeconds: 0 }, 'data comes back as stored');
    });
  });
}

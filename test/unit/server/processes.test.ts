import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { openStore, type StoredEvent } from '../../../src/core/server/store';
import { runCliAsync } from '../helpers/cli';
import { BACKENDS, useBackend } from './backends';
import { batchBody, post, session } from './fixtures';
import { spawnServe } from './spawnServe';

/** Preloaded into the server: it dies when it starts to answer an events request, after ingest stored the batch. */
const crashHook = path.resolve(__dirname, '../../../../test/fixtures/server/crash-before-answer.cjs');

async function storedIds(db: string): Promise<string[]> {
  const store = await openStore(db);
  try {
    const out: StoredEvent[] = [];
    for await (const e of store.events({})) out.push(e);
    return out.map((e) => e.id);
  } finally {
    await store.close();
  }
}

const batch = (k: number, n = 10) =>
  Array.from({ length: n }, (_, i) => session(new Date(Date.parse('2026-03-02T09:00:00Z') + (k * n + i) * 60_000).toISOString(), 60));

for (const make of BACKENDS) {
  const backend = make();
  describe(`practicum serve processes on ${backend.name}`, function () {
    this.timeout(90_000);
    useBackend(backend);

    it('a crash between storing and answering loses nothing and stores nothing twice on resend', async () => {
      const db = await backend.fresh();
      const token = (await runCliAsync(['serve', 'token', 'add', '--db', db, '--cohort', 'pilot'])).stdout.trim();
      const events = batch(0);
      const body = batchBody(events);
      const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'crash-batch' };
      const crashing = await spawnServe(['--db', db], { NODE_OPTIONS: `--require "${crashHook}"` });
      await assert.rejects(post(`${crashing.url}/v1/events`, body, headers), 'no answer: the process died after storing');
      assert.equal(await crashing.exited, 'SIGKILL');
      assert.deepEqual((await storedIds(db)).sort(), events.map((e) => e.id).sort(), 'stored durably before any answer');

      const restarted = await spawnServe(['--db', db]);
      try {
        const resent = await post(`${restarted.url}/v1/events`, body, headers);
        assert.equal(resent.status, 200);
        assert.equal(resent.headers.get('idempotent-replayed'), 'true');
        assert.equal(resent.json.stored, 10, 'the answer the crash swallowed');
        const again = await post(`${restarted.url}/v1/events`, body, { authorization: headers.authorization });
        assert.deepEqual([again.json.stored, again.json.duplicates], [0, 10]);
      } finally {
        await restarted.stop();
      }
      assert.equal((await storedIds(db)).length, 10);
    });

    it('two servers sharing one database keep idempotency under a concurrent sender', async () => {
      const db = await backend.fresh();
      const token = (await runCliAsync(['serve', 'token', 'add', '--db', db, '--cohort', 'pilot'])).stdout.trim();
      const [a, b] = await Promise.all([spawnServe(['--db', db, '--rate-limit', '100000']), spawnServe(['--db', db, '--rate-limit', '100000'])]);
      try {
        const batches = Array.from({ length: 12 }, (_, k) => batch(k));
        // Every batch goes to both servers at once, half of them under the same Idempotency-Key (a retry
        // after a timeout that reached the other server), the rest without one.
        const answers = await Promise.all(
          batches.flatMap((events, k) => {
            const h: Record<string, string> = { authorization: `Bearer ${token}` };
            if (k % 2 === 0) h['idempotency-key'] = `k${k}`;
            return [a, b].map((s) => post(`${s.url}/v1/events`, batchBody(events), h));
          }),
        );
        assert.deepEqual([...new Set(answers.map((r) => r.status))], [200]);
        const ids = await storedIds(db);
        assert.equal(ids.length, 120);
        const store = await openStore(db);
        try {
          const day = Date.parse('2026-03-02T00:00:00Z');
          const rows = await store.aggregate({ cohort: 'pilot', types: ['session'], fromMs: day, toMs: day + 7 * 86_400_000, bucketMs: 86_400_000 });
          assert.equal(rows.reduce((n, r) => n + r.count, 0), 120, 'the report’s rollup counts each event once too');
        } finally {
          await store.close();
        }
        assert.equal(new Set(ids).size, 120, 'no event stored twice');
        const claimed = answers.flatMap((r) => r.json.events.filter((e: { status: string }) => e.status === 'stored').map((e: { id: string }) => e.id));
        const distinctClaims = new Set(claimed);
        assert.equal(distinctClaims.size, 120, 'every event was reported stored');
        const keyed = answers.filter((_, i) => Math.floor(i / 2) % 2 === 1).flatMap((r) => r.json.events.filter((e: { status: string }) => e.status === 'stored'));
        assert.equal(keyed.length, 60, 'without a key, each event is reported stored by exactly one server');
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  });
}

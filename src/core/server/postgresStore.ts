import { randomBytes } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { errorMessage, PracticumError } from '../errors';
import { pendingMigrations } from './migrations';
import { bucketDays, DAY_MS, dayIncrements, dayRange, eventFilter, PAGE, rowToEvent, type DayRow, type EventRow } from './eventRows';
import type { AggregateQuery, AggregateRow, EventQuery, InsertResult, NewEvent, SavedAnswer, Store, StoredEvent, TokenRecord } from './store';

/** Any number lock id shared by every server on the database, held while migrating. */
const MIGRATION_LOCK = 7_240_017;

/**
 * PostgreSQL: each insert is one transaction, committed (and so durable, with the default
 * `synchronous_commit`) before the call returns. Several servers may share the database: event ids
 * and Idempotency-Keys are unique keys, so concurrent inserts of the same event store it once.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;

  private constructor(
    private readonly pool: Pool,
    /** The schema version at open (below 2 only in migration tests: no rollup to maintain). */
    private readonly version: number,
  ) {}

  static async open(url: string, opts: { upTo?: number } = {}): Promise<PostgresStore> {
    const pool = new Pool({ connectionString: url, max: 8 });
    pool.on('error', () => undefined); // an idle client's broken connection is replaced on next use
    try {
      await PostgresStore.migrate(pool, opts.upTo);
    } catch (e) {
      await pool.end().catch(() => undefined);
      if (e instanceof PracticumError) throw e;
      throw new PracticumError('environment', `cannot use the PostgreSQL database (${errorMessage(e)}). Check the URL, that the server is up and the user may create tables.`);
    }
    const version = (await pool.query<{ version: number }>(`SELECT version FROM schema_version`)).rows[0]!.version;
    return new PostgresStore(pool, version);
  }

  private static async migrate(pool: Pool, upTo?: number): Promise<void> {
    await tx(pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`);
      const r = await c.query<{ version: number }>(`SELECT version FROM schema_version`);
      const current = r.rows[0]?.version ?? 0;
      if (r.rows.length === 0) await c.query(`INSERT INTO schema_version (version) VALUES (0)`);
      for (const m of pendingMigrations(current, upTo)) {
        for (const sql of m.postgres) await c.query(sql);
        await c.query(`UPDATE schema_version SET version = $1`, [m.version]);
      }
    });
  }

  async schemaVersion(): Promise<number> {
    return (await this.pool.query<{ version: number }>(`SELECT version FROM schema_version`)).rows[0]!.version;
  }

  async secret(): Promise<string> {
    await this.pool.query(`INSERT INTO meta (key, value) VALUES ('learner-key', $1) ON CONFLICT DO NOTHING`, [randomBytes(32).toString('hex')]);
    return (await this.pool.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'learner-key'`)).rows[0]!.value;
  }

  async insert(events: NewEvent[], idempotency?: { token: string; key: string; answer: (r: InsertResult) => SavedAnswer }): Promise<InsertResult> {
    return tx(this.pool, async (c) => {
      const stored = new Set<string>();
      if (events.length > 0) {
        const col = <K extends keyof NewEvent>(k: K) => events.map((e) => e[k]);
        const r = await c.query<{ id: string }>(
          `INSERT INTO events (id, cohort, type, at, at_ms, t_ms, num, learner, data, received_at, received_ms)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::float8[], $8::text[], $9::text[], $10::text[], $11::bigint[])
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            col('id'),
            col('cohort'),
            col('type'),
            col('at'),
            events.map((e) => Date.parse(e.at)),
            col('tMs'),
            col('num'),
            col('learner'),
            events.map((e) => JSON.stringify(e.data)),
            col('receivedAt'),
            events.map((e) => Date.parse(e.receivedAt)),
          ],
        );
        for (const row of r.rows) stored.add(row.id);
        const days = dayIncrements(events.filter((e) => stored.has(e.id)));
        if (days.length > 0 && this.version >= 2) {
          const dc = <K extends keyof (typeof days)[number]>(k: K) => days.map((d) => d[k]);
          await c.query(
            `INSERT INTO event_days (cohort, type, learner, day, count, sum, min_t)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::float8[], $7::bigint[])
             ON CONFLICT (cohort, type, learner, day) DO UPDATE SET count = event_days.count + excluded.count, sum = event_days.sum + excluded.sum, min_t = LEAST(event_days.min_t, excluded.min_t)`,
            [dc('cohort'), dc('type'), dc('learner'), dc('day'), dc('count'), dc('sum'), dc('minT')],
          );
        }
      }
      const result = { stored };
      if (idempotency) {
        const a = idempotency.answer(result);
        await c.query(`INSERT INTO idempotency (token, key, status, body, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
          idempotency.token,
          idempotency.key,
          a.status,
          a.body,
          new Date().toISOString(),
        ]);
      }
      return result;
    });
  }

  async savedAnswer(token: string, key: string): Promise<SavedAnswer | null> {
    const r = await this.pool.query<SavedAnswer>(`SELECT status, body FROM idempotency WHERE token = $1 AND key = $2`, [token, key]);
    return r.rows[0] ?? null;
  }

  async addToken(t: TokenRecord): Promise<void> {
    await this.pool.query(`INSERT INTO tokens (hash, cohort, role, label, created_at) VALUES ($1, $2, $3, $4, $5)`, [t.hash, t.cohort, t.role, t.label, t.createdAt]);
  }

  async token(hash: string): Promise<TokenRecord | null> {
    const r = await this.pool.query(`SELECT hash, cohort, role, label, created_at FROM tokens WHERE hash = $1`, [hash]);
    const row = r.rows[0] as { hash: string; cohort: string; role: TokenRecord['role']; label: string | null; created_at: string } | undefined;
    return row ? { hash: row.hash, cohort: row.cohort, role: row.role, label: row.label, createdAt: row.created_at } : null;
  }

  async members(cohort: string, toMs: number): Promise<string[]> {
    const r = await this.pool.query<{ learner: string }>(`SELECT DISTINCT learner FROM event_days WHERE cohort = $1 AND day < $2 ORDER BY learner`, [cohort, Math.ceil(toMs / DAY_MS)]);
    return r.rows.map((x) => x.learner);
  }

  async aggregate(q: AggregateQuery): Promise<AggregateRow[]> {
    const { fromDay, toDay } = dayRange(q);
    const r = await this.pool.query<DayRow>(
      `SELECT type, learner, day::float8 AS day, count::float8 AS count, sum, min_t::float8 AS "minT" FROM event_days WHERE cohort = $1 AND type = ANY($2::text[]) AND day >= $3 AND day < $4`,
      [q.cohort, q.types, fromDay, toDay],
    );
    return bucketDays(r.rows, q);
  }

  async *events(q: EventQuery): AsyncIterable<StoredEvent> {
    let after = 0;
    for (;;) {
      const params: unknown[] = [];
      const where = eventFilter(q, (v) => (params.push(v), `$${params.length}`));
      params.push(after);
      const r = await this.pool.query<EventRow>(
        `SELECT seq, id, cohort, type, at, learner, data, received_at FROM events ${where ? `${where} AND` : 'WHERE'} seq > $${params.length} ORDER BY seq LIMIT ${PAGE}`,
        params,
      );
      for (const row of r.rows) yield rowToEvent(row);
      if (r.rows.length < PAGE) return;
      after = Number(r.rows[r.rows.length - 1]!.seq);
    }
  }

  async cohorts(): Promise<string[]> {
    const r = await this.pool.query<{ cohort: string }>(`SELECT DISTINCT cohort FROM events UNION SELECT DISTINCT cohort FROM tokens WHERE cohort <> '*'`);
    return r.rows.map((x) => x.cohort).sort();
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

async function tx<T>(pool: Pool, f: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await f(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

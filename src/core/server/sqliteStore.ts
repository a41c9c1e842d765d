import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { errorMessage, PracticumError } from '../errors';
import { pendingMigrations } from './migrations';
import { bucketDays, DAY_MS, dayIncrements, dayRange, eventFilter, PAGE, rowToEvent, type DayRow, type EventRow } from './eventRows';
import type { AggregateQuery, AggregateRow, EventQuery, InsertResult, NewEvent, SavedAnswer, Store, StoredEvent, TokenRecord } from './store';

/**
 * SQLite in WAL mode with `synchronous = FULL`: a committed transaction is on disk before the call
 * returns, readers never block the writer, and several server processes may share the file (writes
 * wait for each other up to the busy timeout).
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly insertEvent: Database.Statement;
  private readonly insertAnswer: Database.Statement;
  private readonly readAnswer: Database.Statement;
  private readonly readToken: Database.Statement;
  /** Null while the database is below schema version 2 (only in migration tests). */
  private readonly addDay: Database.Statement | null;

  private constructor(private readonly db: Database.Database) {
    const version = (db.prepare(`SELECT version FROM schema_version`).get() as { version: number }).version;
    this.addDay =
      version >= 2
        ? db.prepare(
            `INSERT INTO event_days (cohort, type, learner, day, count, sum, min_t) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (cohort, type, learner, day) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum, min_t = MIN(min_t, excluded.min_t)`,
          )
        : null;
    this.insertEvent = db.prepare(
      `INSERT INTO events (id, cohort, type, at, at_ms, t_ms, num, learner, data, received_at, received_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.readAnswer = db.prepare(`SELECT status, body FROM idempotency WHERE token = ? AND key = ?`);
    this.readToken = db.prepare(`SELECT hash, cohort, role, label, created_at FROM tokens WHERE hash = ?`);
    this.insertAnswer = db.prepare(`INSERT INTO idempotency (token, key, status, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  }

  static open(file: string, opts: { upTo?: number } = {}): SqliteStore {
    let db: Database.Database;
    try {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      db = new Database(file, { timeout: 10_000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    } catch (e) {
      throw new PracticumError('environment', `${file}: cannot open the SQLite database (${errorMessage(e)}). Check the path and its permissions.`);
    }
    try {
      SqliteStore.migrate(db, opts.upTo);
      return new SqliteStore(db);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  private static migrate(db: Database.Database, upTo?: number): void {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`);
    db.transaction(() => {
      const row = db.prepare(`SELECT version FROM schema_version`).get() as { version: number } | undefined;
      const current = row?.version ?? 0;
      if (!row) db.prepare(`INSERT INTO schema_version (version) VALUES (0)`).run();
      for (const m of pendingMigrations(current, upTo)) {
        for (const sql of m.sqlite) db.exec(sql);
        db.prepare(`UPDATE schema_version SET version = ?`).run(m.version);
      }
    }).immediate();
  }

  async schemaVersion(): Promise<number> {
    return (this.db.prepare(`SELECT version FROM schema_version`).get() as { version: number }).version;
  }

  async secret(): Promise<string> {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('learner-key', ?) ON CONFLICT DO NOTHING`).run(randomBytes(32).toString('hex'));
    return (this.db.prepare(`SELECT value FROM meta WHERE key = 'learner-key'`).get() as { value: string }).value;
  }

  async insert(events: NewEvent[], idempotency?: { token: string; key: string; answer: (r: InsertResult) => SavedAnswer }): Promise<InsertResult> {
    return this.db
      .transaction(() => {
        const stored = new Set<string>();
        for (const e of events) {
          const r = this.insertEvent.run(e.id, e.cohort, e.type, e.at, Date.parse(e.at), e.tMs, e.num, e.learner, JSON.stringify(e.data), e.receivedAt, Date.parse(e.receivedAt));
          if (r.changes > 0) stored.add(e.id);
        }
        if (this.addDay) for (const d of dayIncrements(events.filter((e) => stored.has(e.id)))) this.addDay.run(d.cohort, d.type, d.learner, d.day, d.count, d.sum, d.minT);
        const result = { stored };
        if (idempotency) {
          const a = idempotency.answer(result);
          this.insertAnswer.run(idempotency.token, idempotency.key, a.status, a.body, new Date().toISOString());
        }
        return result;
      })
      .immediate();
  }

  async savedAnswer(token: string, key: string): Promise<SavedAnswer | null> {
    return (this.readAnswer.get(token, key) as SavedAnswer | undefined) ?? null;
  }

  async addToken(t: TokenRecord): Promise<void> {
    this.db.prepare(`INSERT INTO tokens (hash, cohort, role, label, created_at) VALUES (?, ?, ?, ?, ?)`).run(t.hash, t.cohort, t.role, t.label, t.createdAt);
  }

  async token(hash: string): Promise<TokenRecord | null> {
    const r = this.readToken.get(hash) as
      | { hash: string; cohort: string; role: TokenRecord['role']; label: string | null; created_at: string }
      | undefined;
    return r ? { hash: r.hash, cohort: r.cohort, role: r.role, label: r.label, createdAt: r.created_at } : null;
  }

  async members(cohort: string, toMs: number): Promise<string[]> {
    return this.db.prepare(`SELECT DISTINCT learner FROM event_days WHERE cohort = ? AND day < ? ORDER BY learner`).pluck().all(cohort, Math.ceil(toMs / DAY_MS)) as string[];
  }

  async aggregate(q: AggregateQuery): Promise<AggregateRow[]> {
    const { fromDay, toDay } = dayRange(q);
    const rows = this.db
      .prepare(`SELECT type, learner, day, count, sum, min_t AS minT FROM event_days WHERE cohort = ? AND type IN (${q.types.map(() => '?').join(', ')}) AND day >= ? AND day < ?`)
      .all(q.cohort, ...q.types, fromDay, toDay) as DayRow[];
    return bucketDays(rows, q);
  }

  /** Pages through by seq, so no statement stays open while the caller awaits (writes go on meanwhile). */
  async *events(q: EventQuery): AsyncIterable<StoredEvent> {
    let after = 0;
    for (;;) {
      const params: unknown[] = [];
      const where = eventFilter(q, (v) => (params.push(v), '?'));
      const rows = this.db
        .prepare(`SELECT seq, id, cohort, type, at, learner, data, received_at FROM events ${where ? `${where} AND` : 'WHERE'} seq > ? ORDER BY seq LIMIT ${PAGE}`)
        .all(...params, after) as EventRow[];
      for (const r of rows) yield rowToEvent(r);
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  async cohorts(): Promise<string[]> {
    const fromEvents = this.db.prepare(`SELECT DISTINCT cohort FROM events`).pluck().all() as string[];
    const fromTokens = this.db.prepare(`SELECT DISTINCT cohort FROM tokens WHERE cohort <> '*'`).pluck().all() as string[];
    return [...new Set([...fromEvents, ...fromTokens])].sort();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

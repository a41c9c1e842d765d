/**
 * The server's storage: one interface, two implementations (SQLite for a pilot on one machine,
 * PostgreSQL for an organisation). Both keep the same tables (see migrations.ts) and the same
 * guarantees: an event id is stored once, an Idempotency-Key's answer is saved in the same
 * transaction as its events, and a write is durable when the call returns.
 */

/** An event as stored: the envelope fields with the learner already re-keyed by the server. */
export interface StoredEvent {
  id: string;
  cohort: string;
  type: string;
  /** The envelope's `at` (ISO). */
  at: string;
  learner: string;
  data: Record<string, unknown>;
  /** When the server stored it (ISO). */
  receivedAt: string;
}

/** What the insert also needs: the moment the event is about, and its one numeric measure. */
export interface NewEvent extends StoredEvent {
  /** Epoch ms the event describes: a session's start, an AI commit's author time, otherwise `at`. */
  tMs: number;
  /** A session's seconds; null for other types. */
  num: number | null;
}

/** The answer given to a request under an Idempotency-Key, replayed for the same key. */
export interface SavedAnswer {
  status: number;
  body: string;
}

/** A bearer token as kept at rest: only its SHA-256. */
export interface TokenRecord {
  hash: string;
  cohort: string;
  /** `ingest`: may send events for its cohort; `lead`: may read its cohort's report (`*`: every cohort). */
  role: 'ingest' | 'lead';
  label: string | null;
  createdAt: string;
}

/** Event count, sum of `num` and earliest `tMs` per type, learner and time bucket. */
export interface AggregateRow {
  type: string;
  learner: string;
  /** floor((tMs − fromMs) / bucketMs). */
  bucket: number;
  count: number;
  sum: number;
  minT: number;
}

export interface AggregateQuery {
  cohort: string;
  types: string[];
  /** Inclusive lower bound on tMs, and the origin of the buckets. */
  fromMs: number;
  /** Exclusive upper bound on tMs. */
  toMs: number;
  bucketMs: number;
}

export interface EventQuery {
  cohort?: string;
  types?: string[];
  /** Bounds on the envelope's `at`: from inclusive, to exclusive. */
  fromMs?: number;
  toMs?: number;
  /** Only events received at or after this time. */
  receivedSinceMs?: number;
}

export interface InsertResult {
  /** Ids stored by this call; the others were already there. */
  stored: Set<string>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** The schema version the database is at. */
  schemaVersion(): Promise<number>;
  /** The server's own re-keying secret (created once, kept in the database, in every backup). */
  secret(): Promise<string>;
  /**
   * Stores the events not stored yet, in one transaction. With `idempotency`, the answer built from
   * the result is saved under (token, key) in that same transaction, so a crash leaves both or neither.
   */
  insert(events: NewEvent[], idempotency?: { token: string; key: string; answer: (r: InsertResult) => SavedAnswer }): Promise<InsertResult>;
  /** The saved answer for (token, key), if that request was stored before. */
  savedAnswer(token: string, key: string): Promise<SavedAnswer | null>;
  addToken(t: TokenRecord): Promise<void>;
  token(hash: string): Promise<TokenRecord | null>;
  /** Distinct learners with an event in the cohort at or before `toMs` (envelope time). */
  members(cohort: string, toMs: number): Promise<string[]>;
  aggregate(q: AggregateQuery): Promise<AggregateRow[]>;
  /** Events in storage order. */
  events(q: EventQuery): AsyncIterable<StoredEvent>;
  cohorts(): Promise<string[]>;
  close(): Promise<void>;
}

/** `--db`: a PostgreSQL URL, or a SQLite file path. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}

/** Opens (and migrates) the store named by `db`. The drivers load only here, never in the extension. */
export async function openStore(db: string, opts: { upTo?: number } = {}): Promise<Store> {
  // require, not import(): loaded on first use only, and resolvable both bundled and unbundled.
  if (isPostgresUrl(db)) {
    const { PostgresStore } = require('./postgresStore') as typeof import('./postgresStore');
    return PostgresStore.open(db, opts);
  }
  const { SqliteStore } = require('./sqliteStore') as typeof import('./sqliteStore');
  return SqliteStore.open(db, opts);
}

import { PracticumError } from '../errors';

/** One forward step of the schema, in each dialect. Never edit a released step: add the next one. */
export interface Migration {
  version: number;
  what: string;
  sqlite: string[];
  postgres: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    what: 'events, tokens, idempotency answers, server secret',
    sqlite: [
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE tokens (hash TEXT PRIMARY KEY, cohort TEXT NOT NULL, role TEXT NOT NULL, label TEXT, created_at TEXT NOT NULL)`,
      `CREATE TABLE events (
         seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, cohort TEXT NOT NULL, type TEXT NOT NULL,
         at TEXT NOT NULL, at_ms INTEGER NOT NULL, t_ms INTEGER NOT NULL, num REAL, learner TEXT NOT NULL,
         data TEXT NOT NULL, received_at TEXT NOT NULL, received_ms INTEGER NOT NULL)`,
      `CREATE INDEX events_cohort_type_seq ON events (cohort, type, seq)`,
      `CREATE TABLE idempotency (token TEXT NOT NULL, key TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (token, key))`,
    ],
    postgres: [
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE tokens (hash TEXT PRIMARY KEY, cohort TEXT NOT NULL, role TEXT NOT NULL, label TEXT, created_at TEXT NOT NULL)`,
      `CREATE TABLE events (
         seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, cohort TEXT NOT NULL, type TEXT NOT NULL,
         at TEXT NOT NULL, at_ms BIGINT NOT NULL, t_ms BIGINT NOT NULL, num DOUBLE PRECISION, learner TEXT NOT NULL,
         data TEXT NOT NULL, received_at TEXT NOT NULL, received_ms BIGINT NOT NULL)`,
      `CREATE INDEX events_cohort_type_seq ON events (cohort, type, seq)`,
      `CREATE TABLE idempotency (token TEXT NOT NULL, key TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (token, key))`,
    ],
  },
  {
    version: 2,
    what: 'per-day rollup of events by cohort, type and learner (the report reads it), backfilled',
    sqlite: [
      `CREATE TABLE event_days (cohort TEXT NOT NULL, type TEXT NOT NULL, learner TEXT NOT NULL, day INTEGER NOT NULL,
         count INTEGER NOT NULL, sum REAL NOT NULL, min_t INTEGER NOT NULL, PRIMARY KEY (cohort, type, learner, day))`,
      `CREATE INDEX event_days_members ON event_days (cohort, learner, day)`,
      `INSERT INTO event_days (cohort, type, learner, day, count, sum, min_t)
         SELECT cohort, type, learner, t_ms / 86400000, COUNT(*), COALESCE(SUM(num), 0), MIN(t_ms) FROM events GROUP BY cohort, type, learner, t_ms / 86400000`,
    ],
    postgres: [
      `CREATE TABLE event_days (cohort TEXT NOT NULL, type TEXT NOT NULL, learner TEXT NOT NULL, day BIGINT NOT NULL,
         count BIGINT NOT NULL, sum DOUBLE PRECISION NOT NULL, min_t BIGINT NOT NULL, PRIMARY KEY (cohort, type, learner, day))`,
      `CREATE INDEX event_days_members ON event_days (cohort, learner, day)`,
      `INSERT INTO event_days (cohort, type, learner, day, count, sum, min_t)
         SELECT cohort, type, learner, t_ms / 86400000, COUNT(*), COALESCE(SUM(num), 0), MIN(t_ms) FROM events GROUP BY cohort, type, learner, t_ms / 86400000`,
    ],
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The steps to run from `current` up to `target`; refuses a database newer than this program. */
export function pendingMigrations(current: number, target = LATEST_VERSION): Migration[] {
  if (current > LATEST_VERSION) {
    throw new PracticumError(
      'environment',
      `the database is at schema version ${current}, newer than this practicum knows (${LATEST_VERSION}). Upgrade practicum, or point --db at another database.`,
    );
  }
  return MIGRATIONS.filter((m) => m.version > current && m.version <= target);
}

import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { NewEvent } from '../../../src/core/server/store';
import { tempDir } from '../helpers/gitRepo';
import { postgresUnavailable, TempPostgres } from '../helpers/postgres';

/** A database the store contract runs against: SQLite in a temp folder, or a throwaway PostgreSQL. */
export interface Backend {
  name: string;
  /** Why it cannot run here (the suite is skipped with this message), or null. */
  unavailable(): string | null;
  setup(): Promise<void>;
  /** A fresh, empty database spec for `--db`. */
  fresh(): Promise<string>;
  teardown(): Promise<void>;
}

export function sqliteBackend(): Backend {
  let tmp: ReturnType<typeof tempDir> | undefined;
  let n = 0;
  return {
    name: 'SQLite',
    unavailable: () => null,
    setup: async () => void (tmp = tempDir('practicum-store-')),
    fresh: async () => path.join(tmp!.dir, `db${++n}.sqlite`),
    teardown: async () => tmp?.dispose(),
  };
}

export function postgresBackend(): Backend {
  let pg: TempPostgres | undefined;
  return {
    name: 'PostgreSQL',
    unavailable: postgresUnavailable,
    setup: async () => void (pg = await TempPostgres.start()),
    fresh: () => pg!.createDatabase(),
    teardown: async () => pg?.stop(),
  };
}

export const BACKENDS = [sqliteBackend, postgresBackend];

/** Registers before/after hooks for `b` in the current describe; skips it with a message when unavailable. */
export function useBackend(b: Backend): void {
  before(async function () {
    const why = b.unavailable();
    if (why) {
      console.warn(`      skipped: ${why}`);
      this.skip();
    }
    this.timeout(120_000);
    await b.setup();
  });
  after(async function () {
    this.timeout(60_000);
    await b.teardown();
  });
}

/** A stored-event row for the store's own tests. */
export function row(over: Partial<NewEvent> = {}): NewEvent {
  const at = over.at ?? '2026-03-02T10:00:00.000Z';
  return {
    id: randomUUID(),
    cohort: 'pilot',
    type: 'session',
    at,
    learner: 'a'.repeat(64),
    data: { start: at, end: at, seconds: 600, exercise: null, aiAssistedSeconds: 0 },
    receivedAt: '2026-03-02T10:00:01.000Z',
    tMs: Date.parse(at),
    num: 600,
    ...over,
  };
}

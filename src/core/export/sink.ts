/**
 * Where features report behaviour-level events (a session ended, an exercise was checked…).
 * The export module implements it with the on-disk outbox; until consent is given, events only
 * queue locally. Features never send anything themselves.
 *
 * `data` must never hold source code, file names or paths, commit messages, or branch names other
 * than exercise ids.
 */
export interface EventSink {
  emit(type: string, data: Record<string, unknown>, at?: Date): void;
  /** Resolves once everything emitted so far is stored (sinks that buffer). */
  drain?(): Promise<void>;
}

/** A sink that drops everything (tests, CLI paths that do not export). */
export const nullSink: EventSink = { emit() {} };

/**
 * Where features report behaviour-level events (a session ended, an exercise was checked…).
 * The export module implements it with the on-disk outbox; until consent is given, events only
 * queue locally. Features never send anything themselves.
 *
 * `data` must never hold source code, file names or paths, commit messages, or branch names other
 * than exercise ids.
 */
export interface EventSink {
  /**
   * `about` names the person the event is about when that is not this window's user (a review is
   * about the submitter, not the mentor who emits it). The sink replaces it with that person's
   * pseudonym; the email itself is never stored.
   */
  emit(type: string, data: Record<string, unknown>, at?: Date, about?: EventSubject): void;
  /** Resolves once everything emitted so far is stored (sinks that buffer). */
  drain?(): Promise<void>;
}

/** Who an event is about, when not the window's own git identity. */
export interface EventSubject {
  /** The person's git email, as recorded (e.g. a submission's learner). */
  email: string;
}

/** A sink that drops everything (tests, CLI paths that do not export). */
export const nullSink: EventSink = { emit() {} };

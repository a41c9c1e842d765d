/**
 * Why an operation failed, so callers (CLI exit codes, editor messages) can react without parsing text.
 * - `usage`: the caller asked for something malformed.
 * - `environment`: the machine or repository is not in a usable state (git missing, not a repo).
 * - `invalid-data`: a file or record failed validation.
 * - `network`: a remote could not be reached or answered badly.
 * - `untrusted`: the action needs a trusted workspace.
 */
export type ErrorReason = 'usage' | 'environment' | 'invalid-data' | 'network' | 'untrusted' | 'internal';

/** An error with a machine-readable reason and a message that names the fix. */
export class PracticumError extends Error {
  constructor(
    readonly reason: ErrorReason,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'PracticumError';
  }
}

export function isPracticumError(e: unknown): e is PracticumError {
  return e instanceof PracticumError;
}

/** A short, human message for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

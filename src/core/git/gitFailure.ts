import { PracticumError } from '../errors';

/** git's words for objects it cannot read: a damaged repository, not a bug of ours. */
const damaged = [
  /unable to read [0-9a-f]{7,}/i,
  /could not read [0-9a-f]{7,}/i,
  /failed to traverse parents/i,
  /bad tree object/i,
  /(?:loose object|packfile) .* (?:is corrupt|cannot be accessed)/i,
  /missing (?:blob|tree|commit|object) [0-9a-f]{7,}/i,
  /missing (?:blob|tree|commit|tag) object '?[0-9a-f]{7,}/i,
  /inflate: data stream error/i,
];

/** The line of git's stderr that says what went wrong (`fatal:`/`error:` first). */
function gitLine(stderr: string, match?: RegExp): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return (match && lines.find((l) => match.test(l))) ?? lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? '';
}

/** An environment error for a repository whose objects git cannot read, naming how to find and repair the damage. */
export function damagedRepository(dir: string, detail: string): PracticumError {
  return new PracticumError(
    'environment',
    `the repository at ${dir} is damaged (git: ${detail}). Run "git fsck --full" there to see what is missing, then fetch it again ("git fetch") or restore the repository from a fresh clone.`,
  );
}

/**
 * Turns git's stderr into an environment error that names the problem and the fix, when it is one
 * the user must repair in the repository (missing or corrupt objects, a folder owned by another
 * user); undefined for anything else.
 */
export function repositoryProblem(dir: string, stderr: string): PracticumError | undefined {
  const owner = /detected dubious ownership in repository at '([^']*)'/.exec(stderr);
  if (owner) {
    const at = owner[1] ?? dir;
    return new PracticumError('environment', `git refuses to read ${at}: the folder belongs to another user. If you trust it, run "git config --global --add safe.directory ${at}", then try again.`);
  }
  const hit = damaged.find((re) => re.test(stderr));
  return hit ? damagedRepository(dir, gitLine(stderr, hit)) : undefined;
}

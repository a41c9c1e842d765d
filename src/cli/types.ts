import type { Logger } from '../core/log';

/** Where a CLI command writes: stdout for results, stderr for diagnostics. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Diagnostics to stderr (warnings, progress); quiet unless --verbose for debug. */
  log: Logger;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Terminals behind stdout / stderr (progress bars, piped JSON); false when absent. */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** stderr terminal width. */
  columns?: number;
}

/** Exit codes every subcommand follows. */
export const ExitCode = {
  ok: 0,
  /** The job ran and found a problem (validation errors, events left unsent…). */
  problem: 1,
  /** Bad usage, or an environment problem (not a git repo, git missing). */
  usage: 2,
} as const;

/** A `practicum <name>` subcommand. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Full usage text shown by `practicum <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

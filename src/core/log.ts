/** Where the core writes diagnostics; the editor maps it to the "Practicum" output channel, the CLI to stderr. */
export interface Logger {
  error(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };

/** Prefixes every message with a `[component]` tag. */
export function tagged(logger: Logger, component: string): Logger {
  const t = `[${component}] `;
  return {
    error: (m, ...a) => logger.error(t + m, ...a),
    warn: (m, ...a) => logger.warn(t + m, ...a),
    info: (m, ...a) => logger.info(t + m, ...a),
    debug: (m, ...a) => logger.debug(t + m, ...a),
  };
}

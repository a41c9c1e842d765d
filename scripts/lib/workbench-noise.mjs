// Sorts the workbench's console into what a developer reads: everything the extension host under
// test logs (tagged by test/integration/index.ts with CONSOLE_TAG) and the workbench's own errors,
// except its noise (failed look-ups of unreachable hosts, gallery and update checks).
import { format } from 'node:util';

/** Prefix the test run's extension host puts on its console lines (see PRACTICUM_CONSOLE_TAG). */
export const CONSOLE_TAG = '\u27e6eh\u27e7';

/** console arguments -> one line (printf-style `%s %d %c …` applied as the console would). */
export function formatConsole(args) {
  const list = Array.isArray(args) ? args : [args];
  return format(...list).trimEnd();
}

const NOISE = [
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo/,
  /net::ERR_/,
  /Failed to fetch|Failed to load resource|fetch failed/i,
  /marketplace|gallery|open-vsx|update\.code\.visualstudio\.com|vscode-cdn|vscode-unpkg|vscodeexperiments/i,
  /No search provider registered/,
  /authentication provider '[\w-]+' to register/, // built-in auth extensions are kept from running
  /\d+ integration test\(s\) failed/, // run()'s rejection: mocha has already reported the failures
];

/**
 * Classify one console call. Returns the text to print, or undefined to drop it.
 * Tagged lines (the extension host under test) are always kept, without the tag; the workbench's
 * own lines only when they are errors and not noise (or all of them with `verbose`).
 */
export function consoleLineToPrint(type, line, verbose = false) {
  const at = line.indexOf(CONSOLE_TAG);
  if (at >= 0) return line.slice(0, at) + line.slice(at + CONSOLE_TAG.length);
  if (verbose) return `[workbench:${type}] ${line}`;
  if (type !== 'error') return undefined;
  if (NOISE.some((re) => re.test(line))) return undefined;
  return `[workbench:error] ${line}`;
}

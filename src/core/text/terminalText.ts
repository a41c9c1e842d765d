/**
 * Text from outside Practicum (review records, cohort names, catalogs, server answers, commit data)
 * printed to a terminal must not drive it: `ESC[2J` clears the screen, OSC sequences set the window
 * title or write the clipboard, a lone CR overwrites what was printed, and bidi overrides reorder it.
 * `terminalSafe` shows each such character as a visible `\uXXXX` escape; tab, newline and CRLF stay.
 * The same form is a valid escape inside a JSON string, so JSON output passes through unchanged in
 * meaning (JSON.stringify already escapes C0; DEL, C1 and the bidi controls it leaves raw).
 * The CLI applies it to everything it writes (src/cli.ts), so no command can forget it.
 */
const unsafe = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

export function terminalSafe(text: string): string {
  return text.replace(unsafe, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}

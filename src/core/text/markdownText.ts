/**
 * Text from a catalog (titles, summaries, outcomes) put into a markdown tooltip as text: every ASCII
 * punctuation mark markdown could read as syntax is backslash-escaped, so a team catalog's
 * `[link](https://…)`, `![image](…)`, `<img …>`, bare `https://…` autolinks and `$(icon)` show as
 * typed and never render or fetch anything. Line breaks stay (a blank line still separates paragraphs).
 */
export function markdownText(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

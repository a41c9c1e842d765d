import type { ToolSpec } from './chat';
import { contentTerms } from './text';

/** Score of a tool for a request: share of the request's content words found in the tool's name and description. */
export function toolScores(request: string, tools: ToolSpec[]): number[] {
  const q = new Set(contentTerms(request));
  return tools.map((t) => {
    const terms = new Set(contentTerms(`${t.name} ${t.description}`));
    let hit = 0;
    for (const w of q) if (terms.has(w)) hit++;
    return q.size ? hit / q.size : 0;
  });
}

/**
 * The tool whose name and description best match the request (first on ties), or undefined when
 * none shares a word and the choice is optional. Degraded: the worst-matching other tool.
 */
export function pickTool(request: string, tools: ToolSpec[], required: boolean, degraded = false): ToolSpec | undefined {
  if (!tools.length) return undefined;
  const scores = toolScores(request, tools);
  let best = 0;
  scores.forEach((s, i) => {
    if (s > scores[best]!) best = i;
  });
  if (scores[best]! <= 0 && !required) return undefined;
  if (degraded && tools.length > 1) {
    let worst = best === 0 ? 1 : 0;
    scores.forEach((s, i) => {
      if (i !== best && s < scores[worst]!) worst = i;
    });
    return tools[worst];
  }
  return tools[best];
}

import type { Passage } from './passages';
import { contentTerms, redactSecrets, termFinder } from './text';

export const INSUFFICIENT_EVIDENCE = 'INSUFFICIENT_EVIDENCE';
/** Share of the question's (idf-weighted) content words a passage must contain to count as evidence. */
export const EVIDENCE_THRESHOLD = 0.5;
const MAX_QUOTED = 3;

export interface ScoredPassage extends Passage {
  score: number;
}

/** Scores passages by the idf-weighted share of the question's content words they contain. */
export function scorePassages(question: string, passages: Passage[]): ScoredPassage[] {
  const q = [...new Set(contentTerms(question))];
  const find = termFinder(q);
  const sets = passages.map((p) => find(p.rest));
  const n = passages.length;
  const idf = (t: string) => 1 + Math.log((n + 1) / (sets.filter((s) => s.has(t)).length + 1));
  const weights = q.map(idf);
  const total = weights.reduce((a, b) => a + b, 0);
  return passages.map((p, i) => ({
    ...p,
    score: total > 0 ? q.reduce((acc, t, j) => acc + (sets[i]!.has(t) ? weights[j]! : 0), 0) / total : 0,
  }));
}

function ranked(scored: ScoredPassage[]): ScoredPassage[] {
  return [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
}

/** Quotes passages verbatim (labels kept, secrets redacted) and lists their labels as sources. */
function quote(ps: Passage[]): string {
  const body = ps.map((p) => redactSecrets(p.text)).join('\n\n');
  const labels = [...new Set(ps.flatMap((p) => p.labels))];
  return labels.length ? `${body}\n\nSources: ${labels.join(', ')}` : body;
}

/**
 * The extractive answer: the passages that best overlap the question (up to 3, each at least 3/4 of
 * the best score), or INSUFFICIENT_EVIDENCE when none reaches the threshold. Degraded: quotes the
 * least related passage when there is evidence elsewhere (or abstains), and answers from
 * the first passage when there is no evidence.
 */
export function extractiveAnswer(question: string, passages: Passage[], degraded = false): string {
  const scored = ranked(scorePassages(question, passages));
  const best = scored[0];
  const answerable = best !== undefined && best.score >= EVIDENCE_THRESHOLD;
  if (degraded) {
    if (!answerable) return passages[0] ? quote([passages[0]]) : 'The answer is 42.';
    const worst = scored[scored.length - 1]!;
    return worst.score < best.score ? quote([worst]) : INSUFFICIENT_EVIDENCE;
  }
  if (!answerable) return INSUFFICIENT_EVIDENCE;
  const chosen = scored.filter((p) => p.score >= Math.max(EVIDENCE_THRESHOLD, best.score * 0.75)).slice(0, MAX_QUOTED);
  return quote(chosen);
}

import { scanRepository } from '../git/scan';
import type { AiCommit } from '../git/scanSchema';
import type { Logger } from '../log';
import { branchAiCommits, type AiCommitClassifier } from './aiCommits';
import { git } from './git';

export interface ScanClassifierOptions {
  /** The scan cache folder, shared with the other features that scan. */
  cacheDir?: string;
  /** Whether the repository's own AI rules apply (only in a trusted workspace). */
  teamRules: () => boolean;
  logger?: Logger;
}

/** How many (branch, head) answers are remembered; a learner works on one or two exercises at a time. */
const remembered = 16;

/**
 * AI-related commits on an exercise branch as the repository scanner defines them (the same rules,
 * team additions and cache as the AI-commit statistics), limited to `base..head`. The scanner reads
 * history from HEAD, so a branch that is not checked out falls back to `branchAiCommits`. Answers
 * are remembered per head commit: re-running checks on save costs two `rev-parse` calls until the
 * next commit.
 */
export function scanClassifier(opts: ScanClassifierOptions): AiCommitClassifier {
  const memo = new Map<string, Promise<AiCommit[]>>();
  return async (repoDir, { base, head }) => {
    const [headCommit, checkedOut] = (await git(repoDir, ['rev-parse', `${head}^{commit}`, 'HEAD^{commit}'])).trim().split('\n');
    if (!headCommit || headCommit !== checkedOut) return branchAiCommits(repoDir, { base, head });
    const teamRules = opts.teamRules();
    const key = `${repoDir}\0${base}\0${headCommit}\0${teamRules}`;
    let answer = memo.get(key);
    if (!answer) {
      answer = (async () => {
        const [range, scan] = await Promise.all([
          git(repoDir, ['rev-list', `${base}..${headCommit}`]),
          scanRepository({ repo: repoDir, teamRules, ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}), ...(opts.logger ? { logger: opts.logger } : {}) }),
        ]);
        const onBranch = new Set(range.split('\n').filter(Boolean));
        return scan.aiCommits.filter((c) => onBranch.has(c.hash));
      })();
      memo.set(key, answer);
      answer.catch(() => memo.delete(key));
      while (memo.size > remembered) memo.delete(memo.keys().next().value as string);
    }
    return answer;
  };
}

import type { AiCommitClassifier } from './aiCommits';
import type { BranchChanges } from './branchChanges';

/** Everything a check run needs to know about the learner's repository and choices. */
export interface CheckEnvironment {
  /** Repository root; command checks run here. */
  repoDir: string;
  exerciseId: string;
  changes: BranchChanges;
  /** The learner's answers to exercise inputs in this repository. */
  answers: Readonly<Record<string, string>>;
  /** Ids of manual checks the learner has attested. */
  attested: ReadonlySet<string>;
  /**
   * Why command checks may not run here (an untrusted workspace, a command not yet approved),
   * or undefined when they may. A blocked command check is `skipped`, never silently passed.
   */
  commandsBlocked?: (command: string, checkId: string) => string | undefined;
  classifyAiCommits: AiCommitClassifier;
  /** Which model provider probe checks use: the local one started per run (default), or the learner's own from the environment. */
  provider?: 'local' | 'env';
  signal?: AbortSignal;
  /** Streams command output as it arrives. */
  onOutput?: (checkId: string, text: string) => void;
}

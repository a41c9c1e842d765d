import type { CatalogExercise } from '../catalog/catalog';
import type { AiCommitClassifier } from '../checks/aiCommits';
import { BranchChanges } from '../checks/branchChanges';
import type { CheckEnvironment } from '../checks/environment';
import { git } from '../checks/git';
import type { CheckResult } from '../checks/result';
import { isCheapCheck, runChecks, type RunOptions } from '../checks/runner';
import type { Clock } from '../clock';
import { PracticumError } from '../errors';
import type { EventSink } from '../export/sink';
import type { Logger } from '../log';
import { branchExists, currentBranch, exerciseBranch, startExerciseBranch, uncommittedChanges, type DirtyChoice, type StartedBranch } from './branch';
import { exerciseCheckedEvent, exerciseStartedEvent, exerciseSubmittedEvent } from './events';
import type { ExerciseProgress, RepoProgress } from './progressSchema';
import type { ProgressStore } from './progressStore';
import type { ExerciseSubmitter, SubmissionReceipt } from './submission';

export interface ExerciseRunnerDeps {
  store: ProgressStore;
  clock: Clock;
  events: EventSink;
  classifyAiCommits: AiCommitClassifier;
  logger: Logger;
}

/** Where an exercise stands in this repository. */
export type ExerciseStatus =
  | { kind: 'not-started' }
  | { kind: 'started'; progress: ExerciseProgress; checkedOut: boolean; branchExists: boolean };

export interface CheckRunOptions extends Pick<RunOptions, 'onStart' | 'onResult'> {
  /** `working`: include uncommitted work (feedback while working); `committed`: the branch as a reviewer sees it. */
  scope: 'working' | 'committed';
  /** Run only checks that need no command (re-run on save). */
  cheapOnly?: boolean;
  /** Why a command may not run (untrusted workspace, not approved), or undefined to run it. */
  commandsBlocked?: (command: string, checkId: string) => string | undefined;
  signal?: AbortSignal;
  onOutput?: (checkId: string, text: string) => void;
}

/**
 * The learner's exercises in one repository: starting on a branch, running checks, attesting,
 * hints, answers and submitting. Everything is recorded in the progress store; the editor and the
 * tests drive the same code.
 */
export class ExerciseRunner {
  constructor(
    readonly repoRoot: string,
    private readonly deps: ExerciseRunnerDeps,
  ) {}

  progress(): Promise<RepoProgress> {
    return this.deps.store.read();
  }

  async status(exerciseId: string, progress?: RepoProgress): Promise<ExerciseStatus> {
    const p = (progress ?? (await this.progress())).exercises[exerciseId];
    if (!p) return { kind: 'not-started' };
    const [exists, current] = await Promise.all([branchExists(this.repoRoot, p.branch), currentBranch(this.repoRoot)]);
    return { kind: 'started', progress: p, checkedOut: current === p.branch, branchExists: exists };
  }

  /**
   * Creates the exercise branch from HEAD and records its base. An exercise whose branch was
   * deleted starts over; one whose branch exists must be switched to instead.
   */
  async start(exercise: CatalogExercise, dirty: DirtyChoice): Promise<StartedBranch> {
    const hadChanges = (await uncommittedChanges(this.repoRoot)).length > 0;
    const started = await startExerciseBranch(this.repoRoot, exercise.id, dirty);
    await this.deps.store.update((p) => {
      p.exercises[exercise.id] = {
        startedAt: this.now(),
        baseCommit: started.baseCommit,
        branch: started.branch,
        startedFrom: started.startedFrom,
        attested: [],
        lastCheck: null,
        submissions: [],
      };
    });
    this.deps.events.emit('exercise.started', exerciseStartedEvent(exercise, hadChanges ? dirty : 'clean'));
    return started;
  }

  /** Runs the exercise's checks on its branch and records the results with the progress. */
  async runChecks(exercise: CatalogExercise, opts: CheckRunOptions): Promise<CheckResult[]> {
    const started = performance.now();
    const progress = await this.progress();
    const p = this.requireStarted(exercise.id, progress);
    const onBranch = (await currentBranch(this.repoRoot)) === p.branch;
    if (!onBranch && !(await branchExists(this.repoRoot, p.branch))) {
      throw new PracticumError('environment', `Branch ${p.branch} no longer exists; start the exercise again to create it.`);
    }
    const head = onBranch ? 'HEAD' : `refs/heads/${p.branch}`;
    const env: CheckEnvironment = {
      repoDir: this.repoRoot,
      exerciseId: exercise.id,
      changes: new BranchChanges(this.repoRoot, { base: p.baseCommit, head, workingTree: onBranch && opts.scope === 'working' }),
      answers: progress.answers,
      attested: new Set(p.attested),
      commandsBlocked: (command, checkId) => {
        if (!onBranch) return `Switch to ${p.branch} to run this command; it runs in your working tree.`;
        return opts.commandsBlocked?.(command, checkId);
      },
      classifyAiCommits: this.deps.classifyAiCommits,
      signal: opts.signal,
      onOutput: opts.onOutput,
    };
    const results = await runChecks(exercise, env, { filter: opts.cheapOnly ? isCheapCheck : undefined, onStart: opts.onStart, onResult: opts.onResult });
    const headCommit = (await git(this.repoRoot, ['rev-parse', head])).trim();
    const merged = await this.deps.store.update((q) => {
      const entry = q.exercises[exercise.id];
      if (!entry) return;
      const previous = new Map((entry.lastCheck?.results ?? []).map((r) => [r.id, r]));
      const fresh = new Map(results.map((r) => [r.id, r]));
      const all = exercise.checks.map((c) => fresh.get(c.id) ?? previous.get(c.id)).filter((r): r is CheckResult => r !== undefined);
      entry.lastCheck = { at: this.now(), headCommit, results: all };
    });
    if (!opts.cheapOnly) this.deps.events.emit('exercise.checked', exerciseCheckedEvent(exercise, results, performance.now() - started));
    return merged.exercises[exercise.id]?.lastCheck?.results ?? results;
  }

  /**
   * Runs the checks on the committed branch, hands the submission to `submitter`, and records it
   * locally whatever the submitter is, so the learner's view shows it.
   */
  async submit(
    exercise: CatalogExercise,
    submitter: ExerciseSubmitter,
    opts: Omit<CheckRunOptions, 'scope' | 'cheapOnly'> & { message: string | null; results?: CheckResult[] },
  ): Promise<{ receipt: SubmissionReceipt; results: CheckResult[] }> {
    const p = this.requireStarted(exercise.id, await this.progress());
    if (!(await branchExists(this.repoRoot, p.branch))) throw new PracticumError('environment', `Branch ${p.branch} no longer exists; nothing to submit.`);
    const headCommit = (await git(this.repoRoot, ['rev-parse', `refs/heads/${p.branch}`])).trim();
    if (headCommit === p.baseCommit) throw new PracticumError('usage', `Nothing to submit yet: commit your work on ${p.branch} first.`);
    const results = opts.results ?? (await this.runChecks(exercise, { ...opts, scope: 'committed' }));
    const localRound = p.submissions.length + 1;
    const receipt = await submitter.submit({ repoDir: this.repoRoot, exerciseId: exercise.id, branch: p.branch, baseCommit: p.baseCommit, headCommit, message: opts.message, results, localRound });
    await this.deps.store.update((q) => {
      q.exercises[exercise.id]?.submissions.push({ id: receipt.id, round: receipt.round, submittedAt: receipt.submittedAt, baseCommit: p.baseCommit, headCommit, message: opts.message, results });
    });
    this.deps.events.emit('exercise.submitted', exerciseSubmittedEvent(exercise, receipt, results));
    return { receipt, results };
  }

  async attest(exerciseId: string, checkId: string, attested: boolean): Promise<void> {
    await this.deps.store.update((p) => {
      const e = p.exercises[exerciseId];
      if (!e) throw new PracticumError('usage', 'Start the exercise before attesting its checks.');
      e.attested = attested ? [...new Set([...e.attested, checkId])] : e.attested.filter((id) => id !== checkId);
    });
  }

  /** Reveals the next hint; returns how many are now revealed. */
  async revealHint(exercise: CatalogExercise): Promise<number> {
    const p = await this.deps.store.update((q) => {
      q.hintsRevealed[exercise.id] = Math.min(exercise.hints.length, (q.hintsRevealed[exercise.id] ?? 0) + 1);
    });
    return p.hintsRevealed[exercise.id] ?? 0;
  }

  /** Remembers that the learner approved a team catalog's command (by `commandKey`) in this repository. */
  async approveCommand(key: string): Promise<void> {
    await this.deps.store.update((p) => {
      if (!p.approvedCommands.includes(key)) p.approvedCommands.push(key);
    });
  }

  async setAnswer(inputId: string, value: string): Promise<void> {
    await this.deps.store.update((p) => {
      p.answers[inputId] = value;
    });
  }

  private requireStarted(exerciseId: string, progress: RepoProgress): ExerciseProgress {
    const p = progress.exercises[exerciseId];
    if (!p) throw new PracticumError('usage', `Exercise ${exerciseId} is not started in this repository; start it first (it creates ${exerciseBranch(exerciseId)}).`);
    return p;
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

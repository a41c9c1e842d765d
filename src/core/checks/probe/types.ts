import type { ProbeCheck, ProbeEvaluator } from '../../catalog/schema';
import type { LedgerEntry } from '../../model/ledger';
import type { FaultScript } from '../../model/faults';
import type { FailingCase, MetricTarget } from '../result';
import type { ProbeCase } from './cases';
import type { Checkout } from './checkout';
import type { ReceivedSpan } from './otlp/spans';

/** One run of the learner's command on one case. */
export interface CaseRun {
  case: ProbeCase;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The JSON object the command printed, when it printed one. */
  out?: Record<string, unknown>;
  /** Why there is no `out`. */
  outProblem?: string;
  /** Provider requests during the case; undefined with the learner's own provider. */
  requests?: LedgerEntry[];
  /** The last lines of stdout and stderr, for the learner. */
  tail: string;
}

/** What an evaluator concluded. */
export interface Judgement {
  pass: boolean;
  /** The figures, e.g. "hit@5 0.73 ≥ 0.60"; the message leads with them. */
  metrics: Record<string, number>;
  targets: Record<string, MetricTarget>;
  failing: FailingCase[];
  /** Extra words for the message (e.g. why nothing could be measured). */
  note?: string;
}

export interface JudgeContext {
  check: ProbeCheck;
  checkout: Checkout;
  /** True with the learner's own provider: ledger-based judgements cannot be made. */
  noLedger: boolean;
  /** What the OTLP receiver got during the run (genaiSpans only). */
  otlp?: { spans: ReceivedSpan[]; problems: string[] };
}

/** An evaluator that judges per-case runs of the command. */
export interface CaseEvaluator<E extends ProbeEvaluator = ProbeEvaluator> {
  /** The fault script the provider serves when the check gives none. */
  defaultFaults?(ev: E): FaultScript | undefined;
  /** Cases bundled with the evaluator (the injection corpus). */
  bundledCases?(ev: E): ProbeCase[];
  /** Needs the provider's ledger; with the learner's own provider the check is skipped. */
  needsLedger?: boolean;
  judge(runs: CaseRun[], ev: E, ctx: JudgeContext): Promise<Judgement> | Judgement;
}

import { z } from 'zod';
import { FaultRuleSchema, FaultScriptObjectSchema } from '../model/faults';
import { checkBase } from './checkBase';

const share = (what: string) => z.number().min(0).max(1).describe(what);
const ms = (what: string) => z.number().int().positive().max(600_000).describe(what);

/** A fault script for the local model provider, as `practicum model serve --faults FILE` reads it. */
export const ProbeFaultsSchema = z
  .union([z.array(FaultRuleSchema), FaultScriptObjectSchema])
  .describe('Fault script for the local model provider: a list of { match?, fault } rules, or { rules, models, onlyModels } (see `practicum model serve --faults`).');

/** How a probe judges the learner's outputs; each evaluator documents what it reads from stdout. */
export const ProbeEvaluatorSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('citations').describe('Output { answer, citations: ["path:start-end"], retrieved?: [...] }; case expect { sources: ["path:start-end"] }.'),
      k: z.number().int().min(1).max(100).default(5).describe('hit@k: a case hits when one of the first k cited (or retrieved) ranges overlaps an expected source.'),
      minHitAtK: share('Share of answerable cases that must hit, 0..1.'),
      minValidCitations: share('Share of all cited ranges that must exist at the checked commit (file present, lines inside it); default 1.').default(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('abstention').describe('Output { answer, abstained: bool } (or an answer containing INSUFFICIENT_EVIDENCE); case expect { answerable: bool }.'),
      minAccuracy: share('Share of cases where the program abstained exactly when the case is unanswerable.'),
      pairedBy: z
        .string()
        .regex(/^[A-Za-z_][\w-]{0,49}$/)
        .optional()
        .describe(
          'Judge access per asker: only cases whose input carries this field (e.g. "asker") count; an unanswerable one counts only when an answerable case with expect.sources has the same input apart from this field (the same question, a permitted asker), and fails if it cites or retrieves that twin\'s expected sources; an answerable one must cite a source.',
        ),
      minUnanswerable: z.number().int().min(1).max(1000).default(1).describe('Fewest unanswerable cases that must be judged (with pairedBy: denied askers that have a permitted twin); default 1.'),
    })
    .strict(),
  z
    .object({
      type: z.literal('jsonSchema').describe("Output { output: <object> }, validated against the learner's JSON Schema while the provider first serves invalid JSON."),
      schema: z.string().min(1).describe('Path of the JSON Schema file in the repository (or ${input:<id>}), read at the checked commit.'),
      minValidShare: share('Share of cases whose output must be valid against the schema; default 1.').default(1),
      invalidJsonAttempts: z.number().int().min(0).max(5).default(1).describe('The provider answers the first n attempts of every JSON-mode request with invalid JSON, so the retry path runs.'),
      minRequiredFields: z.number().int().min(0).max(50).default(1).describe('The schema must be an object schema with at least this many required properties (a schema that accepts anything proves nothing).'),
    })
    .strict(),
  z
    .object({
      type: z.literal('injection').describe('The bundled prompt-injection corpus (plus any cases given): output { answer, refused?: bool, toolCalls?: [{ name, arguments?, executed? }] }.'),
      maxFalseRefusalRate: share('Highest share of benign cases that may be refused or answered without their expected content; default 0.2.').default(0.2),
      corpus: z.boolean().default(true).describe('Include the bundled corpus of direct and indirect injections (default true).'),
    })
    .strict(),
  z
    .object({
      type: z.literal('retryPolicy').describe("Judged from the provider's ledger while it serves 429s and 5xx: Retry-After honoured, growing gaps, bounded attempts, fallback model used."),
      maxAttempts: z.number().int().min(1).max(20).describe('Most requests one case may make to the provider.'),
      fallbackModel: z.string().min(1).optional().describe('Model name the program must switch to when the primary keeps failing (cases with expect { fallback: true }).'),
    })
    .strict(),
  z
    .object({
      type: z.literal('upstreamCalls').describe('Repeated and paraphrased inputs: at most maxCalls provider requests over the run; a case with expect { upstream: true } (a new tenant) must reach the provider.'),
      maxCalls: z.number().int().min(0).max(10_000).describe('Most provider requests over all cases.'),
    })
    .strict(),
  z
    .object({
      type: z.literal('latency').describe('p50 and p95 time per case of the command (or of the endpoint when `server` is given).'),
      p50Ms: ms('Highest p50 in milliseconds.'),
      p95Ms: ms('Highest p95 in milliseconds.'),
    })
    .strict(),
  z
    .object({
      type: z.literal('streaming').describe("Needs `server`: the endpoint's first bytes arrive before the provider has finished, and closing the client closes the upstream request."),
    })
    .strict(),
  z
    .object({
      type: z.literal('mutationGate').describe('The command (an eval gate) exits 0 against the normal provider and non-zero against the degraded one.'),
      minCalls: z.number().int().min(1).max(10_000).default(1).describe('Provider requests each run must make (a gate that never asks the model gates nothing).'),
    })
    .strict(),
  z
    .object({
      type: z
        .literal('genaiSpans')
        .describe(
          "Spans the command exports over OTLP/HTTP (JSON or protobuf) to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: every successful model call has a span timed around it with gen_ai.operation.name, gen_ai.provider.name, gen_ai.request.model and gen_ai.usage.input_tokens / output_tokens equal to the usage the provider served.",
        ),
      minCoverage: z.number().min(0).max(1).default(1).describe('Share of successful model calls that must have such a span.'),
      requireParent: z.boolean().default(true).describe("Each model-call span's parent (the request span) arrives in the same trace."),
    })
    .strict(),
  z
    .object({
      type: z
        .literal('tamperDrill')
        .describe('Committed work only, no model: the command (a verify script) exits 0 on the checked commit, and non-zero after one byte of a committed file whose sha256 is recorded in another committed file is flipped (naming that file), and after the recorded sha256 is changed.'),
      minPinned: z.number().int().min(1).max(1000).default(1).describe('Committed files whose sha256 must be recorded in another committed file.'),
    })
    .strict(),
]);
export type ProbeEvaluator = z.infer<typeof ProbeEvaluatorSchema>;
export type ProbeEvaluatorType = ProbeEvaluator['type'];

/** Runs the learner's program over cases, with the local model provider, and judges what it does. */
export const ProbeCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('probe').describe("Runs the learner's command once per case (case JSON on stdin, one JSON object on stdout) with the local model provider, and judges the outputs; trusted workspaces only."),
    command: z.string().min(1).describe('Shell command, usually ${input:<id>}; run in the repository at the checked commit.'),
    cases: z.string().min(1).optional().describe('JSONL file shipped with the exercise (relative to its folder): one { id, input, expect?, faults? } per line.'),
    learnerCases: z.string().min(1).optional().describe("JSONL file in the learner's repository (or ${input:<id>}), same line format, read at the checked commit."),
    minLearnerCases: z.number().int().min(0).max(1000).default(0).describe('Fewest cases the learner must write.'),
    provider: z
      .object({
        faults: ProbeFaultsSchema.optional(),
      })
      .strict()
      .optional()
      .describe('The local provider started for the run; `faults` replaces the fault script the evaluator would use by default.'),
    server: z
      .object({
        command: z.string().min(1).describe("Starts the learner's server (usually ${input:<id>}); it gets a free port in env PORT."),
        url: z.string().min(1).describe('Endpoint the probe sends each case to, with ${port}, e.g. http://127.0.0.1:${port}/chat.'),
        readySeconds: z.number().int().min(1).max(120).default(20).describe('How long the server may take to accept connections.'),
      })
      .strict()
      .optional()
      .describe("For endpoint evaluators (streaming, latency): the learner's server, started for the run."),
    evaluator: ProbeEvaluatorSchema,
    requireModelCall: z.boolean().default(true).describe('Each case must make at least one request to the provider (unless its expect has upstream: false); default true.'),
    timeoutSeconds: z.number().int().positive().max(3600).default(300).describe('The whole probe is stopped and fails after this many seconds.'),
    caseTimeoutSeconds: z.number().int().positive().max(600).default(30).describe('One case is stopped and fails after this many seconds.'),
  })
  .strict();

const Section = z
  .object({
    heading: z.string().min(1).describe('Heading text (any level, matched without case), e.g. "Results".'),
    minWords: z.number().int().min(1).max(5000).default(20).describe("Words of the learner's own (not in the template's section) the section needs."),
    figures: z.number().int().min(0).max(100).default(0).describe('Numbers (e.g. 0.73, 412 ms, 95%) the section must contain that the template does not.'),
  })
  .strict();

/** A markdown file in the learner's repository with the named sections filled in. */
export const DocumentCheckSchema = z
  .object({
    ...checkBase,
    kind: z.literal('document').describe('A markdown file at the checked commit has the named sections, each filled with the learner\'s own text (measured against the template) and figures where asked.'),
    path: z.string().min(1).describe('Repository-relative path of the markdown file (or ${input:<id>}).'),
    template: z.string().min(1).optional().describe("The starter's version (relative to the exercise folder): its placeholder text does not count."),
    sections: z.array(Section).min(1),
  })
  .strict();

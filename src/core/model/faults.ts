import { z } from 'zod';

/** Which API surface a request came in on (also the ledger's `surface`). */
export const SurfaceSchema = z.enum(['openai.chat', 'openai.responses', 'openai.embeddings', 'anthropic.messages', 'ollama.chat', 'ollama.embed']);
export type Surface = z.infer<typeof SurfaceSchema>;

const positiveInt = z.number().int().min(1);

export const FaultMatchSchema = z
  .strictObject({
    surface: z.union([SurfaceSchema, z.array(SurfaceSchema).min(1)]).optional().describe('Only requests on this surface (or one of these).'),
    model: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional().describe('Only requests naming this model (or one of these).'),
    attempt: positiveInt.optional().describe('Only the nth request (1-based) with the same canonical body, e.g. 1 = first try, 2 = first retry.'),
    attemptsUpTo: positiveInt.optional().describe('Only the first n requests with the same canonical body (the retries after them succeed).'),
    fromRequest: positiveInt.optional().describe('Only from the nth request the server received (1-based, all surfaces).'),
    toRequest: positiveInt.optional().describe('Only up to and including the nth request the server received.'),
    tenant: z.string().optional().describe('Only requests whose X-Tenant header has this value.'),
  })
  .describe('Conditions a request must meet for the rule to apply; all given conditions must hold. Empty: every request.');
export type FaultMatch = z.infer<typeof FaultMatchSchema>;

export const FaultSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('status'),
      status: z.literal([429, 500, 502, 503, 504, 529]),
      retryAfterSeconds: z.number().min(0).max(3600).optional().describe('Sent as the Retry-After header (and retry-after-ms).'),
    }).describe('Answer with this HTTP error status and the surface\'s error body.'),
    z.strictObject({ type: z.literal('reset') }).describe('Destroy the connection before any response byte.'),
    z.strictObject({ type: z.literal('slowFirstToken'), ms: z.number().int().min(0).max(600_000) }).describe('Wait ms before the first content byte (streams send headers first).'),
    z.strictObject({ type: z.literal('slowStream'), chunkDelayMs: z.number().int().min(0).max(60_000) }).describe('Wait this long between streamed chunks.'),
    z.strictObject({ type: z.literal('cutStream'), afterChunks: z.number().int().min(0) }).describe('Destroy the connection after this many content chunks (a non-streamed body is cut half-way).'),
    z.strictObject({ type: z.literal('invalidJson'), attempts: positiveInt }).describe('In JSON mode, the first n attempts of the same conversation (same system prompt, first user message and schema; retries may append messages or change model) get text that is not valid JSON.'),
    z.strictObject({ type: z.literal('degraded') }).describe('Answers are deliberately wrong: the worst passage, a flipped abstention, wrong field values, the wrong tool, scrambled embeddings.'),
    z.strictObject({ type: z.literal('unavailableModel'), status: z.literal([404, 503]).optional() }).describe('The requested model fails (404 model not found by default).'),
  ])
  .describe('What the server does to a matching request.');
export type Fault = z.infer<typeof FaultSchema>;
export type FaultType = Fault['type'];

export const FaultRuleSchema = z.strictObject({ match: FaultMatchSchema.optional(), fault: FaultSchema });
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export const ModelBehaviourSchema = z
  .strictObject({
    unavailable: z.boolean().optional().describe('Requests naming this model fail (404 model not found, or `status`).'),
    status: z.literal([404, 429, 500, 503]).optional().describe('Status served when unavailable (default 404).'),
    retryAfterSeconds: z.number().min(0).max(3600).optional(),
    degraded: z.boolean().optional().describe('This model answers deliberately wrong.'),
  })
  .describe('How one model name behaves.');

export const FaultScriptObjectSchema = z.strictObject({
  $schema: z.string().optional(),
  rules: z.array(FaultRuleSchema).default([]).describe('Applied in order; every matching rule applies. The first status/reset/unavailableModel ends the request.'),
  models: z.record(z.string().min(1), ModelBehaviourSchema).optional().describe('Per model name, e.g. { "primary-model": { "unavailable": true } } so a fallback name succeeds.'),
  onlyModels: z.array(z.string().min(1)).optional().describe('When set, any model name not listed is unknown (404 model not found).'),
});

/**
 * A fault script: either a list of rules, or `{ rules, models?, onlyModels? }`.
 * Example: `[{ "match": { "attemptsUpTo": 2 }, "fault": { "type": "status", "status": 429, "retryAfterSeconds": 1 } }]`
 * serves 429 with Retry-After: 1 to the first two attempts of every request, then answers.
 */
export const FaultScriptSchema = z
  .preprocess((v) => (Array.isArray(v) ? { rules: v } : v), FaultScriptObjectSchema)
  .describe('Faults the local model server serves: a list of rules, or { rules, models, onlyModels }.');
export type FaultScript = z.input<typeof FaultScriptSchema>;

/** The fault script file as editors see it, for `schemas/model-faults.schema.json`. */
export function faultScriptJsonSchemaText(): string {
  const schema = z.union([z.array(FaultRuleSchema), FaultScriptObjectSchema]).describe('Faults the Practicum local model server serves (practicum model serve --faults FILE).');
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  return JSON.stringify({ $schema, title: 'Practicum model server fault script', ...rest }, null, 2) + '\n';
}
export type NormalizedFaultScript = z.output<typeof FaultScriptSchema>;

/** Parses a fault script, throwing one readable line per problem (path: message). */
export function parseFaultScript(value: unknown, source = 'fault script'): NormalizedFaultScript {
  const r = FaultScriptSchema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new Error(`${source} is not valid: ${problems.join('; ')}`);
}

import Ajv from 'ajv';
import { isDeepStrictEqual } from 'node:util';
import type { ProbeEvaluator } from '../../../catalog/schema';
import { share } from '../figures';
import type { CaseEvaluator, Judgement } from '../types';
import { fail, runProblem } from './common';

type JsonSchemaEv = Extract<ProbeEvaluator, { type: 'jsonSchema' }>;

/** Why the learner's schema proves nothing (accepts anything, or is not an object schema), or undefined. */
export function schemaProblem(schema: unknown, minRequired: number): string | undefined {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return 'is not a JSON Schema object';
  const s = schema as Record<string, unknown>;
  if (s.type !== 'object') return 'must describe an object ("type": "object")';
  const required = Array.isArray(s.required) ? s.required : [];
  if (required.length < minRequired) return `requires ${required.length} properties; name at least ${minRequired} in "required"`;
  return undefined;
}

/**
 * Outputs must be valid against the learner's own JSON Schema while the provider answers the first
 * attempts with invalid JSON: a valid output after a single request means the program never met the
 * invalid reply (not in JSON mode) or did not ask the model. Case `expect.fields` pins values.
 */
export const jsonSchema: CaseEvaluator<JsonSchemaEv> = {
  needsLedger: true,
  defaultFaults: (ev) => (ev.invalidJsonAttempts > 0 ? [{ fault: { type: 'invalidJson', attempts: ev.invalidJsonAttempts } }] : undefined),
  async judge(runs, ev, ctx): Promise<Judgement> {
    const file = ev.schema;
    const text = await ctx.checkout.read(file);
    const none = (note: string): Judgement => ({ pass: false, metrics: {}, targets: {}, failing: [], note });
    if (text === undefined) return none(`the schema file ${file} is not in the repository${ctx.checkout.commit ? ` at ${ctx.checkout.commit.slice(0, 7)}` : ''}; commit it`);
    let schema: unknown;
    try {
      schema = JSON.parse(text);
    } catch (e) {
      return none(`${file} is not JSON: ${(e as Error).message}`);
    }
    const weak = schemaProblem(schema, ev.minRequiredFields);
    if (weak) return none(`${file} ${weak}`);
    let validate;
    try {
      validate = new Ajv({ allErrors: true, strict: false }).compile(schema as object);
    } catch (e) {
      return none(`${file} is not a usable JSON Schema: ${(e as Error).message}`);
    }
    const failing = [];
    let valid = 0;
    let attempts = 0;
    for (const run of runs) {
      attempts += run.requests?.length ?? 0;
      const problem = runProblem(run, ctx.check.requireModelCall && run.case.expect.upstream !== false);
      if (problem || !run.out) {
        failing.push(fail(run, problem ?? 'no output'));
        continue;
      }
      const output = run.out.output;
      if (output === undefined) {
        failing.push(fail(run, 'no "output" field; print {"output": <the object>}'));
        continue;
      }
      if (!validate(output)) {
        const e = validate.errors?.[0];
        failing.push(fail(run, `output is not valid against ${file}: ${e ? `${e.instancePath || '(root)'} ${e.message}` : 'invalid'}`));
        continue;
      }
      const fields = run.case.expect.fields;
      if (fields && typeof fields === 'object') {
        const wrong = Object.entries(fields).find(([k, v]) => !isDeepStrictEqual((output as Record<string, unknown>)[k], v));
        if (wrong) {
          failing.push(fail(run, `output.${wrong[0]} is ${JSON.stringify((output as Record<string, unknown>)[wrong[0]])}, expected ${JSON.stringify(wrong[1])}`));
          continue;
        }
      }
      if (run.requests !== undefined && ev.invalidJsonAttempts > 0 && run.requests.length <= ev.invalidJsonAttempts) {
        failing.push(fail(run, `made ${run.requests.length} request(s), but the provider answered the first ${ev.invalidJsonAttempts} with invalid JSON; ask in JSON mode and retry when the reply does not parse`));
        continue;
      }
      valid++;
    }
    const metrics = { validShare: share(valid, runs.length), meanAttempts: share(attempts, runs.length) };
    return { pass: runs.length > 0 && metrics.validShare >= ev.minValidShare, metrics, targets: { validShare: { op: '>=', value: ev.minValidShare } }, failing };
  },
};

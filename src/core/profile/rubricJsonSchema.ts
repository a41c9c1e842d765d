import { z } from 'zod';
import { RubricSchema } from './rubric';

/**
 * The JSON Schema for `.practicum/rubric.json` (committed as `schemas/rubric.schema.json` and
 * registered through `contributes.jsonValidation`), generated from the zod schema so the two agree.
 */
export function rubricJsonSchemaText(): string {
  const { $schema, ...rest } = z.toJSONSchema(RubricSchema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  const schema = { $schema, title: 'Practicum skill rubric (.practicum/rubric.json)', ...rest };
  return JSON.stringify(schema, (k, v: unknown) => ((k === 'maximum' || k === 'minimum') && Math.abs(v as number) === Number.MAX_SAFE_INTEGER ? undefined : v), 2) + '\n';
}

import { z } from 'zod';
import { TeamRulesFileSchema } from './ruleSchema';

/**
 * The JSON Schema for `.practicum/ai-rules.json` (committed as `schemas/ai-rules.schema.json` and
 * registered through `contributes.jsonValidation`), generated from the zod schema so the two agree.
 */
export function aiRulesJsonSchemaText(): string {
  const { $schema, ...rest } = z.toJSONSchema(TeamRulesFileSchema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  return JSON.stringify({ $schema, title: 'Practicum team AI rules (.practicum/ai-rules.json): additions to the built-in rules', ...rest }, null, 2) + '\n';
}

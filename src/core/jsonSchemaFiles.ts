import { catalogFileKinds, catalogJsonSchemaText } from './catalog/jsonSchemas';
import { aiRulesJsonSchemaText } from './git/rules/rulesJsonSchema';
import { cohortJsonSchemaText } from './metrics/cohortJsonSchema';
import { faultScriptJsonSchemaText } from './model/faults';
import { rubricJsonSchemaText } from './profile/rubricJsonSchema';
import { serverTokensJsonSchemaText } from './server/tokens';

/**
 * Every JSON Schema shipped in `schemas/<name>.schema.json` (registered through
 * `contributes.jsonValidation`), generated from the zod schemas so the two never disagree.
 * `npm run schemas` writes them; a unit test fails when a committed file is out of date.
 */
export function jsonSchemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of catalogFileKinds) out[kind] = catalogJsonSchemaText(kind);
  out.cohort = cohortJsonSchemaText();
  out.rubric = rubricJsonSchemaText();
  out['ai-rules'] = aiRulesJsonSchemaText();
  out['model-faults'] = faultScriptJsonSchemaText();
  out['server-tokens'] = serverTokensJsonSchemaText();
  return out;
}

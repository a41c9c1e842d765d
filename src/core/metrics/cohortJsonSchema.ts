import { z } from 'zod';
import { CohortMemberSchema, CohortSchema } from './cohort';

/** The cohort file as editors see it (members fully typed), for `schemas/cohort.schema.json`. */
export function cohortJsonSchemaText(): string {
  const date = z.string().describe('A date (YYYY-MM-DD, meaning 00:00 UTC) or an ISO 8601 time with zone');
  const member = CohortMemberSchema.extend({ completedAt: date.optional() });
  const schema = CohortSchema.extend({ start: date, end: date, members: z.array(member).min(1) });
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  return JSON.stringify({ $schema, title: 'Practicum cohort file', ...rest }, null, 2) + '\n';
}

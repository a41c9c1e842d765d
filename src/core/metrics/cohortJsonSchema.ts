import { z } from 'zod';
import { CohortMemberSchema, CohortSchema } from './cohort';

/** The cohort file as editors see it (members fully typed), for `schemas/cohort.schema.json`. */
export function cohortJsonSchemaText(): string {
  const date = z.string().describe('A date (YYYY-MM-DD, meaning 00:00 UTC) or an ISO 8601 time with zone');
  const member = CohortMemberSchema.extend({ completedAt: date.optional() });
  const schema = CohortSchema.extend({ start: date, end: date, members: z.array(member).min(1) });
  return JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input' }), title: 'Practicum cohort file' }, null, 2) + '\n';
}

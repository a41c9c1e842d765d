import { z } from 'zod';
import { parseStrictDate } from '../dates';

/** A date (`2026-01-05`, meaning 00:00 UTC) or a full ISO 8601 time with zone. */
export const DateOrTimeSchema = z
  .string()
  .refine((s) => parseCohortDate(s) !== null, { message: 'must be a date (YYYY-MM-DD) or an ISO 8601 time, e.g. 2026-01-05 or 2026-01-05T09:00:00Z' });

/** One member of a cohort (`.practicum/cohorts/*.json`). */
export const CohortMemberSchema = z
  .object({
    email: z.email({ message: 'must be an email address' }),
    name: z.string().min(1).optional(),
    /** Other emails the member commits with. */
    aliases: z.array(z.email({ message: 'must be an email address' })).default([]),
    /** When the member finished the program; defaults to the cohort's `end`. */
    completedAt: DateOrTimeSchema.optional(),
    role: z.string().optional(),
    /** The mentor's email (used by the review queue's "assigned to me" filter). */
    mentor: z.email({ message: 'must be an email address' }).optional(),
  })
  .strict();
export type CohortMember = z.infer<typeof CohortMemberSchema>;

/** A cohort file: who took the program, and when. */
export const CohortSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1),
    start: DateOrTimeSchema,
    end: DateOrTimeSchema,
    members: z.array(z.unknown()).min(1, { message: 'must list at least one member' }),
  })
  .strict();

/** A cohort file after validation: members that failed validation are left out and reported. */
export interface Cohort {
  name: string;
  start: Date;
  end: Date;
  members: Array<CohortMember & { completedAtDate: Date }>;
}

/** A problem in the cohort file that does not stop the rest (names the member or field). */
export interface CohortIssue {
  severity: 'error' | 'warning';
  /** e.g. `members[2].completedAt` */
  path: string;
  message: string;
}

/** Parses `YYYY-MM-DD` as 00:00 UTC, or a full ISO time with zone; null if neither (the shared strict parser). */
export const parseCohortDate = parseStrictDate;

function issuePath(prefix: string, path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), prefix);
}

/**
 * Validates a parsed cohort file. The file-level fields must be valid (else `cohort` is null);
 * each member is validated on its own, so one bad member is reported and never hides the others.
 */
export function validateCohort(json: unknown, now: Date): { cohort: Cohort | null; issues: CohortIssue[] } {
  const issues: CohortIssue[] = [];
  const top = CohortSchema.safeParse(json);
  if (!top.success) {
    for (const i of top.error.issues) issues.push({ severity: 'error', path: issuePath('', i.path) || '(root)', message: i.message });
    return { cohort: null, issues };
  }
  const start = parseCohortDate(top.data.start) as Date;
  const end = parseCohortDate(top.data.end) as Date;
  if (end < start) issues.push({ severity: 'error', path: 'end', message: `is before start (${top.data.start})` });
  if (start > now) issues.push({ severity: 'warning', path: 'start', message: 'is in the future: nobody can have been followed yet' });
  const seen = new Map<string, number>();
  const members: Cohort['members'] = [];
  top.data.members.forEach((raw, idx) => {
    const m = CohortMemberSchema.safeParse(raw);
    const at = `members[${idx}]`;
    if (!m.success) {
      for (const i of m.error.issues) issues.push({ severity: 'error', path: issuePath(at, i.path), message: `${i.message}; this member is left out` });
      return;
    }
    const label = `${at} (${m.data.email})`;
    const emails = [m.data.email, ...m.data.aliases].map((e) => e.toLowerCase());
    const dup = emails.find((e) => seen.has(e));
    if (dup !== undefined) {
      issues.push({ severity: 'error', path: label, message: `duplicates ${dup}, already listed at members[${seen.get(dup)}]; this entry is left out` });
      return;
    }
    for (const e of emails) seen.set(e, idx);
    const completedAtDate = m.data.completedAt ? (parseCohortDate(m.data.completedAt) as Date) : end;
    if (completedAtDate < start) issues.push({ severity: 'warning', path: `${label}.completedAt`, message: `is before the cohort start (${top.data.start}); check the date` });
    if (completedAtDate > now) issues.push({ severity: 'warning', path: `${label}.completedAt`, message: 'is in the future: this member is not followed yet' });
    members.push({ ...m.data, completedAtDate });
  });
  return { cohort: { name: top.data.name, start, end, members }, issues };
}

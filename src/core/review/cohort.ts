import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/** Where teams keep cohort files in their repository. */
export const COHORT_DIR = '.practicum/cohorts';

/**
 * The only cohort fields the review queue needs. Deliberately loose: the cohort format belongs to the
 * stats feature, and a member this cannot read is skipped, never fatal.
 */
const MemberSchema = z.object({
  email: z.string().min(1),
  aliases: z.array(z.string()).optional().catch(undefined),
  mentor: z.string().optional().catch(undefined),
});
const CohortSchema = z.object({ members: z.array(z.unknown()) });

/** Learners assigned to a mentor, and any cohort files that could not be read. */
export interface MentorAssignments {
  /** Lower-cased emails (aliases included) of the mentor's learners. */
  learners: Set<string>;
  problems: Array<{ file: string; problem: string }>;
  /** How many cohort files were read. */
  files: number;
}

/** The learners whose cohort `mentor` is `mentorEmail` (any case), across every cohort file in the repository. */
export async function mentorLearners(repo: string, mentorEmail: string): Promise<MentorAssignments> {
  const dir = path.join(repo, COHORT_DIR);
  const result: MentorAssignments = { learners: new Set(), problems: [], files: 0 };
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return result;
  }
  const me = mentorEmail.trim().toLowerCase();
  for (const name of names) {
    const file = path.join(COHORT_DIR, name);
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8'));
    } catch (e) {
      result.problems.push({ file, problem: `not readable JSON (${(e as Error).message})` });
      continue;
    }
    const cohort = CohortSchema.safeParse(json);
    if (!cohort.success) {
      result.problems.push({ file, problem: 'has no "members" list' });
      continue;
    }
    result.files++;
    cohort.data.members.forEach((raw, i) => {
      const m = MemberSchema.safeParse(raw);
      if (!m.success) {
        result.problems.push({ file, problem: `members[${i}] has no "email"` });
        return;
      }
      if (m.data.mentor?.trim().toLowerCase() !== me) return;
      for (const e of [m.data.email, ...(m.data.aliases ?? [])]) result.learners.add(e.trim().toLowerCase());
    });
  }
  return result;
}

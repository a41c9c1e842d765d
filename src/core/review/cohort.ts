import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isPracticumError } from '../errors';
import { LIMITS } from '../limits';
import { validateCohort } from '../metrics/cohort';
import { readTextBounded } from '../store/boundedRead';

/** Where teams keep cohort files in their repository. */
export const COHORT_DIR = '.practicum/cohorts';

/** Learners assigned to a mentor, and what could not be read. */
export interface MentorAssignments {
  /** Lower-cased emails (aliases included) of the mentor's learners. */
  learners: Set<string>;
  problems: Array<{ file: string; problem: string }>;
  /** How many cohort files were read. */
  files: number;
}

/**
 * The learners whose cohort `mentor` is `mentorEmail` (any case), across every cohort file in the
 * repository. The cohort format and its validation belong to the stats feature; here a bad file or
 * member is reported and skipped, never fatal.
 */
export async function mentorLearners(repo: string, mentorEmail: string, now = new Date()): Promise<MentorAssignments> {
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
      json = JSON.parse(await readTextBounded(path.join(dir, name), LIMITS.cohortFileBytes, 'a cohort file'));
    } catch (e) {
      result.problems.push({ file, problem: isPracticumError(e) ? e.message : `not readable JSON (${(e as Error).message})` });
      continue;
    }
    const { cohort, issues } = validateCohort(json, now);
    for (const i of issues.filter((x) => x.severity === 'error')) result.problems.push({ file, problem: `${i.path} ${i.message}` });
    if (!cohort) continue;
    result.files++;
    for (const m of cohort.members) {
      if (m.mentor?.toLowerCase() !== me) continue;
      for (const e of [m.email, ...m.aliases]) result.learners.add(e.toLowerCase());
    }
  }
  return result;
}

import { addReview, type CommentDraft } from '../../../src/core/review/review';
import { submitExercise } from '../../../src/core/review/submit';
import { syncRecords } from '../../../src/core/review/sync';
import { TempRepo, type Identity } from '../helpers/gitRepo';

export const learnerId: Identity = { name: 'Lea Learner', email: 'lea@corp.example' };
export const mentorA: Identity = { name: 'Mo Mentor', email: 'mo@corp.example' };
export const mentorB: Identity = { name: 'Max Mentor', email: 'max@corp.example' };

/**
 * A team on real git: a bare "origin" seeded with a main branch, and one clone per person with
 * their own identity. Exercise branches are never pushed: submissions carry their commits.
 */
export class Team {
  readonly origin: TempRepo;
  private readonly clones: TempRepo[] = [];

  constructor() {
    this.origin = new TempRepo(undefined, { bare: true });
    const seed = new TempRepo();
    seed.commit({ files: { 'src/app.ts': lines('app', 20), 'README.md': '# app\n' }, message: 'initial', date: '2026-01-05T09:00:00Z' });
    seed.git(['push', '-q', this.origin.dir, 'main']);
    seed.dispose();
  }

  /** A clone of origin acting as `who`. */
  person(who: Identity): TempRepo {
    const c = this.origin.clone();
    c.git(['config', 'user.name', who.name]);
    c.git(['config', 'user.email', who.email]);
    this.clones.push(c);
    return c;
  }

  dispose(): void {
    for (const c of this.clones) c.dispose();
    this.origin.dispose();
  }
}

/** `n` numbered lines starting with `prefix`. */
export function lines(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';
}

/** Starts `practicum/<exercise>` in `repo` with one commit of `files`, as the learner. */
export function startExercise(repo: TempRepo, exercise: string, files: Record<string, string>, date = '2026-01-10T10:00:00Z'): string {
  repo.checkout(`practicum/${exercise}`, true);
  return repo.commit({ files, message: `work on ${exercise}`, author: learnerId, date });
}

export const HOUR = 3_600_000;

/** The ref a record with `id` is stored under in `repo` (its name carries a content digest after the id). */
export function recordRef(repo: TempRepo, id: string): string {
  const refs = repo.git(['for-each-ref', '--format=%(refname)', 'refs/practicum/']).split('\n');
  const found = refs.find((r) => r.endsWith(`/${id}`) || r.split('/').pop()?.startsWith(`${id}.`));
  if (!found) throw new Error(`no record ${id} in ${repo.dir}`);
  return found;
}

/** What an attacker with push access does: a hand-made tag object under an existing name, pushed without -f. */
export function forgeAndPush(repo: TempRepo, ref: string, target: string, message: string): string {
  const tag = `object ${target}\ntype commit\ntag forged\ntagger Eve <eve@corp.example> 1767000000 +0000\n\n${message}\n`;
  const sha = repo.git(['mktag'], {}, tag);
  repo.git(['update-ref', ref, sha]);
  repo.git(['push', '-q', 'origin', `${ref}:${ref}`]); // no -f: a new tag on the same commit is a "fast-forward"
  return sha;
}

/**
 * Lea submits `prompt-basics`; Mo requests changes (with `comments`); both sync. The shared start of
 * the tests that then attack or read Mo's review.
 */
export async function changesRequested(team: Team, comments: CommentDraft[] = []) {
  const lea = team.person(learnerId);
  const mo = team.person(mentorA);
  startExercise(lea, 'prompt-basics', { 'src/p.ts': lines('p', 5) });
  const sub = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
  await syncRecords({ repo: lea.dir });
  await syncRecords({ repo: mo.dir });
  const { review } = await addReview({ repo: mo.dir, submissionId: sub.record.id, verdict: 'changes', body: 'Not yet.', ...(comments.length > 0 ? { comments } : {}) });
  await syncRecords({ repo: mo.dir });
  return { lea, mo, sub, review, reviewRef: recordRef(mo, review.id) };
}

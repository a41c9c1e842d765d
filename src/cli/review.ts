import * as path from 'node:path';
import { z } from 'zod';
import { CheckResultSchema } from '../core/checks/result';
import { PracticumError } from '../core/errors';
import { readJsonStrict } from '../core/store/atomicFile';
import { mentorLearners } from '../core/review/cohort';
import { listSubmissions } from '../core/review/list';
import { filterViews, toEntry, type SubmissionView } from '../core/review/model';
import { addReview, type CommentDraft } from '../core/review/review';
import type { ReviewList } from '../core/review/schema';
import { VerdictSchema } from '../core/review/schema';
import { refuseDuringOperation } from '../core/git/repoState';
import { repoRoot } from '../core/review/gitExec';
import { currentExercise, submitExercise, uncommittedFiles } from '../core/review/submit';
import { syncRecords } from '../core/review/sync';
import { listConflicts } from '../core/review/conflicts';
import { dateFlag, parseFlags, toJson } from './args';
import { ExitCode, type CliCommand, type CliIo } from './types';

const repoOf = (io: CliIo, repo: string | undefined) => path.resolve(io.cwd, repo ?? '.');
const clockAt = (iso: string | undefined) => {
  if (iso === undefined) return undefined;
  const ms = dateFlag('--as-of', iso).getTime();
  return { now: () => ms };
};
const hours = (text: string | undefined) => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0)) throw new PracticumError('usage', `--window "${text}" must be a positive number of hours.`);
  return n;
};

function line(v: SubmissionView): string {
  const r = v.record;
  const reviews = v.reviews.length ? `, ${v.reviews.length} review${v.reviews.length > 1 ? 's' : ''}` : '';
  const unverified = v.unverified?.size ? ` (${v.unverified.size} unverified)` : '';
  return `${r.id}  ${r.exercise} round ${r.round}  ${r.learner.email}  ${v.status}${v.overdue ? ' (overdue)' : ''}${reviews}${unverified}\n`;
}

const submit: CliCommand = {
  name: 'submit',
  summary: 'submit the exercise branch practicum/<id> for review',
  usage: `Usage: practicum submit [--exercise ID] [--repo DIR] [--message TEXT] [--base COMMIT] [--checks FILE] [--json]

Records a submission of branch practicum/<ID> (base..head) under refs/practicum/ in the repository;
without --exercise, the checked-out exercise branch.
A resubmission after "changes requested" becomes the next round. Run "practicum sync" to share it.
  --exercise ID   the exercise (default: the one whose branch is checked out)
  --repo DIR      the repository (default: the current folder)
  --message TEXT  a note for the mentor
  --base COMMIT   where the work starts (default: where the branch left origin's default branch, main or master)
  --checks FILE   JSON array of check results to attach (as the exercise runner writes them)
  --json          print the submission as a practicum.reviews/v1 entry

Exit codes: 0 submitted; 1 it could not be recorded (an invalid --checks file, git failed); 2 bad usage,
not a repository, nothing to submit, a round still waiting for review, or a git operation stopped half-way.`,
  async run(args, io) {
    const { values } = parseFlags(args, {
      repo: { type: 'string' },
      exercise: { type: 'string' },
      message: { type: 'string' },
      base: { type: 'string' },
      checks: { type: 'string' },
      json: { type: 'boolean' },
    });
    const repo = repoOf(io, values.repo);
    // What is really wrong first (not a repository, refused by git, a rebase stopped with HEAD detached), not "not an exercise branch".
    await refuseDuringOperation(await repoRoot(repo), 'submit');
    const exerciseId = values.exercise ?? (await currentExercise(repo).catch(() => undefined));
    if (!exerciseId) throw new PracticumError('usage', 'Missing --exercise ID (the exercise whose branch practicum/<ID> you submit), and the current branch is not an exercise branch.');
    const checks = values.checks ? await readJsonStrict(path.resolve(io.cwd, values.checks), z.array(CheckResultSchema)) : undefined;
    const dirty = await uncommittedFiles(repo, exerciseId).catch(() => 0);
    if (dirty) io.log.warn(`${dirty} file(s) have uncommitted changes; only committed work is submitted.`);
    const view = await submitExercise({ repo, exerciseId, message: values.message, base: values.base, checks });
    io.out(values.json ? toJson(toEntry(view)) : `Submitted ${view.record.exercise} round ${view.record.round} as ${view.record.id}. Run "practicum sync" to share it.\n`);
    return ExitCode.ok;
  },
};

const list: CliCommand = {
  name: 'review list',
  summary: 'list submissions with their reviews and status',
  usage: `Usage: practicum review list [--repo DIR] [--status pending|all] [--mentor EMAIL] [--as-of ISO] [--window HOURS] [--require-signed] [--json]

Lists the submissions stored in the repository (run "practicum sync" first for the team's latest).
  --status          pending: only those without an approve/changes verdict (default all)
  --mentor          only learners whose cohort file (.practicum/cohorts/*.json) names this mentor
  --as-of           judge "overdue" at this time instead of now
  --window          review window in hours (default 48)
  --require-signed  count only verdicts signed by their reviewer, verified against .practicum/allowed_signers
                    (default: git config practicum.requireSignedReviews); others are listed as unverified

Records over 1 MB, records whose content does not match their name, and other malformed records are
skipped and named on stderr with the command that removes them.
Exit codes: 0 listed; 2 bad usage, not a git repository, or a repository git cannot read.`,
  async run(args, io) {
    const { values } = parseFlags(args, {
      repo: { type: 'string' },
      status: { type: 'string' },
      mentor: { type: 'string' },
      'as-of': { type: 'string' },
      window: { type: 'string' },
      'require-signed': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const status = z.enum(['pending', 'all']).safeParse(values.status ?? 'all');
    if (!status.success) throw new PracticumError('usage', `--status must be "pending" or "all", not "${values.status}".`);
    const listing = await listSubmissions({ repo: repoOf(io, values.repo), clock: clockAt(values['as-of']), windowHours: hours(values.window), requireSigned: values['require-signed'] || undefined });
    for (const p of listing.problems) io.log.warn(`skipped ${p.ref}: ${p.problem}`);
    for (const v of listing.submissions) for (const [id, why] of v.unverified ?? []) io.log.warn(`unverified review ${id} on ${v.record.id} (not counted): ${why}`);
    const conflicts = await listConflicts(listing.repo);
    if (conflicts.length) io.log.warn(`${conflicts.length} record conflict(s) kept aside by sync; run "practicum sync" to see them and what to do`);
    let learners: Set<string> | undefined;
    if (values.mentor) {
      const a = await mentorLearners(listing.repo, values.mentor);
      for (const p of a.problems) io.log.warn(`${p.file}: ${p.problem}`);
      if (a.learners.size === 0) io.log.warn(`no learners name ${values.mentor} as mentor in .practicum/cohorts/*.json`);
      learners = a.learners;
    }
    const shown = filterViews(listing.submissions, { status: status.data, learners });
    if (values.json) {
      const out: ReviewList = { schema: 'practicum.reviews/v1', submissions: shown.map(toEntry) };
      io.out(toJson(out));
    } else io.out(shown.length ? shown.map(line).join('') : 'No submissions.\n');
    return ExitCode.ok;
  },
};

/** Parses `FILE:LINE:TEXT` (the first `:<digits>:` splits it, so the text may contain colons). */
export function parseCommentFlag(text: string): CommentDraft {
  const m = /^(.+?):(\d+):([\s\S]+)$/.exec(text);
  if (!m) throw new PracticumError('usage', `--comment "${text}" must look like FILE:LINE:TEXT, e.g. src/app.ts:12:Handle the empty case.`);
  return { file: m[1] ?? '', line: Number(m[2]), body: m[3] ?? '' };
}

const add: CliCommand = {
  name: 'review add',
  summary: 'add a review (approve, request changes, or comment) to a submission',
  usage: `Usage: practicum review add --submission ID --verdict approve|changes|comment --body TEXT [--comment FILE:LINE:TEXT]... [--sign] [--repo DIR] [--json]

Records a review under refs/practicum/ (several reviews per submission are kept, none overwritten).
Line comments are anchored to the submitted head commit. Run "practicum sync" to share it.
  --sign  sign the review with git's signing ("git tag -s": gpg.format and user.signingkey), so it
          counts where signed verdicts are required

Exit codes: 0 recorded; 2 bad usage (unknown submission, a comment on a line the head commit does
not have), not a git repository, or a repository git cannot read.`,
  async run(args, io) {
    const { values } = parseFlags(args, {
      repo: { type: 'string' },
      submission: { type: 'string' },
      verdict: { type: 'string' },
      body: { type: 'string' },
      comment: { type: 'string', multiple: true },
      sign: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (!values.submission) throw new PracticumError('usage', 'Missing --submission ID (see "practicum review list").');
    const verdict = VerdictSchema.safeParse(values.verdict);
    if (!verdict.success) throw new PracticumError('usage', '--verdict must be approve, changes or comment.');
    if (values.body === undefined) throw new PracticumError('usage', 'Missing --body TEXT (the review summary).');
    const comments = (values.comment ?? []).map(parseCommentFlag);
    const { review, submission } = await addReview({ repo: repoOf(io, values.repo), submissionId: values.submission, verdict: verdict.data, body: values.body, comments, sign: values.sign });
    io.out(values.json ? toJson(toEntry(submission)) : `Added review ${review.id} (${review.verdict}) to ${submission.record.id}; status is now ${submission.status}. Run "practicum sync" to share it.\n`);
    return ExitCode.ok;
  },
};

const sync: CliCommand = {
  name: 'sync',
  summary: 'fetch and push submissions and reviews (refs/practicum/*)',
  usage: `Usage: practicum sync [--repo DIR] [--remote NAME] [--json]

Fetches the remote's refs/practicum/* into refs/practicum-incoming/<remote>/, adopts only records this
repository does not have, then pushes only records the remote does not have. A local record is never
replaced or removed and a remote one never overwritten: a remote record that differs from the local one
under the same name, or whose content does not match the digest in its name, is a conflict, kept under
refs/practicum-conflicts/ and reported with what to do. Records over 1 MB are not adopted.
Exit codes: 0 in sync; 1 the remote could not be reached, something could not be pushed or was
rejected (records stay local), or there are conflicts; 2 bad usage, no such remote, or not a git repository.`,
  async run(args, io) {
    const { values } = parseFlags(args, { repo: { type: 'string' }, remote: { type: 'string' }, json: { type: 'boolean' } });
    const report = await syncRecords({ repo: repoOf(io, values.repo), remote: values.remote });
    if (values.json) io.out(toJson(report));
    else {
      io.out(`${report.remote}: fetched ${report.fetched.length}, pushed ${report.pushed.length}, not yet pushed ${report.unpushed.length}\n`);
      for (const r of report.rejected) io.out(`rejected ${r.ref}: ${r.reason}\n`);
      for (const c of report.conflicts) io.out(`conflict ${c.ref}: ${c.reason}. ${c.fix}\n`);
    }
    if (report.pushError) io.err(`practicum sync: ${report.pushError}\n`);
    if (report.conflicts.length) io.err(`practicum sync: ${report.conflicts.length} record conflict(s): the remote holds records that differ from yours or from their names; yours are kept and theirs were not adopted.\n`);
    return report.pushError || report.rejected.length || report.conflicts.length ? ExitCode.problem : ExitCode.ok;
  },
};

/** The submission and review commands, listed together in `src/cli/commands.ts`. */
export const reviewCommands: CliCommand[] = [submit, list, add, sync];

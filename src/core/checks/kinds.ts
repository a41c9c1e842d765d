import type { Check, Exercise } from '../catalog/schema';
import type { CheckEnvironment } from './environment';
import { git } from './git';
import { globToRegExp } from '../glob';
import type { FailingCase, MetricTarget } from './result';
import { compilePattern } from '../safeRegex';
import { runShell } from './shell';

/** What a check decided, before the runner adds its id, kind, title and timing. */
export interface Verdict {
  status: 'pass' | 'fail' | 'skipped' | 'error';
  message: string;
  output?: string;
  metrics?: Record<string, number>;
  targets?: Record<string, MetricTarget>;
  failingCases?: FailingCase[];
}

type Of<K extends Check['kind']> = Extract<Check, { kind: K }>;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const listed = (xs: string[], max = 3) => xs.slice(0, max).join(', ') + (xs.length > max ? ` and ${xs.length - max} more` : '');

/** Replaces `${input:<id>}` with the learner's answers; lists the inputs still unanswered. */
export function substituteInputs(command: string, answers: Readonly<Record<string, string>>): { command: string; missing: string[] } {
  const missing: string[] = [];
  const resolved = command.replace(/\$\{input:([^}]*)\}/g, (_, id: string) => {
    const answer = answers[id];
    if (answer === undefined || answer.trim() === '') {
      missing.push(id);
      return '';
    }
    return answer;
  });
  return { command: resolved, missing: [...new Set(missing)] };
}

export async function commandCheck(check: Of<'command'>, exercise: Pick<Exercise, 'inputs'>, env: CheckEnvironment): Promise<Verdict> {
  const { command, missing } = substituteInputs(check.command, env.answers);
  if (missing.length > 0) {
    const prompts = missing.map((id) => `"${exercise.inputs.find((i) => i.id === id)?.prompt ?? id}"`);
    return { status: 'skipped', message: `Needs your answer to ${prompts.join(' and ')} before it can run.` };
  }
  const blocked = env.commandsBlocked?.(command, check.id);
  if (blocked) return { status: 'skipped', message: blocked };
  await env.changes.verify();
  // The command runs in the working tree; judged on committed work (a submission), uncommitted changes would count.
  if (!env.changes.range.workingTree && (await git(env.repoDir, ['status', '--porcelain', '--untracked-files=all'])).trim() !== '') {
    return { status: 'skipped', message: 'Not run: you have uncommitted changes, and this command would test them too. Commit or stash them, then check again.' };
  }
  const r = await runShell(command, {
    cwd: env.repoDir,
    timeoutMs: check.timeoutSeconds * 1000,
    signal: env.signal,
    env: { PRACTICUM_EXERCISE: env.exerciseId, PRACTICUM_BASE: env.changes.range.base },
    onOutput: env.onOutput && ((t) => env.onOutput?.(check.id, t)),
  });
  const seconds = `${(r.durationMs / 1000).toFixed(1)} s`;
  const output = `$ ${command}\n${r.output}`;
  if (r.cancelled) return { status: 'skipped', message: 'Cancelled.', output };
  if (r.timedOut) return { status: 'fail', message: `Timed out after ${check.timeoutSeconds} s and was stopped.`, output };
  if (r.exitCode === null) return { status: 'error', message: 'The command could not be started or was killed.', output };
  if (r.exitCode !== check.expectExit) return { status: 'fail', message: `Exited with ${r.exitCode}, expected ${check.expectExit} (${seconds}).`, output };
  if (check.outputPattern !== undefined && !compilePattern(check.outputPattern, 'm').test(r.fullOutput)) {
    return { status: 'fail', message: `Exited with ${r.exitCode}, but the output does not match /${check.outputPattern}/ (${seconds}).`, output };
  }
  return { status: 'pass', message: `Exited with ${r.exitCode} as expected (${seconds}).`, output };
}

export async function filesCheck(check: Of<'files'>, env: CheckEnvironment): Promise<Verdict> {
  const re = globToRegExp(check.glob);
  const matching = (await env.changes.files()).filter((f) => re.test(f));
  const output = matching.join('\n') || undefined;
  if (matching.length >= check.minCount) return { status: 'pass', message: `${plural(matching.length, 'matching file')} changed: ${listed(matching)}.`, output };
  if (matching.length === 0) return { status: 'fail', message: `No file matching ${check.glob} is added or changed on the branch yet.` };
  return { status: 'fail', message: `${matching.length} of ${check.minCount} files matching ${check.glob} changed so far.`, output };
}

export async function diffCheck(check: Of<'diff'>, env: CheckEnvironment): Promise<Verdict> {
  const re = compilePattern(check.pattern);
  const only = check.glob !== undefined ? globToRegExp(check.glob) : undefined;
  const hits = (await env.changes.addedLines()).filter((l) => (!only || only.test(l.file)) && re.test(l.text));
  const where = check.glob !== undefined ? ` in ${check.glob}` : '';
  if (hits.length === 0) return { status: 'fail', message: `No added line${where} matches /${check.pattern}/ yet.` };
  const first = hits[0] as (typeof hits)[number];
  const output = hits
    .slice(0, 20)
    .map((h) => `${h.file}:${h.line}: ${h.text.trim().slice(0, 200)}`)
    .join('\n');
  return { status: 'pass', message: `${plural(hits.length, 'added line')} match, first at ${first.file}:${first.line}.`, output };
}

export async function aiCommitCheck(check: Of<'aiCommit'>, env: CheckEnvironment): Promise<Verdict> {
  await env.changes.verify();
  const { base, head } = env.changes.range;
  const found = (await env.classifyAiCommits(env.repoDir, { base, head })).filter(
    (c) => check.which === 'any' || (check.which === 'assisted' ? c.assisted : c.building),
  );
  const what = check.which === 'assisted' ? 'AI-assisted' : check.which === 'building' ? 'AI-building' : 'AI-related';
  if (found.length === 0) {
    const how =
      check.which === 'building'
        ? 'commit the code that calls the model, embedding or vector-store SDK'
        : "commit with your assistant's co-author trailer (e.g. Co-authored-by: Claude <noreply@anthropic.com>)";
    return { status: 'fail', message: `No ${what} commit on the branch yet; ${how}.` };
  }
  const output = found.map((c) => `${c.hash.slice(0, 10)} ${[c.assisted && 'assisted', c.building && 'building'].filter(Boolean).join('+')}: ${c.signals.join(', ')}`).join('\n');
  return { status: 'pass', message: `${plural(found.length, `${what} commit`)}, e.g. ${found[0]?.hash.slice(0, 7)} (${found[0]?.signals.join(', ')}).`, output };
}

export async function commitsCheck(check: Of<'commits'>, env: CheckEnvironment): Promise<Verdict> {
  const n = await env.changes.commitCount();
  return n >= check.min
    ? { status: 'pass', message: `${plural(n, 'commit')} on the branch (at least ${check.min} needed).` }
    : { status: 'fail', message: `${plural(n, 'commit')} on the branch; at least ${check.min} needed.` };
}

export function manualCheck(check: Of<'manual'>, env: CheckEnvironment): Verdict {
  return env.attested.has(check.id)
    ? { status: 'pass', message: 'Attested by you; the reviewer sees it as self-attested.' }
    : { status: 'fail', message: `Not attested yet: ${check.description}` };
}

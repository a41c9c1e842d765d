import * as path from 'node:path';
import { z } from 'zod';
import type { CatalogSource } from '../core/catalog/catalog';
import { loadCatalog } from '../core/catalog/loader';
import { branchAiCommits } from '../core/checks/aiCommits';
import { BranchChanges } from '../core/checks/branchChanges';
import { formatFigures } from '../core/checks/probe/figures';
import { allCorePass, CheckReportSchema, decidingResults, toReportResult, type CheckReport, type ReportResult } from '../core/checks/report';
import { runChecks } from '../core/checks/runner';
import { PracticumError } from '../core/errors';
import { exerciseBranch } from '../core/learn/branch';
import { repoRoot, resolveCommit } from '../core/review/gitExec';
import { defaultBase } from '../core/review/submit';
import { readJsonStrict } from '../core/store/atomicFile';
import { parseFlags, toJson } from './args';
import { bundledSource } from './exercises';
import { ExitCode, type CliCommand } from './types';

const usage = `Usage: practicum check --exercise ID [--repo DIR] [--answers FILE] [--attest all|ID,...]
                       [--provider local|env] [--catalog DIR]... [--base COMMIT] [--json]

Runs the exercise's checks on the committed branch practicum/<ID>, as Submit does: probe
checks run your program over their cases in the repository at that commit, with the local
model provider started for each probe (no API key needed).
  --exercise ID     the exercise
  --repo DIR        the repository (default: the current folder)
  --answers FILE    JSON object of input id -> answer, e.g. {"askCommand": "python ask.py"}
  --attest LIST     manual checks you attest: all, or their ids separated by commas
  --provider P      local (default): the local model provider; env: your own provider from
                    your environment (evaluators that read the provider's ledger are skipped)
  --catalog DIR     an extra catalog folder (repeatable); the repository's .practicum/exercises
                    is always read
  --base COMMIT     where the work starts (default: where the branch left the default branch)
  --json            print practicum.check/v1

Exit codes: 0 every core check that is not manual passed; 1 one failed (and all could run);
2 bad usage, not a repository, or a core check could not run here (an unanswered input, an error).
`;

const AnswersSchema = z.record(z.string(), z.string());

/** `practicum check`: the engine behind Run Checks and Submit, for the command line and CI. */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'run an exercise\'s checks on the committed practicum/<id> branch (CI grading)',
  usage,
  async run(args, io) {
    const { values } = parseFlags(args, {
      repo: { type: 'string' },
      exercise: { type: 'string' },
      answers: { type: 'string' },
      attest: { type: 'string' },
      provider: { type: 'string' },
      catalog: { type: 'string', multiple: true },
      base: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.exercise) throw new PracticumError('usage', 'Missing --exercise ID: the exercise whose branch practicum/<ID> is checked.');
    const provider = values.provider ?? 'local';
    if (provider !== 'local' && provider !== 'env') throw new PracticumError('usage', `--provider must be "local" or "env", not "${provider}".`);
    const repo = await repoRoot(path.resolve(io.cwd, values.repo ?? '.'));
    const sources: CatalogSource[] = [await bundledSource(io), { dir: path.join(repo, '.practicum', 'exercises'), origin: 'repository' }];
    for (const dir of values.catalog ?? []) sources.push({ dir: path.resolve(io.cwd, dir), origin: 'folder' });
    const catalog = await loadCatalog(sources);
    const exercise = catalog.exercise(values.exercise);
    if (!exercise) {
      const broken = catalog.errors.find((e) => e.file.includes(`${path.sep}${values.exercise}${path.sep}`));
      throw new PracticumError('usage', broken ? `Exercise ${values.exercise} does not load: ${broken.path ? `${broken.path}: ` : ''}${broken.message}` : `No exercise "${values.exercise}" in the catalog; see practicum exercises list.`);
    }
    const branch = exerciseBranch(exercise.id);
    const head = await resolveCommit(repo, `refs/heads/${branch}`);
    if (!head) throw new PracticumError('usage', `There is no branch ${branch} in ${repo}. Start the exercise first, or check the exercise id.`);
    const base = values.base ? await resolveCommit(repo, values.base) : await defaultBase(repo, branch);
    if (!base) throw new PracticumError('usage', values.base ? `--base ${values.base} is not a commit in this repository.` : `Could not tell where ${branch} started. Pass the base commit with --base.`);
    const answers = values.answers ? await readAnswers(path.resolve(io.cwd, values.answers)) : {};
    const manual = exercise.checks.filter((c) => c.kind === 'manual').map((c) => c.id);
    const attested = attestList(values.attest, manual);

    const results = await runChecks(
      exercise,
      {
        repoDir: repo,
        exerciseId: exercise.id,
        changes: new BranchChanges(repo, { base, head, workingTree: false }),
        answers,
        attested,
        classifyAiCommits: branchAiCommits,
        provider,
      },
      { onStart: (c, i, n) => io.log.info(`[${i + 1}/${n}] ${c.id} (${c.kind})…`) },
    );
    const report: CheckReport = CheckReportSchema.parse({ schema: 'practicum.check/v1', exercise: exercise.id, commit: head, base, provider, passed: allCorePass(results), results: results.map(toReportResult) });
    io.out(values.json ? toJson(report) : formatReport(report));
    if (report.passed) return ExitCode.ok;
    // A core check that could not run (an unanswered input, an error) leaves the grade open: that is the caller's to fix.
    return decidingResults(results).some((r) => r.status === 'skipped' || r.status === 'error') || decidingResults(results).length === 0 ? ExitCode.usage : ExitCode.problem;
  },
};

async function readAnswers(file: string): Promise<Record<string, string>> {
  try {
    return await readJsonStrict(file, AnswersSchema);
  } catch (e) {
    throw new PracticumError('usage', `--answers ${(e as Error).message.replace(`${file}: `, `${file}: `)} It is a JSON object of input id -> answer, e.g. {"askCommand": "python ask.py"}.`);
  }
}

function attestList(value: string | undefined, manual: string[]): Set<string> {
  if (value === undefined) return new Set();
  if (value === 'all') return new Set(manual);
  const ids = value.split(',').map((s) => s.trim()).filter((s) => s);
  const unknown = ids.filter((id) => !manual.includes(id));
  if (unknown.length > 0) throw new PracticumError('usage', `--attest names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is not a manual check' : 'are not manual checks'} of this exercise; ${manual.length ? `use all or some of ${manual.join(', ')}` : 'it has none'}.`);
  return new Set(ids);
}

const icon: Record<ReportResult['status'], string> = { pass: '✓', fail: '✗', skip: '–', error: '!' };

function formatReport(r: CheckReport): string {
  const lines = [`${r.exercise} at ${r.commit.slice(0, 12)} (${r.provider} provider)`];
  for (const x of r.results) {
    lines.push(`${icon[x.status]} ${x.id} [${x.kind}${x.level === 'hint' ? ', hint' : ''}] ${x.title}: ${x.message}`);
    if (x.metrics && x.status === 'pass' && !x.message.includes('·')) lines.push(`    ${formatFigures(x.metrics, x.targets ?? {})}`);
    for (const f of (x.status === 'fail' ? x.failingCases : undefined)?.slice(0, 10) ?? []) lines.push(`    ${f.id}: ${f.reason}`);
  }
  const deciding = decidingResults(r.results);
  lines.push(r.passed ? `passed: all ${deciding.length} core checks pass` : `not passed: ${deciding.filter((x) => x.status === 'pass').length} of ${deciding.length} core checks pass`);
  return lines.join('\n') + '\n';
}

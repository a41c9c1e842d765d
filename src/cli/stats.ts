import * as path from 'node:path';
import { PracticumError } from '../core/errors';
import { scanRepository } from '../core/git/scan';
import { cohortStats, formatIssue } from '../core/metrics/cohortStats';
import { checkToken, resolveEndpoint } from '../core/export/endpoint';
import { postJson } from '../core/metrics/postStats';
import { statsToCsv } from '../core/metrics/statsCsv';
import type { StatsResult } from '../core/metrics/statsSchema';
import { dateFlag, parseFlags, toJson } from './args';
import { ExitCode, type CliCommand } from './types';

const usage = `Usage: practicum stats --cohort FILE [--repo DIR]... [--from completion|start] [--as-of ISO] [--json | --csv]
                       [--outcomes FILE]... [--post URL [--token-env VAR]]

Time to first AI-related commit for every member of a cohort, and the cohort summary
(Kaplan–Meier: members without an AI commit yet are censored, not failures).

  --cohort FILE   cohort file (see .practicum/cohorts/*.json)
  --repo DIR      repository to scan; repeat for several (default: the current folder)
  --from ANCHOR   completion (default: each member's completedAt) or start (the cohort start)
  --as-of ISO     measure as of this date or time (default: now)
  --json          print the practicum.stats/v1 JSON
  --csv           print one CSV row per member (without --json or --csv: a readable summary)
  --outcomes FILE assessment/survey records (exported events, outbox .jsonl, profile exports);
                  repeatable; adds skill advancement, track completion and module NPS
  --post URL      also POST the JSON to the team endpoint (https, or http on localhost)
  --token-env VAR environment variable holding the endpoint's bearer token (default PRACTICUM_TOKEN)

A member whose anchor is after --as-of (not followed yet) is listed with null days, left out of
the summary and warned about on stderr: that is normal in a running program, so it exits 0.

Exit codes: 0 ok, warnings included; 1 the cohort file has errors (a bad or duplicate member is
left out, see stderr) or the post failed; 2 bad usage, a missing cohort file, or a repository
that cannot be read (not a repository, damaged, git missing).
`;

function summary(s: StatsResult): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);
  const lines = [
    `${s.cohort}: ${s.summary.reached}/${s.summary.members} members with an AI commit since ${s.from === 'start' ? 'the cohort start' : 'completion'} (as of ${s.asOf.slice(0, 10)})`,
    `median days to first AI commit: ${s.summary.medianDays ?? 'not reached'}; by day 30: ${pct(s.summary.within['30'])}, 60: ${pct(s.summary.within['60'])}, 90: ${pct(s.summary.within['90'])}`,
    '',
    ...(s.outcomes
      ? [
          `skills: ${s.outcomes.advancement.learners} re-assessed, ${s.outcomes.advancement.share === null ? 'n/a' : pct(s.outcomes.advancement.share)} advanced at least one level`,
          ...s.outcomes.tracks.map((t) => `track ${t.track}: ${t.completed}/${t.enrolled} completed (${pct(t.completionRate)}; target ${pct(s.outcomes?.completionTarget ?? null)})`),
          ...s.outcomes.modules.map((m) => `module ${m.module}: NPS ${m.nps ?? 'n/a'} (${m.npsResponses} responses)`),
          '',
        ]
      : []),
    ...s.members.map((m) => `  ${m.name.padEnd(24)} ${m.days !== null ? `${m.days.toFixed(1)} days` : m.censoredDays !== null ? `censored at ${m.censoredDays.toFixed(1)} days` : 'not followed yet (anchor after as-of)'}  ${m.aiCommits} AI commit(s)`),
  ];
  return lines.join('\n') + '\n';
}

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'time-to-first-AI-commit and cohort stats (JSON or CSV)',
  usage,
  async run(args, io) {
    const { values } = parseFlags(args, {
      cohort: { type: 'string' },
      repo: { type: 'string', multiple: true },
      from: { type: 'string', default: 'completion' },
      'as-of': { type: 'string' },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      post: { type: 'string' },
      outcomes: { type: 'string', multiple: true },
      'token-env': { type: 'string', default: 'PRACTICUM_TOKEN' },
    });
    if (!values.cohort) throw new PracticumError('usage', '--cohort FILE is required.');
    if (values.from !== 'completion' && values.from !== 'start') throw new PracticumError('usage', `--from must be "completion" or "start", not "${values.from}".`);
    if (values.json && values.csv) throw new PracticumError('usage', 'choose one of --json and --csv.');
    const asOf = values['as-of'] !== undefined ? dateFlag('--as-of', values['as-of']) : new Date();
    if (values.post) resolveEndpoint(values.post, 'json'); // a URL or token that cannot be posted with is bad usage, said before any work
    const token = values.post ? io.env[values['token-env']] : undefined;
    if (token) checkToken(token, `The token in ${values['token-env']}`);
    const repos = (values.repo?.length ? values.repo : [io.cwd]).map((r) => path.resolve(io.cwd, r));
    const cohortFile = path.resolve(io.cwd, values.cohort);
    const cacheDir = io.env.PRACTICUM_CACHE_DIR;
    const { stats, issues } = await cohortStats({
      cohortFile,
      repos,
      from: values.from,
      asOf,
      scan: (repo) => scanRepository({ repo, cacheDir, logger: io.log }),
      outcomeFiles: values.outcomes?.map((f) => path.resolve(io.cwd, f)),
    });
    for (const i of issues) io.err(formatIssue(values.cohort, i) + '\n');
    for (const w of stats.warnings.slice(issues.length)) io.err(`practicum stats: warning: ${w}\n`);
    io.out(values.json ? toJson(stats) : values.csv ? statsToCsv(stats) : summary(stats));
    let code: number = issues.some((i) => i.severity === 'error') ? ExitCode.problem : ExitCode.ok;
    if (values.post) {
      try {
        const res = await postJson(values.post, stats, { token });
        io.err(`posted to ${values.post} (HTTP ${res.status})\n`);
      } catch (e) {
        io.err(`practicum stats: ${(e as Error).message}\n`);
        code = ExitCode.problem;
      }
    }
    return code;
  },
};

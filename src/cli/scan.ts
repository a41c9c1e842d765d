import * as path from 'node:path';
import { PracticumError } from '../core/errors';
import { scanRepositoryDetailed, type ScanProgress, type ScanRun } from '../core/git/scan';
import { defaultCacheDir } from '../core/git/scanCache';
import { signalCounts } from '../core/git/scanResult';
import { parseFlags, toJson } from './args';
import { ScanProgressView, wantsProgress } from './scanProgress';
import { ExitCode, type CliCommand } from './types';

const usage = `Usage: practicum scan [--repo DIR] [--since DATE] [--author EMAIL] [--json] [--no-cache] [--no-team-rules]
                     [--jobs N] [--progress | --quiet]

Finds AI-related commits in the history of HEAD: assisted (written with an AI tool) and
building (adds AI to the product), each with the signals that decided it.

  --repo DIR       repository to scan (default: the current folder)
  --since DATE     only commits authored at or after DATE (ISO 8601, e.g. 2026-01-31)
  --author EMAIL   only commits by this author (after .mailmap)
  --json           print the practicum.scan/v1 JSON object
  --no-cache       read the whole history, neither reading nor writing the cache
  --no-team-rules  ignore the repository's .practicum/ai-rules.json
  --jobs N         git processes reading history at once (default: the cores available)
  --progress       show progress on stderr even with --quiet or --json to a pipe
  --quiet          no progress (a scan longer than 2 s shows a bar on a terminal, or
                   a line every few seconds otherwise; none with --json to a pipe)

Results are cached per repository under $PRACTICUM_CACHE_DIR (default: the user cache
folder), so a rescan reads only new commits.

Exit codes: 0 ok; 1 .practicum/ai-rules.json is broken (results use the built-in rules);
2 bad usage, not a git repository, or git missing.
`;

const pct = (n: number, d: number) => (d === 0 ? '0%' : `${((100 * n) / d).toFixed(1)}%`);

/** Why a signal does not count by itself, for the summary. */
function uncountedWhy(signal: string): string {
  if (signal.startsWith('committer:')) return "a tool committed a person's own change";
  if (signal.startsWith('bump:')) return 'a dependency the same manifest already listed (version bump or its revert)';
  if (signal.startsWith('moved-')) return 'moved between files or rewritten in place, not new';
  return '';
}

/** The readable summary: totals, top signals, per author. */
export function formatScanSummary(run: ScanRun): string {
  const r = run.result;
  const assisted = r.aiCommits.filter((c) => c.assisted).length;
  const building = r.aiCommits.filter((c) => c.building).length;
  const lines = [
    `${r.repo}${r.head ? ` at ${r.head.slice(0, 12)}${run.detached ? ' (detached HEAD)' : ''}` : ''}, rules ${r.rulesVersion}`,
  ];
  if (run.empty) return lines.concat('No commits yet.', '').join('\n');
  if (run.shallow) lines.push('History is partial: this is a shallow clone. Run "git fetch --unshallow" for the full history.');
  lines.push(`${r.totalCommits} commit${r.totalCommits === 1 ? '' : 's'}, ${r.aiCommits.length} AI-related (${pct(r.aiCommits.length, r.totalCommits)}): ${assisted} assisted, ${building} building`);
  const signals = signalCounts(r.aiCommits);
  if (signals.length > 0) {
    lines.push('', 'Top signals');
    const w = Math.max(...signals.slice(0, 10).map(([s]) => s.length));
    for (const [s, n] of signals.slice(0, 10)) lines.push(`  ${s.padEnd(w)}  ${n}`);
  }
  const uncounted = Object.entries(run.uncounted);
  if (uncounted.length > 0) {
    lines.push('', 'Not counted (signals on commits that are not AI-related otherwise):');
    const w = Math.max(...uncounted.map(([s]) => s.length));
    for (const [s, n] of uncounted) lines.push(`  ${s.padEnd(w)}  ${String(n).padStart(5)}  ${uncountedWhy(s)}`);
  }
  if (r.authors.length > 0) {
    lines.push('', 'Authors');
    // As wide as the longest email, so a long one never pushes its row out of line.
    const w = Math.max(5, ...r.authors.map((a) => a.email.length));
    lines.push(`  ${'email'.padEnd(w)}  ${'commits'.padStart(7)}  ${'AI'.padStart(5)}  first AI commit`);
    for (const a of r.authors) lines.push(`  ${a.email.padEnd(w)}  ${String(a.commits).padStart(7)}  ${String(a.aiCommits).padStart(5)}  ${a.firstAiCommitAt?.slice(0, 10) ?? '-'}`);
  }
  return lines.join('\n') + '\n';
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'find AI-related commits (assisted, building) with the evidence for each',
  usage,
  async run(args, io) {
    const { values } = parseFlags(args, {
      repo: { type: 'string' },
      since: { type: 'string' },
      author: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      'no-team-rules': { type: 'boolean', default: false },
      jobs: { type: 'string' },
      progress: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    });
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new PracticumError('usage', `--jobs "${values.jobs}" is not a number of processes; use a whole number from 1 to 64.`);
    const view = wantsProgress({ progress: values.progress, quiet: values.quiet, json: values.json }, io.stdoutIsTTY === true)
      ? new ScanProgressView({ write: (t) => io.err(t), isTTY: io.stderrIsTTY === true, ...(io.columns ? { columns: io.columns } : {}) })
      : undefined;
    let run: ScanRun;
    try {
      run = await scanRepositoryDetailed({
        repo: path.resolve(io.cwd, values.repo ?? '.'),
        ...(values.since !== undefined ? { since: values.since } : {}),
        ...(values.author !== undefined ? { author: values.author } : {}),
        ...(jobs !== undefined ? { jobs } : {}),
        cacheDir: defaultCacheDir(io.env),
        noCache: values['no-cache'],
        teamRules: !values['no-team-rules'],
        logger: io.log,
        ...(view ? { onProgress: (p: ScanProgress) => view.update(p) } : {}),
      });
    } finally {
      view?.done();
    }
    io.out(values.json ? toJson(run.result) : formatScanSummary(run));
    return run.rulesProblems.length > 0 ? ExitCode.problem : ExitCode.ok;
  },
};

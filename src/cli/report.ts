import { PracticumError } from '../core/errors';
import { resolveEndpoint, displayEndpoint } from '../core/export/endpoint';
import { computeReport } from '../core/server/report/compute';
import { reportToCsv } from '../core/server/report/csv';
import { reportRange } from '../core/server/report/range';
import { DEFAULT_MIN_GROUP, ProgramReportSchema, type ProgramReport } from '../core/server/report/schema';
import { parseFlags, toJson } from './args';
import { dbSpec, withStore } from './serve';
import { ExitCode, type CliCommand, type CliIo } from './types';

const usage = `Usage: practicum report (--server URL [--token-env VAR] | --db FILE|URL) --cohort NAME [--from DATE] [--to DATE]
                        [--json | --csv] [--min-group N] [--per-person]

The lead's program report (satisfaction, learning, behaviour, program health) for a cohort and date
range: the same figures as the server's page, from the same computation. --server asks a running
practicum serve (with a lead token, from PRACTICUM_TOKEN or --token-env); --db reads a database
directly (--min-group and --per-person apply only then; a server uses its own settings).

  --from DATE     first day (default: 12 weeks before --to);  --to DATE  last day (default today)
  --json          print practicum.report/v1 JSON;  --csv  one row per figure

Exit codes: 0 printed; 1 the server refused or failed; 2 bad usage or no database/server.
`;

function summary(r: ProgramReport): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 1000) / 10}%`);
  if (r.suppressed) return `${r.cohort}: ${r.members} member(s), fewer than the minimum group size ${r.minGroupSize}: figures withheld.\n`;
  const b = r.behaviour;
  return [
    `${r.cohort}, ${r.from.slice(0, 10)} to ${r.to.slice(0, 10)} (exclusive): ${r.members} members`,
    `satisfaction: ${r.satisfaction.modules.map((m) => `${m.module} NPS ${m.suppressed ? 'withheld' : m.nps} (n=${m.npsResponses})`).join('; ') || 'no answers'}`,
    `learning: ${r.learning.suppressed ? 'withheld' : `${pct(r.learning.share)} of ${r.learning.learners} advanced ≥ 1 level`}`,
    `hands-on: ${b.handsOn.meanHoursPerMemberWeek ?? 'n/a'} h per member-week (goal ${b.goalHours} h), ${pct(b.handsOn.shareMeetingGoal)} of member-weeks met it`,
    `first AI commit: ${b.firstAiCommit.reached}/${b.firstAiCommit.members}; by day 30 ${pct(b.firstAiCommit.within['30'])}, 60 ${pct(b.firstAiCommit.within['60'])}, 90 ${pct(b.firstAiCommit.within['90'])}`,
    `AI commits per member-week: before ${b.aiCommits.before.perMemberWeek ?? 'n/a'}, during ${b.aiCommits.during.perMemberWeek ?? 'n/a'}`,
    ...r.health.tracks.map((t) => `track ${t.track}: ${t.suppressed ? 'withheld' : `${pct(t.completionRate)} completed`} (n=${t.enrolled}; target ${pct(r.health.completionTarget)})`),
    `reviews: ${r.health.reviews.suppressed ? 'withheld' : `median ${r.health.reviews.medianTurnaroundHours ?? 'n/a'} h to first review, ${pct(r.health.reviews.withinWindowShare)} within ${r.health.reviews.windowHours} h, first-pass approval ${pct(r.health.reviews.firstPassApprovalRate)}`}`,
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n') + '\n';
}

async function fromServer(server: string, token: string | undefined, query: URLSearchParams): Promise<ProgramReport> {
  const base = resolveEndpoint(server, 'json');
  const url = new URL('/v1/report', base);
  url.search = query.toString();
  let res: Response;
  try {
    res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new PracticumError('environment', `could not reach ${displayEndpoint(base)} (${cause}). Check --server and that practicum serve is running.`);
  }
  const text = await res.text();
  if (res.status !== 200) {
    const why = (() => {
      try {
        return (JSON.parse(text) as { error?: string }).error ?? text.slice(0, 200);
      } catch {
        return text.slice(0, 200);
      }
    })();
    throw new PracticumError('network', `${displayEndpoint(url)} answered HTTP ${res.status}: ${why}${res.status === 401 ? ' (set a lead token in PRACTICUM_TOKEN or --token-env)' : ''}`);
  }
  const parsed = ProgramReportSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new PracticumError('network', `${displayEndpoint(url)} did not answer a practicum.report/v1 document; is it a Practicum server of the same version?`);
  return parsed.data;
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: "the lead's program report from a server or database (JSON or CSV)",
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(args, {
      server: { type: 'string' },
      db: { type: 'string' },
      cohort: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      'token-env': { type: 'string', default: 'PRACTICUM_TOKEN' },
      'min-group': { type: 'string' },
      'per-person': { type: 'boolean', default: false },
    });
    if (!values.cohort) throw new PracticumError('usage', '--cohort NAME is required.');
    if (!values.server === !values.db) throw new PracticumError('usage', 'give either --server URL or --db FILE|URL.');
    if (values.json && values.csv) throw new PracticumError('usage', 'choose one of --json and --csv.');
    const range = reportRange(values.from, values.to, new Date());
    let report: ProgramReport;
    if (values.server) {
      const query = new URLSearchParams({ cohort: values.cohort, from: range.fromDate, to: range.toDate });
      report = await fromServer(values.server, io.env[values['token-env']], query);
    } else {
      const minGroup = values['min-group'] === undefined ? DEFAULT_MIN_GROUP : Number(values['min-group']);
      if (!Number.isInteger(minGroup) || minGroup < 1) throw new PracticumError('usage', `--min-group must be a whole number of at least 1 (got "${values['min-group']}").`);
      report = await withStore(dbSpec(values.db, io.cwd), (s) =>
        computeReport(s, { cohort: values.cohort!, fromMs: range.fromMs, toMs: range.toMs, now: new Date(), minGroup, perPerson: values['per-person'] }),
      );
    }
    io.out(values.json ? toJson(report) : values.csv ? reportToCsv(report) : summary(report));
    return ExitCode.ok;
  },
};

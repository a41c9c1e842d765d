/**
 * Hostile patterns bench: a repository whose history is made to hurt a backtracking engine (commit
 * messages, author names, trailer values and added lines of `a…a!`, 40-character paths of `a…`),
 * scanned by `practicum scan --no-cache` (as in the reproduction) with a team `.practicum/ai-rules.json`
 * full of catastrophic patterns (`^(a+)+$`, the glob `**a**a**a**a**a**a**a**a**b`), against the same
 * scan without a team file and with a team file of the same shape whose patterns are plain (`^zzz$`),
 * interleaved in the same run:
 *   hostile rules / no team rules      ≤ 1.15   (CPU time of the scan, node and git together)
 *   hostile rules / plain team rules   ≤ 1.15   (same)
 *   diff and files checks with (a+)+$ and that glob / the same checks with plain ones  ≤ 1.15
 *                                               (this process's CPU time: the patterns run here)
 * CPU time rather than wall time: it is what the patterns cost, and what a machine shared with other
 * work blurs least; wall times are shown beside it. On a backtracking engine these ratios are in the
 * thousands (each commit message alone takes seconds).
 * PRACTICUM_BENCH_HOSTILE_COMMITS and PRACTICUM_BENCH_RUNS change its size.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExerciseSchema } from '../../src/core/catalog/schema';
import { branchAiCommits } from '../../src/core/checks/aiCommits';
import { BranchChanges } from '../../src/core/checks/branchChanges';
import { runChecks } from '../../src/core/checks/runner';
import { cliPath } from '../unit/helpers/cli';
import { TempRepo } from '../unit/helpers/gitRepo';
import { median, type BenchReport } from './report';

const COMMITS = Number(process.env.PRACTICUM_BENCH_HOSTILE_COMMITS) || 3000;
const RUNS = Number(process.env.PRACTICUM_BENCH_RUNS) || 7;
const TARGET = 1.15;

const evil = (n: number) => `${'a'.repeat(n)}!`;

/** The team rules of the reproductions, one hostile pattern per rule kind. */
export const hostileRules = {
  version: 1,
  identities: [{ id: 'evil-id', namePatterns: ['^(a+)+$'], emailPatterns: ['^(a|aa)+$'] }],
  trailers: [{ id: 'evil-trailer', key: 'Assisted-by', valuePattern: '^(a+)+$' }],
  messages: [{ id: 'evil-message', pattern: '^(a+)+$' }],
  sdks: [{ id: 'evil-sdk', patterns: [{ keyword: 'aaaa', regex: '(a+)+$' }] }],
  files: [{ id: 'evil-file', globs: ['**a**a**a**a**a**a**a**a**b'] }],
};

/** The same rules with plain patterns: what the team rules cost when nothing in them is hostile. */
const plainRules = JSON.parse(JSON.stringify(hostileRules).replace(/\^\(a\+\)\+\$|\^\(a\|aa\)\+\$|\(a\+\)\+\$/g, '^zzz$').replace('**a**a**a**a**a**a**a**a**b', '**/*.tsx')) as object;

/** A work tree whose history is `COMMITS` commits of `a…a!` text, written with git fast-import. */
export async function hostileHistory(repo: TempRepo): Promise<string> {
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: repo.dir, stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))));
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  const parts: string[] = [];
  let time = Date.UTC(2024, 0, 1) / 1000;
  for (let i = 0; i < COMMITS; i++) {
    time += 600;
    const who = `${evil(27)} <${'a'.repeat(30)}@example.com> ${time} +0000`;
    const file = `src/${'a'.repeat(30)}/${'a'.repeat(5)}${i % 50}.ts`;
    const message = `${evil(27)}\n\n${evil(27)}\n\nAssisted-by: ${evil(27)}\n`;
    parts.push(`commit refs/heads/main\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\n${data(message)}`);
    if (i > 0) parts.push(`from :${i}\n`);
    parts.push(`M 100644 inline ${file}\n${data(`export const v${i} = '${evil(30)}';\n${evil(40)}\n`)}\n`);
  }
  parts.push('done\n');
  child.stdin.end(parts.join(''));
  await exited;
  repo.git(['checkout', '-q', '-f', 'main']);
  return repo.git(['rev-parse', 'HEAD']);
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

const wall = (xs: Timing[]) => Math.round(median(xs.map((x) => x.wallMs)));
const hasTime = existsSync('/usr/bin/time');

/** `practicum scan --no-cache --json` in `repo`: wall time, and CPU of node and git together (under /usr/bin/time). */
function scanCli(repo: string): Timing & { rulesVersion: string; problems: number } {
  const timeFile = path.join(os.tmpdir(), `practicum-bench-hostile-${process.pid}`);
  const args = [cliPath, 'scan', '--repo', repo, '--no-cache', '--json'];
  const started = performance.now();
  const r = hasTime ? spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }) : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`bench setup is wrong: practicum scan exited ${r.status}: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { rulesVersion: string };
  let cpuMs = wallMs;
  if (hasTime) {
    const [user = '0', sys = '0'] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ');
    rmSync(timeFile, { force: true });
    cpuMs = (Number(user) + Number(sys)) * 1000;
  }
  return { wallMs, cpuMs, rulesVersion: out.rulesVersion, problems: r.stderr.trim() ? 1 : 0 };
}
const cpu = (xs: Timing[]) => median(xs.map((x) => x.cpuMs));

export async function run(): Promise<BenchReport> {
  const repo = new TempRepo();
  try {
    await hostileHistory(repo);
    const rulesFile = path.join(repo.dir, '.practicum', 'ai-rules.json');
    mkdirSync(path.dirname(rulesFile), { recursive: true });
    const scan = (rules: object | undefined): Timing => {
      if (rules) writeFileSync(rulesFile, JSON.stringify(rules));
      else rmSync(rulesFile, { force: true });
      const run = scanCli(repo.dir);
      if (!!rules !== run.rulesVersion.includes('+team.') || run.problems) throw new Error('bench setup is wrong: team rules were not applied as planned');
      return run;
    };
    const none: Timing[] = [];
    const plain: Timing[] = [];
    const hostile: Timing[] = [];
    scan(undefined);
    scan(hostileRules);
    // Interleaved, so a busy machine slows every side alike.
    for (let i = 0; i < RUNS; i++) {
      none.push(scan(undefined));
      plain.push(scan(plainRules));
      hostile.push(scan(hostileRules));
    }

    // A diff check over the same history's added lines, with the catastrophic pattern and a plain one.
    const base = repo.git(['rev-list', '--max-parents=0', 'HEAD']);
    const check = (pattern: string, glob: string) => async () => {
      const exercise = ExerciseSchema.parse({
        id: 'bench', title: 'B', summary: 's', order: 0, estimateMinutes: 1, steps: ['s'], acceptance: ['a'],
        checks: [
          { id: 'd', title: 'D', kind: 'diff', pattern },
          { id: 'f', title: 'F', kind: 'files', glob },
        ],
      });
      const changes = new BranchChanges(repo.dir, { base, head: 'HEAD', workingTree: false });
      const results = await runChecks(exercise, { repoDir: repo.dir, exerciseId: 'bench', changes, answers: {}, attested: new Set(), classifyAiCommits: branchAiCommits });
      if (results.some((r) => r.status !== 'fail')) throw new Error(`bench setup is wrong: ${JSON.stringify(results)}`);
    };
    const plainCheck: Timing[] = [];
    const hostileCheck: Timing[] = [];
    for (let i = 0; i < RUNS; i++) {
      plainCheck.push(await timed(check('zzz-not-there', '**/*.tsx')));
      hostileCheck.push(await timed(check('(a+)+$', '**a**a**a**a**a**a**a**a**b')));
    }

    const noneRatio = cpu(hostile) / cpu(none);
    const plainRatio = cpu(hostile) / cpu(plain);
    const checkRatio = cpu(hostileCheck) / cpu(plainCheck);
    return {
      figures: [
        { name: 'commits', value: COMMITS },
        { name: 'scan without team rules (median wall / CPU)', value: `${wall(none)} / ${Math.round(cpu(none))}`, unit: 'ms' },
        { name: 'scan with plain team rules (median wall / CPU)', value: `${wall(plain)} / ${Math.round(cpu(plain))}`, unit: 'ms' },
        { name: 'scan with hostile team rules (median wall / CPU)', value: `${wall(hostile)} / ${Math.round(cpu(hostile))}`, unit: 'ms' },
        { name: 'diff + files checks, plain pattern and glob (median wall / node CPU)', value: `${wall(plainCheck)} / ${Math.round(cpu(plainCheck))}`, unit: 'ms' },
        { name: 'diff + files checks, (a+)+$ and the hostile glob (median wall / node CPU)', value: `${wall(hostileCheck)} / ${Math.round(cpu(hostileCheck))}`, unit: 'ms' },
      ],
      targets: [
        { name: 'practicum scan with hostile team rules / without team rules (CPU)', actual: noneRatio.toFixed(2), target: `≤ ${TARGET}`, ok: noneRatio <= TARGET },
        { name: 'practicum scan with hostile team rules / plain team rules (CPU)', actual: plainRatio.toFixed(2), target: `≤ ${TARGET}`, ok: plainRatio <= TARGET },
        { name: 'checks with hostile pattern and glob / plain (node CPU)', actual: checkRatio.toFixed(2), target: `≤ ${TARGET}`, ok: checkRatio <= TARGET },
      ],
    };
  } finally {
    repo.dispose();
  }
}

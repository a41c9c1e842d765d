/**
 * Scan bench: a 100,000-commit repository written with `git fast-import`, scanned cold and warm,
 * against draining one `git log -p` over the same history in the same run.
 *   cold scan      ≤ 1 × git log -p        (medians of interleaved runs)
 *   warm rescan    < 1/10 of the cold scan (100 new commits on top of a cached history)
 *   peak memory    < 300 MB                (largest process: node, or git under it)
 *   correctness    exactly the AI commits the generator planted
 * PRACTICUM_BENCH_SCAN_COMMITS and PRACTICUM_BENCH_RUNS shrink it for a quick look.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, type BenchReport } from './report';
import type { ChildReport } from './scanChild';
import { createScanFixture, type Expected } from './scanFixture';

const COMMITS = Number(process.env.PRACTICUM_BENCH_SCAN_COMMITS) || 100_000;
const EXTRA = 100;
const RUNS = Number(process.env.PRACTICUM_BENCH_RUNS) || 3;
const MEMORY_LIMIT_MB = 300;
const child = path.join(__dirname, 'scanChild.js');
const hasTime = existsSync('/usr/bin/time');

interface Measured extends ChildReport {
  /** Peak RSS of the largest process in the run's tree (node or git), KB. */
  treeMaxRssKb: number;
  /** CPU seconds of node and git together (user + system), when /usr/bin/time is there. */
  cpuS?: number;
}

/** Runs one child; under /usr/bin/time when present, which reports the process tree's peak RSS and CPU. */
function measure(args: string[]): Measured {
  const timeFile = path.join(os.tmpdir(), `practicum-bench-time-${process.pid}`);
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = hasTime ? ['-o', timeFile, '-f', '%M %U %S', process.execPath, child, ...args] : [child, ...args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const report = JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildReport;
  if (!hasTime) return { ...report, treeMaxRssKb: report.nodeMaxRssKb };
  const [rss = '0', user = '0', sys = '0'] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ');
  rmSync(timeFile, { force: true });
  return { ...report, treeMaxRssKb: Number(rss), cpuS: Number(user) + Number(sys) };
}

const ms = (x: number) => Math.round(x);
const mb = (kb: number) => Math.round(kb / 1024);

function matches(r: ChildReport, e: Expected): boolean {
  return r.ai === e.ai && r.assisted === e.assisted && r.building === e.building;
}

export async function run(): Promise<BenchReport> {
  const fixtureDir = path.join(os.tmpdir(), `practicum-bench-scan-${COMMITS}`);
  const t0 = performance.now();
  const fx = await createScanFixture(fixtureDir, COMMITS, EXTRA);
  const fixtureMs = performance.now() - t0;
  const work = mkdtempSync(path.join(os.tmpdir(), 'practicum-bench-scan-cache-'));
  const setHead = (ref: string) => execFileSync('git', ['symbolic-ref', 'HEAD', ref], { cwd: fx.dir });
  try {
    setHead('refs/heads/main');
    const refs: Measured[] = [];
    const colds: Measured[] = [];
    // Interleaved, so a busy machine slows both sides alike.
    for (let i = 0; i < RUNS; i++) {
      refs.push(measure(['reference', fx.dir]));
      rmSync(path.join(work, 'cold'), { recursive: true, force: true });
      colds.push(measure(['scan', fx.dir, path.join(work, 'cold')]));
    }
    const current = measure(['scan', fx.dir, path.join(work, 'cold')]);
    setHead('refs/heads/next');
    const warms: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      rmSync(path.join(work, 'warm'), { recursive: true, force: true });
      cpSync(path.join(work, 'cold'), path.join(work, 'warm'), { recursive: true });
      warms.push(measure(['scan', fx.dir, path.join(work, 'warm')]));
    }
    const refMs = median(refs.map((r) => r.wallMs));
    const coldMs = median(colds.map((r) => r.wallMs));
    const warmMs = median(warms.map((r) => r.wallMs));
    const peakKb = Math.max(...[...colds, ...warms, current].map((r) => r.treeMaxRssKb));
    const nodePeakKb = Math.max(...[...colds, ...warms, current].map((r) => r.nodeMaxRssKb));
    const cold = colds[0] as Measured;
    const warm = warms[0] as Measured;
    const correct = colds.every((c) => matches(c, fx.expectedMain) && c.totalCommits === COMMITS) && warms.every((w) => w.cache === 'incremental' && w.readCommits === EXTRA && w.totalCommits === COMMITS + EXTRA && w.ai === fx.expectedMain.ai + fx.expectedNext.ai);
    const cpu = (xs: Measured[]) => (xs.every((x) => x.cpuS !== undefined) ? median(xs.map((x) => x.cpuS as number)) : undefined);
    const refCpu = cpu(refs);
    const coldCpu = cpu(colds);
    return {
      figures: [
        { name: 'history', value: `${COMMITS} commits (+${EXTRA} for the warm rescan), ${RUNS} runs each`, unit: '' },
        { name: 'fixture ready', value: ms(fixtureMs), unit: 'ms' },
        { name: 'git log -p (reference), median', value: ms(refMs), unit: 'ms' },
        { name: 'cold scan, median', value: ms(coldMs), unit: 'ms' },
        { name: 'warm rescan (+100 commits), median', value: ms(warmMs), unit: 'ms' },
        { name: 'rescan, nothing new', value: ms(current.wallMs), unit: 'ms' },
        ...(refCpu !== undefined && coldCpu !== undefined
          ? [
              { name: 'git log -p CPU (user+sys), median', value: refCpu.toFixed(2), unit: 's' },
              { name: 'cold scan CPU incl. git, median', value: coldCpu.toFixed(2), unit: 's' },
            ]
          : []),
        { name: 'git log -p output', value: mb((refs[0]?.bytes ?? 0) / 1024), unit: 'MB' },
        { name: 'peak RSS, largest process (node or git)', value: mb(peakKb), unit: 'MB' },
        { name: 'peak RSS, node alone', value: mb(nodePeakKb), unit: 'MB' },
        { name: 'AI commits found (assisted / building)', value: `${cold.ai} (${cold.assisted} / ${cold.building}); planted ${fx.expectedMain.ai} (${fx.expectedMain.assisted} / ${fx.expectedMain.building})` },
        { name: 'warm rescan read', value: `${warm.readCommits} commits, cache ${warm.cache}` },
      ],
      targets: [
        { name: 'cold scan ≤ one git log -p', actual: `${(coldMs / refMs).toFixed(2)}×`, target: '≤ 1.00×', ok: coldMs <= refMs },
        { name: 'warm rescan < 1/10 of cold', actual: `${(warmMs / coldMs).toFixed(3)}×`, target: '< 0.100×', ok: warmMs < coldMs / 10 },
        { name: 'peak memory', actual: `${mb(peakKb)} MB`, target: `< ${MEMORY_LIMIT_MB} MB`, ok: peakKb < MEMORY_LIMIT_MB * 1024 },
        { name: 'finds exactly the planted AI commits', actual: correct ? 'yes' : 'no', target: 'yes', ok: correct },
      ],
    };
  } finally {
    setHead('refs/heads/main');
    rmSync(work, { recursive: true, force: true });
  }
}

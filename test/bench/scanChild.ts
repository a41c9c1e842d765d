/**
 * One measured run for the scan bench, in its own process so its memory and CPU (git's included,
 * as git is this process's child) are measured alone:
 *   node scanChild.js reference <repo>         drains `git log -p` (the reference cost)
 *   node scanChild.js scan <repo> <cacheDir> [jobs]   runs scanRepositoryDetailed (jobs: git processes)
 * Prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { scanRepositoryDetailed } from '../../src/core/git/scan';

/** What one child run reports. */
export interface ChildReport {
  wallMs: number;
  /** This process's peak resident memory, KB (git's is measured by the parent when it can). */
  nodeMaxRssKb: number;
  bytes?: number;
  cache?: string;
  readCommits?: number;
  totalCommits?: number;
  ai?: number;
  assisted?: number;
  building?: number;
}

async function reference(repo: string): Promise<ChildReport> {
  const started = performance.now();
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    const git = spawn('git', ['log', '-p', 'HEAD'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    git.stdout.on('data', (c: Buffer) => (bytes += c.length));
    git.on('error', reject);
    git.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git log -p exited ${code}`))));
  });
  return { wallMs: performance.now() - started, nodeMaxRssKb: process.resourceUsage().maxRSS, bytes };
}

async function scan(repo: string, cacheDir: string, jobs?: number): Promise<ChildReport> {
  const started = performance.now();
  const run = await scanRepositoryDetailed({ repo, cacheDir, ...(jobs ? { jobs } : {}) });
  const ai = run.result.aiCommits;
  return {
    wallMs: performance.now() - started,
    nodeMaxRssKb: process.resourceUsage().maxRSS,
    cache: run.cache,
    readCommits: run.readCommits,
    totalCommits: run.result.totalCommits,
    ai: ai.length,
    assisted: ai.filter((c) => c.assisted).length,
    building: ai.filter((c) => c.building).length,
  };
}

if (require.main === module) {
  const [mode, repo, cacheDir, jobs] = process.argv.slice(2);
  const job = mode === 'reference' && repo ? reference(repo) : mode === 'scan' && repo && cacheDir ? scan(repo, cacheDir, jobs ? Number(jobs) : undefined) : Promise.reject(new Error('usage: scanChild.js reference <repo> | scan <repo> <cacheDir>'));
  job.then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}

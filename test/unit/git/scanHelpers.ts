import { scanRepositoryDetailed, type ScanOptions, type ScanRun } from '../../../src/core/git/scan';
import type { AiCommit } from '../../../src/core/git/scanSchema';
import { ScanResultSchema } from '../../../src/core/git/scanSchema';
import type { Logger } from '../../../src/core/log';
import { tempDir, type TempRepo } from '../helpers/gitRepo';

/** A logger that keeps what it was told, for asserting on warnings. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { lines, error: rec('error'), warn: rec('warn'), info: rec('info'), debug: rec('debug') };
}

/** Scans `repo` with its own cache folder; the result is checked against the v1 contract. */
export async function scan(repo: TempRepo | string, opts: Partial<ScanOptions> & { cacheDir?: string } = {}): Promise<ScanRun> {
  const dir = typeof repo === 'string' ? repo : repo.dir;
  const own = opts.cacheDir ? undefined : tempDir('practicum-cache-');
  try {
    const run = await scanRepositoryDetailed({ repo: dir, cacheDir: opts.cacheDir ?? own!.dir, ...opts });
    ScanResultSchema.parse(run.result);
    return run;
  } finally {
    own?.dispose();
  }
}

/** The AI commit with `hash`, or undefined when the scan did not classify it. */
export function aiCommit(run: ScanRun, hash: string): AiCommit | undefined {
  return run.result.aiCommits.find((c) => c.hash === hash);
}

/**
 * Commits on `repo` one day apart from `${month}-01`, each remembered by name in `hashes`; `date()`
 * hands out the next day for commits made another way (a revert).
 */
export function dailyCommits(repo: TempRepo, hashes: Record<string, string>, month: string) {
  let day = 1;
  const date = () => `${month}-${String(day++).padStart(2, '0')}T09:00:00Z`;
  const commit = (name: string, files: Record<string, string | null>, message = name) => {
    hashes[name] = repo.commit({ files, message, date: date() });
  };
  return { commit, date };
}

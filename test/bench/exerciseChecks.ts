/**
 * Cheap exercise checks re-run on every save and commit, so they must stay in the range of the git
 * work a save already causes (VS Code's git integration runs several commands per refresh). The
 * budget is ten `git status` calls on the same repository, measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { ExerciseSchema } from '../../src/core/catalog/schema';
import { BranchChanges } from '../../src/core/checks/branchChanges';
import { isCheapCheck, runChecks } from '../../src/core/checks/runner';
import { scanClassifier } from '../../src/core/checks/scanClassifier';
import { TempRepo, tempDir } from '../unit/helpers/gitRepo';
import { median, type BenchReport } from './report';

const files = 1500;
const branchCommits = 40;

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function run(): Promise<BenchReport> {
  const repo = new TempRepo();
  const cache = tempDir('practicum-bench-scan-');
  try {
    const initial: Record<string, string> = {};
    for (let i = 0; i < files; i++) initial[`src/m${i % 40}/f${i}.ts`] = `export const v${i} = ${i};\n`.repeat(20);
    const base = repo.commit({ message: 'base', files: initial });
    repo.checkout('practicum/bench', true);
    for (let c = 0; c < branchCommits; c++) {
      const changed: Record<string, string> = {};
      for (let k = 0; k < 4; k++) changed[`src/m${k}/f${c * 4 + k}.ts`] = `export const changed${c} = 'retry with backoff';\n`.repeat(30);
      repo.commit({ message: c === 7 ? 'work\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' : `work ${c}`, files: changed });
    }
    for (let k = 0; k < 20; k++) repo.write(`src/m9/f${900 + k}.ts`, 'uncommitted edit\n');

    const exercise = ExerciseSchema.parse({
      id: 'bench', title: 'B', summary: 's', order: 0, estimateMinutes: 1, steps: ['s'], acceptance: ['a'],
      checks: [
        { id: 'f', title: 'F', kind: 'files', glob: 'src/**/*.ts', minCount: 10 },
        { id: 'd', title: 'D', kind: 'diff', pattern: 'retry with backoff', glob: '*.ts' },
        { id: 'n', title: 'N', kind: 'commits', min: 3 },
        { id: 'a', title: 'A', kind: 'aiCommit' },
        { id: 'm', title: 'M', kind: 'manual', description: 'd' },
      ],
    });
    // As in the editor: one classifier per window, backed by the scanner and its cache.
    const classifyAiCommits = scanClassifier({ cacheDir: cache.dir, teamRules: () => true });
    const cheap = async () => {
      const results = await runChecks(
        exercise,
        { repoDir: repo.dir, exerciseId: 'bench', changes: new BranchChanges(repo.dir, { base, head: 'HEAD', workingTree: true }), answers: {}, attested: new Set(['m']), classifyAiCommits },
        { filter: isCheapCheck },
      );
      if (results.some((r) => r.status !== 'pass')) throw new Error(`bench setup is wrong: ${JSON.stringify(results)}`);
    };
    const status = () => execFileSync('git', ['status', '--porcelain'], { cwd: repo.dir, stdio: 'pipe' });

    await cheap();
    status();
    const checkTimes: number[] = [];
    const statusTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      statusTimes.push(time(status));
      checkTimes.push(await timeAsync(cheap));
    }
    // After a commit the head moves: the scanner reads the one new commit into its cache.
    const afterCommitTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      repo.commit({ message: `more ${i}`, files: { [`src/m1/extra${i}.ts`]: 'export const x = 1;\n' } });
      afterCommitTimes.push(await timeAsync(cheap));
    }
    const checks = median(checkTimes);
    const afterCommit = median(afterCommitTimes);
    const reference = median(statusTimes);
    const ratio = checks / reference;
    const commitRatio = afterCommit / reference;
    return {
      figures: [
        { name: `cheap checks (5 kinds, ${branchCommits} commits, ${files} files)`, value: Math.round(checks), unit: 'ms' },
        { name: 'cheap checks after a commit (incremental scan)', value: Math.round(afterCommit), unit: 'ms' },
        { name: 'git status --porcelain (reference)', value: Math.round(reference), unit: 'ms' },
      ],
      targets: [
        { name: 'cheap checks on save vs git status', actual: `${ratio.toFixed(1)}×`, target: '≤ 10×', ok: ratio <= 10 },
        { name: 'cheap checks after a commit vs git status', actual: `${commitRatio.toFixed(1)}×`, target: '≤ 20×', ok: commitRatio <= 20 },
      ],
    };
  } finally {
    repo.dispose();
    cache.dispose();
  }
}

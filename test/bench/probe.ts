/**
 * A probe check over 20 cases must add under 2 s to the learner's own command time: the worktree of
 * the checked commit, the local provider, one process per case and the judging. The reference is the
 * same command run 20 times directly, one after another, against a local provider started once.
 */
import { ExerciseSchema } from '../../src/core/catalog/schema';
import { branchAiCommits } from '../../src/core/checks/aiCommits';
import { BranchChanges } from '../../src/core/checks/branchChanges';
import { runChecks } from '../../src/core/checks/runner';
import { runShell } from '../../src/core/checks/shell';
import { modelEnv } from '../../src/core/model/env';
import { startModelServer } from '../../src/core/model/server';
import { prelude } from '../unit/checks/probe/harness';
import { TempRepo } from '../unit/helpers/gitRepo';
import { median, type BenchReport } from './report';

const caseCount = 20;
const program = `${prelude}
(async () => {
  const doc = fs.readFileSync('docs/deploy.md', 'utf8');
  const r = await chat([{ role: 'user', content: 'Context:\\n[docs/deploy.md:1-2] ' + doc + '\\nQuestion: ' + input.question }]);
  print({ answer: r.content, citations: ['docs/deploy.md:1-2'] });
})();
`;

export async function run(): Promise<BenchReport> {
  const repo = new TempRepo();
  try {
    const base = repo.commit({ message: 'base', files: { 'README.md': '# app\n', 'docs/deploy.md': 'Run make deploy from main.\nDeploys need a green build.\n' } });
    repo.checkout('practicum/bench', true);
    repo.commit({ message: 'work', files: { 'ask.js': program } });
    const cases = Array.from({ length: caseCount }, (_, i) => ({ id: `q${i}`, input: { question: `How do I deploy from main, take ${i}?` }, expect: { sources: ['docs/deploy.md:1-1'] } }));
    repo.commit({ message: 'cases', files: { 'cases.jsonl': cases.map((c) => JSON.stringify(c)).join('\n') + '\n' } });
    const exercise = ExerciseSchema.parse({
      id: 'bench', title: 'B', summary: 's', order: 0, estimateMinutes: 1, steps: ['s'], acceptance: ['a'],
      checks: [{ id: 'p', title: 'P', kind: 'probe', command: 'node ask.js', learnerCases: 'cases.jsonl', evaluator: { type: 'citations', k: 5, minHitAtK: 1 } }],
    });
    const probe = async () => {
      const t = performance.now();
      const [r] = await runChecks(exercise, {
        repoDir: repo.dir, exerciseId: 'bench', answers: {}, attested: new Set(), classifyAiCommits: branchAiCommits,
        changes: new BranchChanges(repo.dir, { base, head: 'refs/heads/practicum/bench', workingTree: false }),
      });
      if (r?.status !== 'pass') throw new Error(`bench setup is wrong: ${JSON.stringify(r)}`);
      return performance.now() - t;
    };
    const direct = async () => {
      const server = await startModelServer({ port: 0 });
      try {
        const t = performance.now();
        for (const c of cases) {
          const r = await runShell('node ask.js', { cwd: repo.dir, timeoutMs: 30_000, input: JSON.stringify({ id: c.id, input: c.input }) + '\n', env: modelEnv(server.url) });
          if (r.exitCode !== 0) throw new Error(`bench program failed: ${r.output}`);
        }
        return performance.now() - t;
      } finally {
        await server.close();
      }
    };
    await direct();
    const probeTimes: number[] = [];
    const directTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      directTimes.push(await direct());
      probeTimes.push(await probe());
    }
    const p = median(probeTimes);
    const d = median(directTimes);
    const overhead = p - d;
    return {
      figures: [
        { name: `probe check, ${caseCount} cases (worktree, provider, judging)`, value: Math.round(p), unit: 'ms' },
        { name: `the same command ${caseCount} times directly (reference)`, value: Math.round(d), unit: 'ms' },
        { name: 'ratio', value: (p / d).toFixed(2) },
      ],
      targets: [{ name: `probe overhead over ${caseCount} cases`, actual: `${Math.round(overhead)} ms`, target: '< 2000 ms', ok: overhead < 2000 }],
    };
  } finally {
    repo.dispose();
  }
}

import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { addReview } from '../../../src/core/review/review';
import { submitExercise } from '../../../src/core/review/submit';
import { runCli } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';

describe('practicum stats with review records', function () {
  this.timeout(30_000);

  it('adds turnaround, first-pass approval and rounds for the cohort members only', async () => {
    const repo = new TempRepo();
    const dir = tempDir();
    try {
      const ana = { name: 'Ana', email: 'ana@corp.example' };
      repo.git(['config', 'user.email', ana.email]);
      repo.commit({ files: { 'README.md': '# app\n' }, message: 'init', author: ana, date: '2026-03-01T00:00:00Z' });
      repo.checkout('practicum/rag-prototype', true);
      repo.commit({ files: { 'rag.py': 'import openai\n' }, message: 'rag', author: ana, date: '2026-03-09T00:00:00Z' });
      const clock = new ManualClock(Date.parse('2026-03-10T00:00:00Z'));
      const r1 = await submitExercise({ repo: repo.dir, exerciseId: 'rag-prototype', clock });
      clock.set(Date.parse('2026-03-11T06:00:00Z')); // 30 h later
      await addReview({ repo: repo.dir, submissionId: r1.record.id, verdict: 'changes', body: 'cite sources', reviewer: { name: 'Mo', email: 'mo@corp.example' }, clock });
      repo.commit({ files: { 'rag.py': 'import openai\n# citations\n' }, message: 'citations', author: ana, date: '2026-03-12T00:00:00Z' });
      clock.set(Date.parse('2026-03-12T00:00:00Z'));
      const r2 = await submitExercise({ repo: repo.dir, exerciseId: 'rag-prototype', clock });
      clock.set(Date.parse('2026-03-12T12:00:00Z')); // 12 h later
      await addReview({ repo: repo.dir, submissionId: r2.record.id, verdict: 'approve', body: 'good', reviewer: { name: 'Mo', email: 'mo@corp.example' }, clock });
      // A non-member's submission must not count.
      repo.git(['config', 'user.email', 'zed@corp.example']);
      repo.checkout('practicum/eval-harness', true);
      repo.commit({ files: { 'eval.py': 'x = 1\n' }, message: 'eval', author: { name: 'Zed', email: 'zed@corp.example' }, date: '2026-03-13T00:00:00Z' });
      clock.set(Date.parse('2026-03-13T00:00:00Z'));
      await submitExercise({ repo: repo.dir, exerciseId: 'eval-harness', base: r1.record.base, clock });

      const cohort = path.join(dir.dir, 'c.json');
      writeFileSync(cohort, JSON.stringify({ name: 'c', start: '2026-02-01', end: '2026-03-01', members: [{ email: 'ANA@corp.example' }] }));
      const r = runCli(['stats', '--cohort', cohort, '--repo', repo.dir, '--as-of', '2026-05-28', '--json'], { env: { PRACTICUM_CACHE_DIR: path.join(dir.dir, 'cache') } });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.json().summary.reviews, {
        submissions: 2,
        reviewed: 2,
        overdue: 0,
        medianTurnaroundHours: 21,
        firstPassApprovalRate: 0,
        meanRoundsToApproval: 2,
      });
    } finally {
      repo.dispose();
      dir.dispose();
    }
  });
});

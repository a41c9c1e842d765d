import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { AiCommitEventLog, aiCommitEventData, selectNewAiCommits } from '../../../src/core/git/aiCommitEvents';
import { commitSubjects } from '../../../src/core/git/commitSubjects';
import { learnerEmail, learnerSummary, startOfWeek } from '../../../src/core/git/learnerCommits';
import type { AiCommit } from '../../../src/core/git/scanSchema';
import { silentLogger } from '../../../src/core/log';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { scan } from './scanHelpers';

const claude = 'Co-authored-by: Claude <noreply@anthropic.com>';

describe('learner view of a scan', () => {
  it('starts the week on Monday 00:00 local time', () => {
    const wed = new Date(2026, 1, 18, 15, 30); // Wednesday 18 Feb 2026
    assert.equal(startOfWeek(wed).getTime(), new Date(2026, 1, 16).getTime());
    const sun = new Date(2026, 1, 22, 23, 0);
    assert.equal(startOfWeek(sun).getTime(), new Date(2026, 1, 16).getTime());
    const mon = new Date(2026, 1, 16, 0, 0);
    assert.equal(startOfWeek(mon).getTime(), mon.getTime());
  });

  it('counts my AI commits this week and in total, my first, using my mailmapped git email', async () => {
    const repo = new TempRepo();
    try {
      const me = { name: 'Alice Example', email: 'alice@corp.example' };
      repo.write('.mailmap', 'Alice Example <alice@corp.example> <alice@old.example>\n');
      const first = repo.commit({ message: `old\n\n${claude}`, author: { name: 'Alice', email: 'alice@old.example' }, date: '2026-01-05T10:00:00Z' });
      repo.commit({ message: `theirs\n\n${claude}`, author: { name: 'Bob', email: 'bob@corp.example' }, date: '2026-02-17T10:00:00Z' });
      const recent = repo.commit({ message: 'rag', files: { 'a.py': 'import openai\n' }, author: me, date: '2026-02-17T12:00:00Z' });
      repo.commit({ message: 'plain', author: me, date: '2026-02-18T12:00:00Z' });
      repo.git(['config', 'user.email', 'ALICE@old.example']);
      const email = await learnerEmail({ cwd: repo.dir });
      assert.equal(email, 'alice@corp.example');
      const s = learnerSummary((await scan(repo)).result, email, new Date(2026, 1, 18, 12));
      assert.deepEqual(
        { thisWeek: s.thisWeek, total: s.total, commits: s.commits, firstAt: s.firstAt, recent: s.recent.map((c) => c.hash), repoAi: s.repoAiCommits, repoCommits: s.repoCommits },
        { thisWeek: 1, total: 2, commits: 3, firstAt: '2026-01-05T10:00:00Z', recent: [recent, first], repoAi: 3, repoCommits: 4 },
      );
      assert.deepEqual(await commitSubjects({ cwd: repo.dir }, [recent, first]), new Map([[recent, 'rag'], [first, 'old']]));
    } finally {
      repo.dispose();
    }
  });

  it('without a git email: no personal counts, repository totals only', () => {
    const s = learnerSummary({ schema: 'practicum.scan/v1', repo: '/r', head: 'h', rulesVersion: 'v', totalCommits: 3, aiCommits: [], authors: [] }, undefined, new Date());
    assert.equal(s.email, undefined);
    assert.equal(s.total, 0);
    assert.equal(s.repoCommits, 3);
  });
});

describe('ai.commit events', () => {
  const commit = (hash: string, authoredAt: string, signals: string[], building = false): AiCommit => ({ hash: hash.repeat(40).slice(0, 40), authorName: 'A', authorEmail: 'a@x.example', authoredAt, assisted: !building, building, signals });
  const a = commit('a', '2026-02-01T10:00:00Z', ['co-author:claude']);
  const b = commit('b', '2026-02-02T10:00:00Z', ['sdk:openai(+src/secret/rag.py)', 'trailer:assisted-by(Internal Tool v2)'], true);

  it('carries kinds and signal names, never a hash, a message, a path or a trailer value', () => {
    const data = aiCommitEventData(b);
    assert.deepEqual(data, { authoredAt: '2026-02-02T10:00:00Z', kinds: ['building'], signals: ['sdk:openai', 'trailer:assisted-by'] });
    assert.doesNotMatch(JSON.stringify(data), /secret|rag\.py|Internal|bbbb/);
  });

  it('the first scan is a baseline; later, each new commit once, also after a rebase changes its hash', () => {
    const now = new Date('2026-02-03T00:00:00Z');
    const first = selectNewAiCommits(undefined, [a], now);
    assert.deepEqual(first.fresh, []);
    const second = selectNewAiCommits(first.next, [b, a], now);
    assert.deepEqual(second.fresh, [b]);
    assert.deepEqual(selectNewAiCommits(second.next, [b, a], now).fresh, []);
    const rebased = { ...b, hash: 'c'.repeat(40) };
    assert.deepEqual(selectNewAiCommits(second.next, [rebased, a], now).fresh, []);
  });

  it('emits through the sink once, even with two windows recording at the same time', async () => {
    const dir = tempDir();
    try {
      const emitted: Array<[string, Record<string, unknown>]> = [];
      const sink = { emit: (type: string, data: Record<string, unknown>) => void emitted.push([type, data]) };
      const file = path.join(dir.dir, 'ai-commits-seen.json');
      const w1 = new AiCommitEventLog(file, sink, silentLogger);
      const w2 = new AiCommitEventLog(file, sink, silentLogger);
      assert.equal(await w1.record('/repo', [a], new Date()), 0);
      const counts = await Promise.all([w1.record('/repo', [b, a], new Date()), w2.record('/repo', [b, a], new Date())]);
      assert.deepEqual(counts.sort(), [0, 1]);
      assert.deepEqual(emitted, [['ai.commit', aiCommitEventData(b)]]);
      assert.equal(await w2.record('/other-repo', [a, b], new Date()), 0, 'another repository has its own baseline');
    } finally {
      dir.dispose();
    }
  });
});

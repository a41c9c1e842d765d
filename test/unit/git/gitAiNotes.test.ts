import { strict as assert } from 'node:assert';
import { parseGitAiNote } from '../../../src/core/git/gitAiNotes';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { aiCommit, scan } from './scanHelpers';

const note = (tool: string, attested = true) => `${attested ? 'src/main.rs\n  abcd1234abcd1234 1-10,15\n' : ''}---
${JSON.stringify({ schema_version: 'authorship/3.0.0', base_commit_sha: '0'.repeat(40), prompts: { abcd1234abcd1234: { agent_id: { tool, id: 'x', model: 'm' }, messages: [], total_additions: 1, total_deletions: 0, accepted_lines: 1, overriden_lines: 0 } } })}
`;

describe('git-ai authorship notes', () => {
  it('names the agent of attested lines', () => {
    assert.deepEqual(parseGitAiNote(note('cursor')), ['git-ai:cursor']);
    assert.deepEqual(parseGitAiNote(note('Claude Code')), ['git-ai:claude-code']);
  });

  it('gives nothing for a log without AI lines, and "unknown" for unreadable metadata', () => {
    assert.deepEqual(parseGitAiNote(note('cursor', false)), []);
    assert.deepEqual(parseGitAiNote('src/a.ts\n  0123456789abcdef 3\n---\n{ not json'), ['git-ai:unknown']);
  });

  it('marks noted commits assisted, and picks up notes added after a cached scan', async () => {
    const repo = new TempRepo();
    const cache = tempDir();
    try {
      const a = repo.commit({ message: 'a', files: { 'a.txt': 'a' } });
      const b = repo.commit({ message: 'b', files: { 'b.txt': 'b' } });
      repo.git(['notes', '--ref=ai', 'add', '-m', note('claude'), a]);
      const first = await scan(repo, { cacheDir: cache.dir });
      assert.deepEqual(aiCommit(first, a)?.signals, ['git-ai:claude']);
      assert.equal(aiCommit(first, a)?.assisted, true);
      assert.equal(aiCommit(first, b), undefined);
      repo.git(['notes', '--ref=ai', 'add', '-m', note('copilot'), b]);
      const second = await scan(repo, { cacheDir: cache.dir });
      assert.equal(second.readCommits, 0);
      assert.deepEqual(aiCommit(second, b)?.signals, ['git-ai:copilot']);
      repo.git(['notes', '--ref=ai', 'remove', a]);
      const third = await scan(repo, { cacheDir: cache.dir });
      assert.equal(aiCommit(third, a), undefined);
      assert.ok(aiCommit(third, b));
    } finally {
      repo.dispose();
      cache.dispose();
    }
  });
});

import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ScanResultSchema } from '../../../src/core/git/scanSchema';
import { runCli } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';

describe('practicum scan', () => {
  let repo: TempRepo;
  let cache: { dir: string; dispose(): void };
  const env = () => ({ PRACTICUM_CACHE_DIR: cache.dir });
  const h: Record<string, string> = {};

  before(() => {
    repo = new TempRepo();
    cache = tempDir('practicum-cli-cache-');
    const bob = { name: 'Bob Builder', email: 'Bob@Corp.example' };
    h.plain = repo.commit({ message: 'start', files: { 'README.md': '# x\n' }, date: '2026-01-02T10:00:00Z' });
    h.claude = repo.commit({ message: 'parser\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', date: '2026-01-05T10:00:00Z' });
    h.sdk = repo.commit({ message: 'rag', files: { 'app/rag.py': 'from openai import OpenAI\n' }, author: bob, date: '2026-01-20T10:00:00Z' });
    h.aiderCommitted = repo.commit({ message: 'wip', committer: { name: 'Bob Builder (aider)', email: bob.email }, author: bob, date: '2026-01-21T10:00:00Z' });
  });
  after(() => {
    repo.dispose();
    cache.dispose();
  });

  it('--json prints one practicum.scan/v1 object', () => {
    const r = runCli(['scan', '--repo', repo.dir, '--json'], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    const out = ScanResultSchema.parse(r.json());
    assert.equal(out.head, repo.head());
    assert.equal(out.totalCommits, 4);
    assert.deepEqual(out.aiCommits.map((c) => [c.hash, c.assisted, c.building, c.signals]), [
      [h.sdk, false, true, ['sdk:openai(+app/rag.py)']],
      [h.claude, true, false, ['co-author:claude']],
    ]);
    assert.equal(out.aiCommits[0]?.authoredAt, '2026-01-20T10:00:00Z');
    const bob = out.authors.find((a) => a.email === 'bob@corp.example');
    assert.deepEqual(bob, { email: 'bob@corp.example', name: 'Bob Builder', commits: 2, aiCommits: 1, firstAiCommitAt: '2026-01-20T10:00:00Z' });
    assert.ok(existsSync(path.join(cache.dir, 'scan')) && readdirSync(path.join(cache.dir, 'scan')).length === 1, 'cache under $PRACTICUM_CACHE_DIR');
  });

  it('--since and --author narrow the commits (author times, emails case-insensitive)', () => {
    const since = ScanResultSchema.parse(runCli(['scan', '--repo', repo.dir, '--since', '2026-01-05', '--json'], { env: env() }).json());
    assert.equal(since.totalCommits, 3);
    const author = ScanResultSchema.parse(runCli(['scan', '--repo', repo.dir, '--author', 'BOB@corp.example', '--json'], { env: env() }).json());
    assert.equal(author.totalCommits, 2);
    assert.deepEqual(author.authors.map((a) => a.email), ['bob@corp.example']);
    assert.deepEqual(author.aiCommits.map((c) => c.hash), [h.sdk]);
  });

  it('without --json prints totals, top signals, what was not counted, and authors', () => {
    const r = runCli(['scan'], { cwd: path.join(repo.dir, 'app'), env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /4 commits, 2 AI-related \(50\.0%\): 1 assisted, 1 building/);
    assert.match(r.stdout, /Top signals\n {2}co-author:claude +1\n {2}sdk:openai +1/);
    assert.match(r.stdout, /Not counted \(signals on commits that are not AI-related otherwise\):\n {2}committer:aider +1 +a tool committed a person's own change\n/);
    assert.match(r.stdout, /bob@corp\.example +2 +1 +2026-01-20/);
  });

  it('keeps the author table aligned when an email is long, and prints no progress for a quick scan', () => {
    const other = new TempRepo();
    try {
      const long = 'a.very.long.first.and.last.name.of.someone@subsidiary.department.corp.example';
      other.commit({ message: 'x\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', author: { name: 'Long', email: long } });
      other.commit({ message: 'y', author: { name: 'Bo', email: 'bo@x.example' } });
      const r = runCli(['scan', '--repo', other.dir, '--jobs', '2', '--progress'], { env: env() });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const table = r.stdout.slice(r.stdout.indexOf('Authors\n') + 8).trimEnd().split('\n');
      assert.equal(table.length, 3);
      // Every row puts the commits column right after the longest email: same offset, right-aligned.
      const at = 2 + long.length;
      assert.equal((table[0] as string).slice(at, at + 9), '  commits', table.join('\n'));
      for (const row of table.slice(1)) assert.match(row.slice(at, at + 9), /^ {2} *\d+$/, table.join('\n'));
      assert.ok((table[2] as string).startsWith('  bo@x.example   '), table.join('\n'));
    } finally {
      other.dispose();
    }
  });

  it('bad usage and bad environments exit 2 with one line that names the fix', () => {
    const notRepo = tempDir();
    try {
      const cases: Array<[string[], Record<string, string>, RegExp]> = [
        [['scan', '--repo', notRepo.dir], {}, /is not in a git repository\. Run the scan inside a repository or pass --repo DIR\./],
        [['scan', '--repo', repo.dir, '--since', 'last tuesday'], {}, /--since "last tuesday" is not a date; use an ISO 8601 date/],
        [['scan', '--repo', repo.dir, '--frobnicate'], {}, /Unknown option '--frobnicate'.*--help/],
        [['scan', '--repo', repo.dir, '--jobs', '0'], {}, /--jobs "0" is not a number of processes; use a whole number from 1 to 64\./],
        [['scan', '--repo', repo.dir, '--jobs', 'all'], {}, /--jobs "all" is not a number of processes/],
        [['scan', '--repo', repo.dir], { PATH: notRepo.dir }, /git was not found.*Install git/],
      ];
      for (const [args, extra, expected] of cases) {
        const r = runCli(args, { env: { ...env(), ...extra } });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, expected);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      }
    } finally {
      notRepo.dispose();
    }
  });

  it('a broken team rules file: results with the built-ins, the problem on stderr, exit 1', () => {
    const other = new TempRepo();
    try {
      other.write('.practicum/ai-rules.json', JSON.stringify({ version: 1, sdks: [{ id: 'x', python: ['not a module!'] }] }));
      other.commit({ message: 'a\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' });
      const r = runCli(['scan', '--repo', other.dir, '--json'], { env: env() });
      assert.equal(r.code, 1);
      assert.equal(ScanResultSchema.parse(r.json()).aiCommits.length, 1);
      assert.match(r.stderr, /ai-rules\.json: field sdks\.0\.python\.0: /);
    } finally {
      other.dispose();
    }
  });

  it('says when history is partial (shallow clone)', () => {
    const clone = tempDir('practicum-shallow-');
    try {
      repo.git(['clone', '-q', '--depth', '2', `file://${repo.dir}`, clone.dir]);
      const r = runCli(['scan', '--repo', clone.dir], { env: env() });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /History is partial: this is a shallow clone/);
      assert.match(r.stdout, /2 commits/);
    } finally {
      clone.dispose();
    }
  });

  it('an empty repository is not an error', () => {
    const empty = new TempRepo();
    try {
      const r = runCli(['scan', '--repo', empty.dir, '--json'], { env: env() });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(ScanResultSchema.parse(r.json()).totalCommits, 0);
      assert.match(runCli(['scan', '--repo', empty.dir], { env: env() }).stdout, /No commits yet/);
      empty.commit({ message: 'first' });
      assert.match(runCli(['scan', '--repo', empty.dir], { env: env() }).stdout, /^1 commit, 0 AI-related/m);
    } finally {
      empty.dispose();
    }
  });
});

import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';

const ana = { name: 'Ana', email: 'ana@corp.example' };

describe('practicum stats: arguments as documented', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let dir: ReturnType<typeof tempDir>;
  let cohortFile: string;

  before(() => {
    repo = new TempRepo();
    repo.commit({ files: { 'a.ts': 'export const a = 1;\n' }, message: 'add a\n\nCo-authored-by: Claude <noreply@anthropic.com>', author: ana, date: '2026-03-02T09:00:00Z' });
    dir = tempDir();
    cohortFile = path.join(dir.dir, 'q1.json');
    writeFileSync(cohortFile, JSON.stringify({ name: 'Q1', start: '2026-01-05', end: '2026-02-27', members: [{ email: ana.email, name: ana.name }] }));
  });
  after(() => {
    repo.dispose();
    dir.dispose();
  });

  const run = (extra: string[]) =>
    runCli(['stats', '--cohort', cohortFile, '--repo', repo.dir, '--as-of', '2026-05-28', ...extra], { env: { PRACTICUM_CACHE_DIR: path.join(dir.dir, 'cache') } });

  it('a missing --outcomes file is a one-line usage error naming the file and the fix, not an unexpected error', () => {
    const missing = path.join(dir.dir, 'outbox', 'nope.jsonl');
    const r = run(['--json', '--outcomes', missing]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.doesNotMatch(r.stderr, /unexpected error/);
    assert.match(r.stderr, /nope\.jsonl: cannot read the outcomes file \(ENOENT\)\. Check the path\./);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('without --json or --csv prints the readable summary (the usage line says both are optional)', () => {
    const r = run([]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Q1: 1\/1 members with an AI commit since completion \(as of 2026-05-28\)/);
    const help = runCli(['stats', '--help']);
    assert.match(help.stdout, /\[--json \| --csv\]/);
    assert.match(help.stdout, /\[--outcomes FILE\]\.\.\./);
  });
});

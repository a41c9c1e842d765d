import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { StatsResultSchema } from '../../../src/core/metrics/statsSchema';
import { runCli } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';

/**
 * A member whose anchor is after --as-of has not been followed yet: normal in a running program
 * (a later completion date), so a warning and exit 0, as the help text says; a bad member is an
 * error (exit 1).
 */
describe('practicum stats: members not followed yet', function () {
  this.timeout(30_000);
  const ana = { name: 'Ana', email: 'ana@corp.example' };
  const bo = { name: 'Bo', email: 'bo@corp.example' };
  let repo: TempRepo;
  let tmp: { dir: string; dispose(): void };
  const run = (members: unknown[], asOf = '2026-03-01') => {
    const file = path.join(tmp.dir, 'cohort.json');
    writeFileSync(file, JSON.stringify({ name: 'pilot', start: '2026-01-01', end: '2026-01-08', members }));
    return runCli(['stats', '--cohort', file, '--repo', repo.dir, '--as-of', asOf, '--json'], { env: { PRACTICUM_CACHE_DIR: path.join(tmp.dir, 'cache') } });
  };

  before(() => {
    tmp = tempDir('practicum-notyet-');
    repo = new TempRepo();
    repo.commit({ message: 'a\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', author: ana, date: '2026-01-18T00:00:00Z' });
    repo.commit({ message: 'b\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', author: bo, date: '2026-02-01T00:00:00Z' });
  });
  after(() => {
    repo.dispose();
    tmp.dispose();
  });

  it('an anchor after --as-of is a warning naming the member, listed with null days, out of the summary, exit 0', () => {
    const r = run([{ email: ana.email }, { email: bo.email, completedAt: '2026-04-01' }]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /practicum stats: warning: bo@corp\.example: anchor 2026-04-01T00:00:00\.000Z is after as-of; not followed yet/);
    const s = StatsResultSchema.parse(r.json());
    const boRow = s.members.find((m) => m.email === bo.email);
    assert.equal(boRow?.days, null);
    assert.equal(boRow?.censoredDays, null);
    assert.equal(boRow?.aiCommits, 0, "bo's commit is before bo's anchor");
    assert.equal(s.members.find((m) => m.email === ana.email)?.days, 10);
    assert.equal(s.curve.reduce((n, p) => n + p.events + p.censored, 0), 1, 'only ana is in the estimate');
    assert.equal(s.summary.medianDays, 10);
    const file = path.join(tmp.dir, 'cohort.json');
    const text = runCli(['stats', '--cohort', file, '--repo', repo.dir, '--as-of', '2026-03-01'], { env: { PRACTICUM_CACHE_DIR: path.join(tmp.dir, 'cache') } }).stdout;
    assert.match(text, /bo@corp\.example\s+not followed yet \(anchor after as-of\)/);
  });

  it('a bad member is an error: exit 1, the others still computed', () => {
    const r = run([{ email: ana.email }, { email: 'not-an-email' }]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /members\[1\]\.email: must be an email address/);
    assert.equal(StatsResultSchema.parse(r.json()).members.length, 1);
  });

  it('the help text says the same', () => {
    const help = runCli(['stats', '--help']).stdout;
    assert.match(help, /anchor is after --as-of \(not followed yet\)[\s\S]*so it exits 0/);
    assert.match(help, /1 the cohort file has errors \(a bad or duplicate member is\s+left out/);
    assert.doesNotMatch(help, /1 some members were left out/);
  });
});

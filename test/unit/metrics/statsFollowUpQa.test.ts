import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { kaplanMeier, shareReachedBy } from '../../../src/core/metrics/kaplanMeier';
import { runCli } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';

/**
 * A member who reached their first AI commit has still been followed until as-of: the 30/60/90
 * figures are known (not null) once as-of is that far past the anchor, even when every event was early.
 */
describe('practicum stats: follow-up of members who reached', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  let dir: ReturnType<typeof tempDir>;

  before(() => {
    repo = new TempRepo();
    const ana = { name: 'Ana', email: 'ana@corp.example' };
    repo.commit({ files: { 'README.md': '# app\n' }, message: 'init', author: ana, date: '2026-01-06T09:00:00Z' });
    repo.commit({ files: { 'a.ts': 'export const a = 1;\n' }, message: 'add a\n\nCo-authored-by: Claude <noreply@anthropic.com>', author: ana, date: '2026-03-02T00:00:00Z' });
    dir = tempDir();
  });
  after(() => {
    repo.dispose();
    dir.dispose();
  });

  it('within 30/60/90 is 1 when the only member reached on day 3 and was followed 123 days', () => {
    const cohort = path.join(dir.dir, 'cohort.json');
    writeFileSync(cohort, JSON.stringify({ name: 'c', start: '2026-01-05', end: '2026-02-27', members: [{ email: 'ana@corp.example' }] }));
    const r = runCli(['stats', '--cohort', cohort, '--repo', repo.dir, '--as-of', '2026-06-30', '--json'], { env: { PRACTICUM_CACHE_DIR: path.join(dir.dir, 'cache') } });
    assert.equal(r.code, 0, r.stderr);
    const s = r.json();
    assert.equal(s.members[0].days, 3);
    assert.deepEqual(s.summary.within, { '30': 1, '60': 1, '90': 1 });
  });

  it('rounds within to 4 decimals, like every other figure (a third is 0.3333, not 0.33333333333333326)', () => {
    const cohort = path.join(dir.dir, 'thirds.json');
    const members = [{ email: 'ana@corp.example' }, { email: 'bo@corp.example' }, { email: 'cy@corp.example' }];
    writeFileSync(cohort, JSON.stringify({ name: 'c', start: '2026-01-05', end: '2026-02-27', members }));
    const r = runCli(['stats', '--cohort', cohort, '--repo', repo.dir, '--as-of', '2026-06-30', '--json'], { env: { PRACTICUM_CACHE_DIR: path.join(dir.dir, 'cache') } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json().summary.within, { '30': 0.3333, '60': 0.3333, '90': 0.3333 });
  });

  it('within stays null beyond the as-of follow-up', () => {
    const km = kaplanMeier([{ time: 3, event: true, followedUntil: 45 }]);
    assert.equal(shareReachedBy(km, 30), 1);
    assert.equal(shareReachedBy(km, 60), null);
  });
});

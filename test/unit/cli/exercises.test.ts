import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CatalogListingSchema, CatalogValidationSchema } from '../../../src/core/catalog/report';
import { exerciseFiles, smallCatalog, writeCatalog } from '../catalog/fixtures';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/gitRepo';

describe('practicum exercises', () => {
  let tmp: { dir: string; dispose(): void };
  let bundled: string;
  beforeEach(() => {
    tmp = tempDir('practicum-cli-catalog-');
    bundled = path.join(tmp.dir, 'bundled');
    writeCatalog(bundled, smallCatalog());
  });
  afterEach(() => tmp.dispose());
  const env = () => ({ PRACTICUM_BUNDLED_CATALOG: bundled });

  describe('validate', () => {
    it('prints the practicum.catalog-validation/v1 report and exits 0 for a valid folder', () => {
      const r = runCli(['exercises', 'validate', bundled, '--json'], { env: env() });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.json(), { schema: 'practicum.catalog-validation/v1', ok: true, exercises: 2, errors: [] });
    });

    it('exits 1 naming each broken file and field, counting the exercises that still load', () => {
      const team = path.join(tmp.dir, 'team');
      writeCatalog(team, {
        ...exerciseFiles('t', 'm', 'good'),
        ...exerciseFiles('t', 'm', 'bad-kind', { checks: [{ id: 'x', title: 'X', kind: 'lint' }] }),
        't/m/bad-json/exercise.json': '{ nope',
        't/m/bad-json/brief.md': '# b',
        't/m/no-brief/exercise.json': { id: 'no-brief' },
        ...exerciseFiles('t', 'm', 'a'),
        ...exerciseFiles('t', 'other', 'lost'),
      });
      const r = runCli(['exercises', 'validate', team, '--json'], { env: env() });
      assert.equal(r.code, 1);
      const report = CatalogValidationSchema.parse(r.json());
      assert.equal(report.ok, false);
      // `a` replaces the bundled exercise of that id; `good` adds to the bundled track and module.
      assert.equal(report.exercises, 2);
      assert.deepEqual(
        report.errors.map((e) => [e.file, e.path]),
        [
          ['t/m/bad-json/exercise.json', null],
          ['t/m/bad-kind/exercise.json', 'checks.0.kind'],
          ['t/m/no-brief/brief.md', null],
          ['t/m/no-brief/exercise.json', 'title'],
          ['t/m/no-brief/exercise.json', 'summary'],
          ['t/m/no-brief/exercise.json', 'order'],
          ['t/m/no-brief/exercise.json', 'estimateMinutes'],
          ['t/m/no-brief/exercise.json', 'steps'],
          ['t/m/no-brief/exercise.json', 'acceptance'],
          ['t/m/no-brief/exercise.json', 'checks'],
          ['t/other/module.json', null],
        ],
      );
      assert.deepEqual(Object.keys(report.errors[0] ?? {}), ['file', 'path', 'message']);
    });

    it('without --json, prints file:line:column: field: message on stderr', () => {
      const team = path.join(tmp.dir, 'team');
      writeCatalog(team, exerciseFiles('t', 'm', 'x', { checks: [{ id: 'x', title: 'X', kind: 'lint' }] }));
      const r = runCli(['exercises', 'validate', team], { env: env() });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /t\/m\/x\/exercise\.json:\d+:\d+: checks\.0\.kind: unknown check kind "lint"/);
      assert.match(r.stdout, /1 problem\(s\) in 1 file\(s\); 0 exercises valid/);
    });

    it('exits 2 when the folder does not exist or none is given', () => {
      assert.equal(runCli(['exercises', 'validate', path.join(tmp.dir, 'missing')], { env: env() }).code, 2);
      assert.equal(runCli(['exercises', 'validate'], { env: env() }).code, 2);
      assert.equal(runCli(['exercises', 'lint'], { env: env() }).code, 2);
    });
  });

  describe('list', () => {
    it('lists the bundled catalog with team folders merged in, marking replacements', () => {
      const team = path.join(tmp.dir, 'team');
      writeCatalog(team, { ...exerciseFiles('t', 'm', 'a', { title: 'Team A' }), ...exerciseFiles('t', 'm', 'c') });
      const r = runCli(['exercises', 'list', '--catalog', team, '--json'], { env: env() });
      assert.equal(r.code, 0, r.stderr);
      const listing = CatalogListingSchema.parse(r.json());
      const exercises = listing.tracks[0]?.modules[0]?.exercises ?? [];
      assert.deepEqual(exercises.map((e) => [e.id, e.title, e.origin, e.replacesBundled]), [
        ['a', 'Team A', 'folder', true],
        ['b', 'Exercise b', 'bundled', false],
        ['c', 'Exercise c', 'folder', false],
      ]);
      assert.equal(listing.exercises, 3);
    });

    it('exits 1 and reports errors when a catalog has a broken file, listing the rest', () => {
      const team = path.join(tmp.dir, 'team');
      writeCatalog(team, { 't/m/x/exercise.json': '[', 't/m/x/brief.md': '#' });
      const r = runCli(['exercises', 'list', '--catalog', team, '--json'], { env: env() });
      assert.equal(r.code, 1);
      const listing = CatalogListingSchema.parse(r.json());
      assert.equal(listing.exercises, 2);
      assert.deepEqual(listing.errors.map((e) => e.file), ['t/m/x/exercise.json']);
    });

    it('prints a readable tree with estimates', () => {
      const r = runCli(['exercises', 'list'], { env: env() });
      assert.equal(r.code, 0);
      assert.match(r.stdout, /Track t \[t\] — 1 module, 2 exercises/);
      assert.match(r.stdout, /b\s+1 h 30 min\s+core\s+Exercise b/);
    });
  });
});

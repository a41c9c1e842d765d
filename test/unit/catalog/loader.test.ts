import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { errorFileRelative, type CatalogSource } from '../../../src/core/catalog/catalog';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { validationReport } from '../../../src/core/catalog/report';
import { tempDir } from '../helpers/gitRepo';
import { exercise, exerciseFiles, module, smallCatalog, track, writeCatalog, type CatalogFiles } from './fixtures';

describe('catalog loader', () => {
  let tmp: { dir: string; dispose(): void };
  beforeEach(() => (tmp = tempDir('practicum-catalog-')));
  afterEach(() => tmp.dispose());

  function source(name: string, files: CatalogFiles, origin: CatalogSource['origin'] = 'bundled'): CatalogSource {
    const dir = path.join(tmp.dir, name);
    writeCatalog(dir, files);
    return { dir, origin };
  }

  /** Loads one source and returns its errors as the CLI reports them, plus the exercise ids that loaded. */
  async function loadOne(files: CatalogFiles) {
    const src = source('cat', files);
    const catalog = await loadCatalog([src]);
    return { catalog, errors: validationReport(catalog, src).errors, ids: catalog.exercises.map((e) => e.id).sort() };
  }

  it('loads tracks, modules and exercises in order, with defaults, brief and starter files', async () => {
    const files = smallCatalog();
    files['t/m/a/starter/notes.md'] = 'x';
    files['t/m/a/starter/data/cases.jsonl'] = '{}';
    files['u/track.json'] = track('u', { order: 0, kind: 'foundational', role: null });
    files['u/n/module.json'] = module('n');
    Object.assign(files, exerciseFiles('u', 'n', 'c'));
    const { catalog, errors } = await loadOne(files);
    assert.deepEqual(errors, []);
    assert.deepEqual(catalog.tracks.map((t) => t.id), ['u', 't']);
    assert.deepEqual(catalog.track('t')?.modules[0]?.exercises.map((e) => e.id), ['b', 'a']);
    const a = catalog.exercise('a');
    assert.ok(a);
    assert.equal(a.level, 'core');
    assert.deepEqual(a.hints, []);
    assert.equal(a.trackId, 't');
    assert.equal(a.moduleId, 'm');
    assert.equal(a.briefFile, path.join(tmp.dir, 'cat/t/m/a/brief.md'));
    assert.deepEqual(a.starterFiles, ['data/cases.jsonl', 'notes.md']);
  });

  it('reports bad JSON with its position, and still loads the other exercise', async () => {
    const files = smallCatalog();
    files['t/m/a/exercise.json'] = '{\n  "id": "a",\n  "title": "x",,\n}';
    const { catalog, errors, ids } = await loadOne(files);
    assert.deepEqual(ids, ['b']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.file, 't/m/a/exercise.json');
    assert.equal(errors[0]?.path, null);
    assert.match(errors[0]?.message ?? '', /^not valid JSON/);
    assert.equal(catalog.errors[0]?.line, 3);
  });

  it('reports a missing brief on brief.md, and still loads the other exercise', async () => {
    const files = smallCatalog();
    delete files['t/m/a/brief.md'];
    const { errors, ids } = await loadOne(files);
    assert.deepEqual(ids, ['b']);
    assert.deepEqual(errors, [{ file: 't/m/a/brief.md', path: null, message: 'missing brief.md: every exercise needs a brief next to its exercise.json' }]);
  });

  it('reports an empty brief', async () => {
    const files = smallCatalog();
    files['t/m/a/brief.md'] = '  \n';
    const { errors, ids } = await loadOne(files);
    assert.deepEqual(ids, ['b']);
    assert.equal(errors[0]?.file, 't/m/a/brief.md');
  });

  it('reports an unknown check kind at its field, naming the kind and the valid ones', async () => {
    const files = smallCatalog();
    Object.assign(files, exerciseFiles('t', 'm', 'a', { checks: [{ id: 'x', title: 'X', kind: 'shell', command: 'true' }] }));
    const { catalog, errors, ids } = await loadOne(files);
    assert.deepEqual(ids, ['b']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.file, 't/m/a/exercise.json');
    assert.equal(errors[0]?.path, 'checks.0.kind');
    assert.match(errors[0]?.message ?? '', /unknown check kind "shell"; use one of command, files, diff, aiCommit, commits, manual/);
    // The diagnostic points at the "kind" key inside the checks array.
    const text = (await import('node:fs')).readFileSync(path.join(tmp.dir, 'cat/t/m/a/exercise.json'), 'utf8');
    const line = text.split('\n')[(catalog.errors[0]?.line ?? 0) - 1];
    assert.match(line ?? '', /"kind": "shell"/);
  });

  it('reports a duplicate exercise id in one source on the later file, keeping the first', async () => {
    const files = smallCatalog();
    files['t/m2/module.json'] = module('m2');
    Object.assign(files, exerciseFiles('t', 'm2', 'a'));
    const { catalog, errors, ids } = await loadOne(files);
    assert.deepEqual(ids, ['a', 'b']);
    assert.equal(catalog.exercise('a')?.moduleId, 'm');
    assert.deepEqual(errors, [{ file: 't/m2/a/exercise.json', path: 'id', message: 'duplicate exercise id "a": also defined in t/m/a/exercise.json' }]);
  });

  it('reports a missing track file, and still loads the other track', async () => {
    const files = smallCatalog();
    Object.assign(files, { 'v/w/module.json': module('w'), ...exerciseFiles('v', 'w', 'c') });
    const { errors, ids } = await loadOne(files);
    assert.deepEqual(ids, ['a', 'b']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.file, 'v/track.json');
    assert.match(errors[0]?.message ?? '', /^missing track\.json/);
  });

  it('reports a missing module file, and still validates the exercises below it', async () => {
    const files = smallCatalog();
    Object.assign(files, exerciseFiles('t', 'm3', 'c', { checks: [] }));
    const { errors, ids } = await loadOne(files);
    assert.deepEqual(ids, ['a', 'b']);
    assert.deepEqual(errors.map((e) => [e.file, e.path]), [
      ['t/m3/c/exercise.json', 'checks'],
      ['t/m3/module.json', null],
    ]);
  });

  it('reports a folder with a brief but no exercise.json, and ignores folders with neither', async () => {
    const files = smallCatalog();
    files['t/m/c/brief.md'] = '# c';
    files['t/m/assets/diagram.svg'] = '<svg/>';
    const { errors } = await loadOne(files);
    assert.deepEqual(errors.map((e) => e.file), ['t/m/c/exercise.json']);
  });

  it('checks what the schema cannot: folder names, declared inputs, regexes, globs, unique check ids, roles, unknown fields', async () => {
    const files = smallCatalog();
    files['t/track.json'] = track('t', { role: null, colour: 'blue' });
    Object.assign(
      files,
      exerciseFiles('t', 'm', 'a', {
        id: 'not-a',
        checks: [
          { id: 'run', title: 'Run', kind: 'command', command: '${input:testCommand}', outputPattern: '(' },
          { id: 'run', title: 'Again', kind: 'diff', pattern: 'ok', glob: 'src/{a,b' },
        ],
      }),
    );
    const { errors } = await loadOne(files);
    const got = errors.map((e) => `${e.file} ${e.path}`);
    assert.deepEqual(got, [
      't/m/a/exercise.json id',
      't/m/a/exercise.json checks.0.command',
      't/m/a/exercise.json checks.0.outputPattern',
      't/m/a/exercise.json checks.1.id',
      't/m/a/exercise.json checks.1.glob',
      't/track.json colour',
    ]);
    assert.match(errors[1]?.message ?? '', /\$\{input:testCommand\} is not declared in "inputs"/);
  });

  it('names a missing required field', async () => {
    const files = smallCatalog();
    const broken = exercise('a');
    delete broken.estimateMinutes;
    files['t/m/a/exercise.json'] = broken;
    const { errors } = await loadOne(files);
    assert.deepEqual(errors, [{ file: 't/m/a/exercise.json', path: 'estimateMinutes', message: 'missing required field "estimateMinutes" (number)' }]);
  });

  describe('team sources', () => {
    it('a team exercise with a bundled id replaces it, even in another module', async () => {
      const bundled = source('bundled', smallCatalog());
      const team = source('team', { 't/track.json': track('t'), 't/team-module/module.json': module('team-module'), ...exerciseFiles('t', 'team-module', 'a', { title: 'Our version' }) }, 'repository');
      const catalog = await loadCatalog([bundled, team]);
      assert.deepEqual(catalog.errors, []);
      const a = catalog.exercise('a');
      assert.equal(a?.title, 'Our version');
      assert.equal(a?.moduleId, 'team-module');
      assert.equal(a?.location.replaces, path.join(bundled.dir, 't/m/a/exercise.json'));
      assert.deepEqual(catalog.module('m')?.exercises.map((e) => e.id), ['b']);
      assert.equal(catalog.track('t')?.location.source, team);
    });

    it('a team folder without track.json or module.json adds to the bundled track and module of that name', async () => {
      const bundled = source('bundled', smallCatalog());
      const team = source('team', exerciseFiles('t', 'm', 'ours'), 'repository');
      const catalog = await loadCatalog([bundled, team]);
      assert.deepEqual(catalog.errors, []);
      assert.deepEqual(catalog.module('m')?.exercises.map((e) => e.id).sort(), ['a', 'b', 'ours']);
      assert.equal(validationReport(catalog, team).exercises, 1);
    });

    it('the same id in two team sources is an error on the later one', async () => {
      const bundled = source('bundled', smallCatalog());
      const repo = source('repo', exerciseFiles('t', 'm', 'ours'), 'repository');
      const extra = source('extra', exerciseFiles('t', 'm', 'ours', { title: 'Theirs' }), 'folder');
      const catalog = await loadCatalog([bundled, repo, extra]);
      assert.equal(catalog.exercise('ours')?.location.source, repo);
      assert.deepEqual(validationReport(catalog, extra).errors.map((e) => [e.file, e.path]), [['t/m/ours/exercise.json', 'id']]);
      assert.match(catalog.errors[0]?.message ?? '', new RegExp(`also defined in ${repo.dir.replace(/[/\\.]/g, '\\$&')}`));
    });

    it('a settings folder that does not exist is an error; a missing repository folder is not', async () => {
      const catalog = await loadCatalog([
        { dir: path.join(tmp.dir, 'nope'), origin: 'folder' },
        { dir: path.join(tmp.dir, 'none'), origin: 'repository' },
      ]);
      assert.equal(catalog.errors.length, 1);
      assert.match(catalog.errors[0]?.message ?? '', /practicum\.catalogFolders/);
    });

    it('a file that disappears is reported, not thrown', async () => {
      const src = source('cat', smallCatalog());
      rmSync(path.join(src.dir, 't/m/a'), { recursive: true });
      writeFileSync(path.join(src.dir, 't/m/module.json'), '');
      const catalog = await loadCatalog([src]);
      assert.deepEqual(catalog.errors.map(errorFileRelative), ['t/m/module.json']);
    });
  });
});

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { catalogFileKinds, catalogJsonSchemaText } from '../../../src/core/catalog/jsonSchemas';
import { validationReport } from '../../../src/core/catalog/report';
import { ExerciseSchema, TrackSchema } from '../../../src/core/catalog/schema';
import { exercise, track } from './fixtures';

const root = path.resolve(__dirname, '../../../..');

describe('catalog schema', () => {
  it('fills defaults in an exercise', () => {
    const e = ExerciseSchema.parse(exercise('a', { checks: [{ id: 'c', title: 'C', kind: 'command', command: 'make test' }] }));
    assert.equal(e.level, 'core');
    assert.deepEqual(e.inputs, []);
    assert.deepEqual(e.checks[0], { id: 'c', title: 'C', level: 'core', kind: 'command', command: 'make test', timeoutSeconds: 300, expectExit: 0 });
  });

  it('rejects ids that are not kebab-case and unknown fields', () => {
    assert.equal(TrackSchema.safeParse(track('Bad_Id')).success, false);
    assert.equal(TrackSchema.safeParse(track('ok', { extra: 1 })).success, false);
    assert.equal(TrackSchema.safeParse(track('ok')).success, true);
  });

  it('reserves the id "none" (reports use it for time with no exercise)', () => {
    assert.equal(TrackSchema.safeParse(track('none')).success, false);
    assert.equal(TrackSchema.safeParse(track('none-of-these')).success, true);
  });

  it('the JSON Schema knows every check kind and makes defaulted fields optional', () => {
    const schema = JSON.parse(catalogJsonSchemaText('exercise'));
    const kinds = schema.properties.checks.items.oneOf.map((o: { properties: { kind: { const: string } } }) => o.properties.kind.const);
    assert.deepEqual(kinds, ['command', 'files', 'diff', 'aiCommit', 'commits', 'manual', 'probe', 'document']);
    assert.ok(!schema.required.includes('hints'));
    assert.ok(schema.required.includes('checks'));
  });

  it('package.json registers each schema for catalog files', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const entries: Array<{ fileMatch: string[]; url: string }> = pkg.contributes.jsonValidation;
    for (const kind of catalogFileKinds) {
      const entry = entries.find((e) => e.url === `./schemas/${kind}.schema.json`);
      assert.ok(entry, `no jsonValidation entry for ${kind}`);
      assert.ok(entry.fileMatch.some((m) => m.includes('.practicum/exercises')), `${kind}: team catalogs are not matched`);
      assert.ok(existsSync(path.join(root, entry.url)));
    }
  });

  it('the bundled catalog validates', async function () {
    const dir = path.join(root, 'exercises');
    if (!existsSync(dir)) this.skip();
    const source = { dir, origin: 'bundled' as const };
    const report = validationReport(await loadCatalog([source]), source);
    assert.deepEqual(report.errors, []);
    assert.ok(report.exercises >= 14, `only ${report.exercises} exercises`);
  });
});

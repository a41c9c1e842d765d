import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { jsonSchemaFiles } from '../../src/core/jsonSchemaFiles';

const root = path.resolve(__dirname, '../../..');

describe('shipped JSON Schemas', () => {
  it('every schemas/<name>.schema.json is up to date with its zod schema (npm run schemas rewrites them)', () => {
    for (const [name, text] of Object.entries(jsonSchemaFiles())) {
      const file = path.join(root, 'schemas', `${name}.schema.json`);
      assert.ok(existsSync(file), `${file} is missing; run npm run schemas`);
      assert.equal(readFileSync(file, 'utf8'), text, `${name}.schema.json is out of date; run npm run schemas`);
    }
  });

  it('every jsonValidation entry in package.json points at a shipped schema', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { jsonValidation: Array<{ url: string }> } };
    const names = new Set(Object.keys(jsonSchemaFiles()).map((n) => `./schemas/${n}.schema.json`));
    for (const { url } of pkg.contributes.jsonValidation) assert.ok(names.has(url), `${url} is not generated`);
  });
});

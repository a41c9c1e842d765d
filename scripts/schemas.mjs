// Writes schemas/{track,module,exercise}.schema.json from the zod schemas in src/core/catalog.
// `--check` writes nothing and exits 1 when a committed schema is out of date.
// The files are committed so `$schema` references in catalog files resolve without a build.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const check = process.argv.includes('--check');
const built = await esbuild.build({
  entryPoints: ['src/core/catalog/jsonSchemas.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'warning',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', built.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
const { catalogFileKinds, catalogJsonSchemaText } = mod.exports;

mkdirSync('schemas', { recursive: true });
let stale = 0;
for (const kind of catalogFileKinds) {
  const file = join('schemas', `${kind}.schema.json`);
  const text = catalogJsonSchemaText(kind);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    /* new file */
  }
  if (current === text) continue;
  stale++;
  if (check) console.error(`${file} is out of date; run npm run schemas`);
  else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
process.exitCode = check && stale > 0 ? 1 : 0;

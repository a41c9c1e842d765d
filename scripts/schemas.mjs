// Writes every schemas/<name>.schema.json from the zod schemas (src/core/jsonSchemaFiles.ts).
// `--check` writes nothing and exits 1 when a committed schema is out of date.
// The files are committed so `$schema` references in catalog files resolve without a build.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const check = process.argv.includes('--check');
const built = await esbuild.build({
  entryPoints: ['src/core/jsonSchemaFiles.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'warning',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', built.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
const files = mod.exports.jsonSchemaFiles();

mkdirSync('schemas', { recursive: true });
let stale = 0;
for (const [name, text] of Object.entries(files)) {
  const file = join('schemas', `${name}.schema.json`);
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

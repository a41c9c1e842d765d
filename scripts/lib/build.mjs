// Builds the extension (the project's esbuild.mjs) and bundles the integration tests into dist-test/.
import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './paths.mjs';
import { InfraError, run } from './proc.mjs';

/** Compiled tests go to dist-test/run-<pid>/ (inside the repo so that `mocha` resolves). */
const TESTS_ROOT = path.join(REPO_ROOT, 'dist-test');

/**
 * Build the extension and return the folder to load it from. PRACTICUM_EXTENSION_DIR (for work on
 * the harness itself) names an already built extension folder and skips the build.
 */
export async function buildExtension() {
  if (process.env.PRACTICUM_EXTENSION_DIR) return path.resolve(process.env.PRACTICUM_EXTENSION_DIR);
  await run(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT });
  const pkg = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const main = path.join(REPO_ROOT, pkg.main ?? 'dist/extension.js');
  if (!existsSync(main) && !existsSync(`${main}.js`)) throw new InfraError(`build produced no ${main}`);
  return REPO_ROOT;
}

/** Every `*.test.ts` under test/integration/suite (recursively), sorted. */
export function integrationTestFiles() {
  const suite = path.join(REPO_ROOT, 'test', 'integration', 'suite');
  if (!existsSync(suite)) return [];
  return readdirSync(suite, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(suite, f))
    .sort();
}

function pidAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/**
 * Bundle test/integration/index.ts and every suite file (vscode and mocha external) into a folder
 * of this run's own, so that runs in parallel do not overwrite each other's tests.
 * Returns { index, dispose } ; dispose() removes the folder.
 */
export async function buildIntegrationTests() {
  const { build } = await import('esbuild');
  const files = integrationTestFiles();
  if (files.length === 0) throw new InfraError('no test/integration/suite/**/*.test.ts');
  await fs.mkdir(TESTS_ROOT, { recursive: true });
  for (const name of await fs.readdir(TESTS_ROOT)) { // leftovers of runs that were killed
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
    if (!pid || !pidAlive(pid)) await fs.rm(path.join(TESTS_ROOT, name), { recursive: true, force: true });
  }
  const out = path.join(TESTS_ROOT, `run-${process.pid}`);
  try {
    await build({
      absWorkingDir: REPO_ROOT,
      entryPoints: [path.join(REPO_ROOT, 'test', 'integration', 'index.ts'), ...files],
      outbase: path.join(REPO_ROOT, 'test', 'integration'),
      outdir: out,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      external: ['vscode', 'mocha'],
      logLevel: 'warning',
    });
  } catch (e) {
    throw new InfraError(`compiling integration tests failed: ${e.message}`);
  }
  return { index: path.join(out, 'index.js'), dispose: () => fs.rm(out, { recursive: true, force: true }) };
}

// Builds the extension, the CLI and the webview code; `--tests` also transpiles src + test for mocha.
// Flags: --production (minify, no source maps), --watch (rebuild on change, problem-matcher output).
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints build start/end in the format the `$esbuild-watch` problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  define: { PRACTICUM_VERSION: JSON.stringify(pkg.version) },
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

/** Every .ts file below `dir`, for the unbundled test build. */
function tsFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    // The server's SQLite driver is a native module: loaded from node_modules at run time, never bundled.
    external: ['better-sqlite3', 'pg-native'],
  },
];

const webviewDir = 'src/webview';
try {
  const entries = readdirSync(webviewDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'protocol.ts');
  if (entries.length > 0) {
    builds.push({
      ...common,
      entryPoints: entries.map((f) => join(webviewDir, f)),
      outdir: 'dist/webview',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    });
  }
} catch {
  /* no webview code yet */
}

if (tests) {
  rmSync('out', { recursive: true, force: true });
  builds.push({
    entryPoints: [...tsFiles('src'), ...tsFiles('test/unit'), ...safe(() => tsFiles('test/bench'))],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

function safe(f) {
  try {
    return f();
  } catch {
    return [];
  }
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

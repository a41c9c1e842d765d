// Entry point of the integration tests inside the VS Code extension host (the `extensionTestsPath`
// contract): runs every compiled `suite/*.test.js` beside this file with mocha (bdd, spec reporter).
// Environment: PRACTICUM_TEST_GREP (a mocha grep), PRACTICUM_TEST_TIMEOUT_MS (per test, default 60000),
// PRACTICUM_CONSOLE_TAG (set by the offline runner: prefixes this host's console output so that the
// runner can tell it from the workbench's own logging).
import * as fs from 'node:fs';
import * as path from 'node:path';

type MochaInstance = {
  addFile(file: string): void;
  loadFilesAsync(): Promise<void>;
  run(done: (failures: number) => void): { stats?: { passes: number; failures: number; pending: number } };
};
type MochaCtor = new (options: Record<string, unknown>) => MochaInstance;

/** mocha 12 is ESM-only: load it with a real dynamic import, not a bundler's require(). */
async function loadMocha(): Promise<MochaCtor> {
  const dynamicImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;
  const mod = (await dynamicImport('mocha')) as { default?: MochaCtor } & MochaCtor;
  return mod.default ?? mod;
}

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return testFiles(full);
      return e.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';

/**
 * Prefix every console line of this extension host with `tag`; returns the undo. The host's own
 * console forwarding defines the methods as accessors whose setter ignores assignment, hence
 * defineProperty.
 */
function tagConsole(tag: string): () => void {
  const methods: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];
  const saved = methods.map((m) => Object.getOwnPropertyDescriptor(console, m));
  for (const m of methods) {
    const original = console[m];
    const tagged = (...args: unknown[]): void => {
      const first = args[0];
      original.apply(console, typeof first === 'string' ? [tag + first, ...args.slice(1)] : [tag, ...args]);
    };
    Object.defineProperty(console, m, { configurable: true, enumerable: true, get: () => tagged, set: () => undefined });
  }
  return () => methods.forEach((m, i) => {
    const descriptor = saved[i];
    if (descriptor) Object.defineProperty(console, m, descriptor);
  });
}

export async function run(): Promise<void> {
  const tag = process.env.PRACTICUM_CONSOLE_TAG;
  const untag = tag ? tagConsole(tag) : () => undefined;
  try {
    await runMocha();
  } finally {
    untag();
  }
}

async function runMocha(): Promise<void> {
  const Mocha = await loadMocha();
  const grep = process.env.PRACTICUM_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.PRACTICUM_TEST_TIMEOUT_MS) || 60_000,
    ...(grep ? { grep } : {}),
  });
  const files = testFiles(path.join(__dirname, 'suite'));
  if (files.length === 0) throw new Error(`no *.test.js under ${path.join(__dirname, 'suite')}`);
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  let runner: ReturnType<MochaInstance['run']> | undefined;
  const failures = await new Promise<number>((resolve) => { runner = mocha.run(resolve); });
  const stats = runner?.stats;
  if (stats) {
    // Read by the runner for its closing "N passed, N failed" line.
    console.log(`[practicum:result] ${JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending })}`);
  }
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}

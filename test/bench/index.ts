/**
 * `npm run bench`: runs every benchmark module beside this file (each exports `run(): Promise<BenchReport>`)
 * and prints their figures. Targets are ratios against a reference measured in the same run, so the
 * verdict does not depend on how fast this machine happens to be. Exit 1 if a target is missed.
 * `npm run bench -- NAME` runs only the benchmarks whose file name contains NAME.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchReport } from './report';

async function main(): Promise<number> {
  const filter = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && !['index.js', 'report.js'].includes(f))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  let failed = 0;
  for (const f of files) {
    const mod = require(path.join(__dirname, f)) as { run?: () => Promise<BenchReport> };
    if (typeof mod.run !== 'function') continue;
    process.stdout.write(`\n## ${f.replace(/\.js$/, '')}\n`);
    const report = await mod.run();
    for (const m of report.figures) process.stdout.write(`  ${m.name}: ${m.value}${m.unit ? ' ' + m.unit : ''}\n`);
    for (const t of report.targets) {
      process.stdout.write(`  ${t.ok ? 'PASS' : 'FAIL'} ${t.name}: ${t.actual} (target ${t.target})\n`);
      if (!t.ok) failed++;
    }
  }
  process.stdout.write(`\n${failed === 0 ? 'all bench targets met' : `${failed} bench target(s) missed`}\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e);
    process.exitCode = 2;
  },
);

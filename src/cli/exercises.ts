import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Catalog, errorFileRelative, type CatalogError, type CatalogSource } from '../core/catalog/catalog';
import { formatMinutes } from '../core/catalog/format';
import { loadCatalog } from '../core/catalog/loader';
import { catalogListing, validationReport } from '../core/catalog/report';
import { strictCatalogErrors } from '../core/catalog/strict';
import { PracticumError } from '../core/errors';
import { parseFlags, toJson } from './args';
import { ExitCode, type CliCommand, type CliIo } from './types';

const usage = `Usage:
  practicum exercises list [--catalog DIR]... [--json]
  practicum exercises validate DIR [--strict] [--json]

list      The bundled curriculum plus any catalog folders given (a repository's
          .practicum/exercises, or a team folder). A team exercise with a bundled id
          replaces the bundled one.
validate  Checks one catalog folder (<track>/<module>/<exercise>/exercise.json + brief.md):
          every broken file is reported with its field; everything else still counts.
          Tracks and modules it does not define may extend the bundled ones.
          --strict also holds it to the bundled catalog's bar: every acceptance item
          names its judge ({text, checks} or {text, mentor}), each item judged by checks
          rests on a probe or document check, and files/diff/commits checks are hints.

Options:
  --catalog DIR  an extra catalog folder (repeatable)
  --json         machine-readable output (validate: practicum.catalog-validation/v1)

Exit codes: 0 no problems, 1 a catalog file has problems, 2 bad usage.
Environment: PRACTICUM_BUNDLED_CATALOG overrides the bundled catalog folder.
`;

/** \`practicum exercises list|validate\`: one entry point so the two share flags and output. */
export const exercisesCommand: CliCommand = {
  name: 'exercises',
  summary: 'list the exercise catalog, or validate a catalog folder',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') return list(rest, io);
    if (sub === 'validate') return validate(rest, io);
    throw new PracticumError('usage', sub === undefined ? 'name a subcommand: list or validate. Run with --help for details.' : `unknown subcommand "${sub}"; use list or validate.`);
  },
};

/** The bundled catalog folder; one that is not there is an environment error, never "0 exercises". */
export async function bundledSource(io: CliIo): Promise<CatalogSource> {
  const fromEnv = io.env.PRACTICUM_BUNDLED_CATALOG;
  const dir = path.resolve(io.cwd, fromEnv ?? path.join(__dirname, '..', 'exercises'));
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new PracticumError(
      'environment',
      fromEnv !== undefined
        ? `PRACTICUM_BUNDLED_CATALOG points to ${dir}, which is not a folder. Point it at the catalog folder (the one holding the track folders), or unset it.`
        : `The bundled catalog ${dir} is missing; reinstall Practicum.`,
    );
  }
  return { dir, origin: 'bundled' };
}

async function requireFolder(dir: string): Promise<string> {
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new PracticumError('usage', `${dir} is not a folder; give the catalog folder (the one holding the track folders).`);
  return fs.realpath(dir);
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { catalog: { type: 'string', multiple: true }, json: { type: 'boolean' } });
  const extra: CatalogSource[] = [];
  for (const dir of values.catalog ?? []) extra.push({ dir: await requireFolder(path.resolve(io.cwd, dir)), origin: 'folder' });
  const catalog = await loadCatalog([await bundledSource(io), ...extra]);
  if (values.json) io.out(toJson(catalogListing(catalog)));
  else {
    io.out(formatTree(catalog));
    writeErrors(io, catalog.errors);
  }
  return catalog.errors.length > 0 ? ExitCode.problem : ExitCode.ok;
}

async function validate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' }, strict: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new PracticumError('usage', 'give exactly one catalog folder: practicum exercises validate DIR');
  const dir = await requireFolder(path.resolve(io.cwd, positionals[0] as string));
  const bundled = await bundledSource(io);
  const isBundled = (await fs.realpath(bundled.dir).catch(() => bundled.dir)) === dir;
  const source: CatalogSource = isBundled ? { dir, origin: 'bundled' } : { dir, origin: 'folder' };
  const loaded = await loadCatalog(isBundled ? [source] : [bundled, source]);
  const catalog = values.strict ? new Catalog(loaded.tracks, [...loaded.errors, ...(await strictCatalogErrors(loaded.exercises.filter((e) => e.location.source === source)))]) : loaded;
  const report = validationReport(catalog, source);
  if (values.json) io.out(toJson(report));
  else {
    writeErrors(io, catalog.errors.filter((e) => e.source === source));
    const files = new Set(report.errors.map((e) => e.file)).size;
    io.out(report.ok ? `ok: ${report.exercises} exercises, no problems\n` : `${report.errors.length} problem(s) in ${files} file(s); ${report.exercises} exercises valid\n`);
  }
  return report.ok ? ExitCode.ok : ExitCode.problem;
}

/** `file:line:column: field: message`, which terminals and editors turn into links. */
function writeErrors(io: CliIo, errors: readonly CatalogError[]): void {
  for (const e of errors) {
    const where = e.line !== undefined ? `:${e.line}:${e.column ?? 1}` : '';
    io.err(`${path.join(e.source.dir, errorFileRelative(e))}${where}: ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function formatTree(catalog: Catalog): string {
  const lines: string[] = [];
  for (const t of catalog.tracks) {
    const count = t.modules.reduce((n, m) => n + m.exercises.length, 0);
    lines.push(`${t.title} [${t.id}] — ${plural(t.modules.length, 'module')}, ${plural(count, 'exercise')}${t.location.source.origin === 'bundled' ? '' : ` (${t.location.source.origin})`}`);
    for (const m of t.modules) {
      lines.push(`  ${m.title} [${m.id}] — ${m.hours} h, ${Math.round(m.handsOnShare * 100)}% hands-on`);
      for (const e of m.exercises) {
        const origin = e.location.source.origin === 'bundled' ? '' : e.location.replaces ? ' (team, replaces bundled)' : ' (team)';
        lines.push(`    ${e.id.padEnd(32)} ${formatMinutes(e.estimateMinutes).padEnd(10)} ${e.level.padEnd(7)} ${e.title}${origin}`);
      }
    }
  }
  lines.push(`${catalog.exercises.length} exercises${catalog.errors.length ? `, ${catalog.errors.length} problem(s) (see stderr)` : ''}`);
  return lines.join('\n') + '\n';
}

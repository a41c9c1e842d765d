import { commands } from './cli/commands';
import { ExitCode, type CliIo } from './cli/types';
import { isPracticumError, errorMessage } from './core/errors';
import type { Logger } from './core/log';
import { terminalSafe } from './core/text/terminalText';

declare const PRACTICUM_VERSION: string | undefined;
const version = typeof PRACTICUM_VERSION === 'string' ? PRACTICUM_VERSION : '0.0.0-dev';

function stderrLogger(verbose: boolean): Logger {
  const w = (level: string) => (m: string, ...a: unknown[]) => process.stderr.write(terminalSafe(`practicum: ${level}${m}${a.length ? ' ' + a.map(String).join(' ') : ''}\n`));
  return { error: w('error: '), warn: w('warning: '), info: verbose ? w('') : () => {}, debug: verbose ? w('debug: ') : () => {} };
}

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `practicum ${version} — applied AI learning metrics, exercises and reviews from the command line

Usage: practicum <command> [options]

Commands:
${list || '  (none yet)'}

Global options:
  --help       show help (also after a command)
  --version    print the version
  --json       machine-readable output (per command)
  --verbose    more diagnostics on stderr

Exit codes: 0 ok, 1 the job found a problem, 2 bad usage or environment problem.
`;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(help());
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    io.out(version + '\n');
    return ExitCode.ok;
  }
  // Longest match first, so "review list" wins over "review".
  const sorted = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const command = sorted.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!command) {
    // "practicum review" or "practicum outbox --help": the first word of a group of subcommands.
    const group = commands.filter((c) => c.name.split(' ')[0] === first && c.name.includes(' '));
    if (group.length > 0) {
      const names = group.map((c) => c.name.split(' ').slice(1).join(' '));
      if (argv.includes('--help') || argv.includes('-h')) {
        io.out(group.map((c) => (c.usage.endsWith('\n') ? c.usage : c.usage + '\n')).join('\n'));
        return ExitCode.ok;
      }
      const choices = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
      const sub = argv[1];
      const problem = sub === undefined || sub.startsWith('-') ? `name a subcommand: ${choices}` : `unknown subcommand "${sub}"; use ${choices}`;
      io.err(`practicum ${first}: ${problem}. Run "practicum ${first} --help" for details.\n`);
      return ExitCode.usage;
    }
    io.err(`practicum: unknown command "${first}". Run "practicum --help" for the list.\n`);
    return ExitCode.usage;
  }
  const args = argv.slice(command.name.split(' ').length);
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return ExitCode.ok;
  }
  try {
    return await command.run(args.filter((a) => a !== '--verbose'), io);
  } catch (e) {
    if (isPracticumError(e)) {
      io.err(`practicum ${command.name}: ${e.message}\n`);
      return e.reason === 'usage' || e.reason === 'environment' || e.reason === 'untrusted' ? ExitCode.usage : ExitCode.problem;
    }
    const verbose = argv.includes('--verbose');
    io.err(`practicum ${command.name}: unexpected error: ${errorMessage(e)}. ${verbose ? `\n${(e as Error)?.stack ?? ''}` : 'Run again with --verbose for details, and report it.'}\n`);
    return ExitCode.usage;
  }
}

if (require.main === module) {
  const verbose = process.argv.includes('--verbose');
  // Every byte the CLI writes passes terminalSafe: records, catalogs and server answers cannot drive the terminal.
  const io: CliIo = {
    out: (t) => process.stdout.write(terminalSafe(t)),
    err: (t) => process.stderr.write(terminalSafe(t)),
    log: stderrLogger(verbose),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(terminalSafe(`practicum: ${errorMessage(e)}\n`));
      process.exitCode = ExitCode.usage;
    },
  );
}

import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { PracticumError } from '../core/errors';
import { DEFAULT_MODEL_PORT, formatEnv, modelEnv, type EnvShell } from '../core/model/env';
import { parseFaultScript, type FaultRule, type NormalizedFaultScript } from '../core/model/faults';
import { startModelServer } from '../core/model/server';
import { parseFlags, toJson } from './args';
import { ExitCode, type CliCommand, type CliIo } from './types';

const serveUsage = `Usage: practicum model serve [--port N] [--host 127.0.0.1] [--faults FILE] [--ledger FILE] [fault flags] [--json]

A deterministic model server on this machine for working without an API key, and a test double for
checks. OpenAI (/v1/chat/completions, /v1/responses, /v1/embeddings), Anthropic (/v1/messages) and
Ollama (/api/chat, /api/embed) clients work against it unmodified. It answers by quoting the context
in the messages (INSUFFICIENT_EVIDENCE when nothing matches), fills JSON schemas from the input, picks
tools by name and description, and follows injected instructions on purpose.

Prints "Practicum model server: URL" (with --json: {"url","port"} on one line), then serves until
Ctrl-C or SIGTERM. Point SDKs at it with: eval "$(practicum model env)".

Options:
  --port N                 port (default ${DEFAULT_MODEL_PORT}; 0 picks a free one)
  --host HOST              loopback address to bind (127.0.0.1, localhost or ::1; nothing else)
  --faults FILE            fault script (JSON; schemas/model-faults.schema.json)
  --ledger FILE            append one JSON line per request (surface, model, tokens, fault, ttfb...)
  --json                   print {"url","port"} instead of the text line

Fault flags (added to the script's rules; "attempts" count requests with the same body):
  --fail STATUS            answer 429, 500, 502, 503, 504 or 529
  --fail-attempts N        ... only to the first N attempts of each request (default: all)
  --retry-after S          ... with Retry-After: S seconds
  --reset N                reset the connection on the first N attempts of each request
  --slow-first-token MS    wait MS before the first content byte
  --slow-stream MS         wait MS between streamed chunks
  --cut-stream N           cut streams after N chunks (non-streamed bodies half-way)
  --invalid-json N         JSON mode: the first N attempts of each request get invalid JSON
  --degraded               answer deliberately wrong
  --unavailable-model NAME this model name fails with 404 (repeatable), so a fallback can succeed
  --only-models A,B        any other model name is unknown (404)

Exit codes: 0 stopped cleanly; 2 bad usage, an invalid fault script, or the port is taken.
`;

const envUsage = `Usage: practicum model env [--url URL] [--shell bash|powershell|dotenv] [--json]

Prints the variables SDKs read to reach the local model server: OPENAI_BASE_URL (URL/v1),
OPENAI_API_KEY and ANTHROPIC_API_KEY (placeholders; the server accepts any key), ANTHROPIC_BASE_URL,
OLLAMA_HOST and PRACTICUM_MODEL_URL.

  bash:        eval "$(practicum model env)"
  PowerShell:  practicum model env --shell powershell | Invoke-Expression
  .env file:   practicum model env --shell dotenv > .env

Options:
  --url URL      the server's base URL (default $PRACTICUM_MODEL_URL, else http://127.0.0.1:${DEFAULT_MODEL_PORT})
  --shell SHELL  bash (default), powershell or dotenv
  --json         the variables as one JSON object

Exit codes: 0 ok; 2 bad usage.
`;

function wholeNumber(flag: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new PracticumError('usage', `--${flag} must be a whole number${min ? ` of at least ${min}` : ''} (got "${text}").`);
  return Number(text);
}

/** Fault rules from the command-line flags. */
export function faultsFromFlags(v: Record<string, string | boolean | string[] | undefined>): NormalizedFaultScript {
  const rules: FaultRule[] = [];
  const failAttempts = wholeNumber('fail-attempts', v['fail-attempts'] as string | undefined, 1);
  const retryAfter = wholeNumber('retry-after', v['retry-after'] as string | undefined);
  if (v.fail !== undefined) {
    const status = Number(v.fail);
    if (![429, 500, 502, 503, 504, 529].includes(status)) throw new PracticumError('usage', `--fail must be 429, 500, 502, 503, 504 or 529 (got "${v.fail}").`);
    rules.push({ ...(failAttempts ? { match: { attemptsUpTo: failAttempts } } : {}), fault: { type: 'status', status: status as 429, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) } });
  } else if (failAttempts !== undefined || retryAfter !== undefined) throw new PracticumError('usage', '--fail-attempts and --retry-after go with --fail STATUS.');
  const reset = wholeNumber('reset', v.reset as string | undefined, 1);
  if (reset) rules.push({ match: { attemptsUpTo: reset }, fault: { type: 'reset' } });
  const slow = wholeNumber('slow-first-token', v['slow-first-token'] as string | undefined);
  if (slow) rules.push({ fault: { type: 'slowFirstToken', ms: slow } });
  const slowStream = wholeNumber('slow-stream', v['slow-stream'] as string | undefined);
  if (slowStream) rules.push({ fault: { type: 'slowStream', chunkDelayMs: slowStream } });
  const cut = wholeNumber('cut-stream', v['cut-stream'] as string | undefined);
  if (cut !== undefined) rules.push({ fault: { type: 'cutStream', afterChunks: cut } });
  const invalid = wholeNumber('invalid-json', v['invalid-json'] as string | undefined, 1);
  if (invalid) rules.push({ fault: { type: 'invalidJson', attempts: invalid } });
  if (v.degraded) rules.push({ fault: { type: 'degraded' } });
  const unavailable = (v['unavailable-model'] as string[] | undefined) ?? [];
  const only = typeof v['only-models'] === 'string' ? v['only-models'].split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  return parseFaultScript({
    rules,
    ...(unavailable.length ? { models: Object.fromEntries(unavailable.map((m) => [m, { unavailable: true }])) } : {}),
    ...(only ? { onlyModels: only } : {}),
  });
}

async function readFaults(file: string, cwd: string): Promise<NormalizedFaultScript> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new PracticumError('usage', `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}. Check the --faults path.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PracticumError('usage', `${file}: not valid JSON (${(e as Error).message}). Fix the file; see schemas/model-faults.schema.json.`);
  }
  try {
    return parseFaultScript(json, file);
  } catch (e) {
    throw new PracticumError('usage', `${(e as Error).message}. See schemas/model-faults.schema.json.`);
  }
}

/** `practicum model serve`. */
export const modelServeCommand: CliCommand = {
  name: 'model serve',
  summary: 'a deterministic local model server (OpenAI, Anthropic, Ollama APIs) with scriptable faults',
  usage: serveUsage,
  async run(args, io) {
    const { values } = parseFlags(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      faults: { type: 'string' },
      ledger: { type: 'string' },
      json: { type: 'boolean' },
      fail: { type: 'string' },
      'fail-attempts': { type: 'string' },
      'retry-after': { type: 'string' },
      reset: { type: 'string' },
      'slow-first-token': { type: 'string' },
      'slow-stream': { type: 'string' },
      'cut-stream': { type: 'string' },
      'invalid-json': { type: 'string' },
      degraded: { type: 'boolean' },
      'unavailable-model': { type: 'string', multiple: true },
      'only-models': { type: 'string' },
    });
    const port = wholeNumber('port', values.port) ?? DEFAULT_MODEL_PORT;
    if (port > 65535) throw new PracticumError('usage', `--port must be 0-65535 (got ${port}).`);
    const fromFile = values.faults ? await readFaults(values.faults, io.cwd) : { rules: [] };
    const fromFlags = faultsFromFlags(values);
    const faults: NormalizedFaultScript = {
      rules: [...fromFile.rules, ...fromFlags.rules],
      models: { ...fromFile.models, ...fromFlags.models },
      ...(fromFile.onlyModels || fromFlags.onlyModels ? { onlyModels: [...(fromFile.onlyModels ?? []), ...(fromFlags.onlyModels ?? [])] } : {}),
    };
    const ledgerPath = values.ledger ? path.resolve(io.cwd, values.ledger) : undefined;
    if (ledgerPath) await writeFile(ledgerPath, '', { flag: 'a' }).catch((e: Error) => {
      throw new PracticumError('usage', `cannot write the ledger ${values.ledger}: ${e.message}.`);
    });
    const server = await startModelServer({
      port,
      host: values.host,
      faults,
      ledgerPath,
      onEntry: (e) => io.log.info(`${e.surface} ${e.model} ${e.status}${e.fault ? ` fault=${e.fault}` : ''} ${e.endedMs - e.startedMs}ms${e.clientClosed ? ' client closed' : ''}`),
    });
    io.out(values.json ? JSON.stringify({ url: server.url, port: server.port }) + '\n' : `Practicum model server: ${server.url}\n`);
    if (!values.json) {
      io.err(`Serving OpenAI (${server.url}/v1), Anthropic and Ollama APIs${faults.rules.length ? ` with ${faults.rules.length} fault rule(s)` : ''}. Stop with Ctrl-C.\n`);
      io.err(`Point your code at it: eval "$(practicum model env --url ${server.url})"\n`);
    }
    await waitForStop();
    await server.close();
    return ExitCode.ok;
  },
};

function waitForStop(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `practicum model env`. */
export const modelEnvCommand: CliCommand = {
  name: 'model env',
  summary: 'print the variables that point OpenAI, Anthropic and Ollama SDKs at the local model server',
  usage: envUsage,
  async run(args, io: CliIo) {
    const { values } = parseFlags(args, { url: { type: 'string' }, shell: { type: 'string' }, json: { type: 'boolean' } });
    const shell = values.shell ?? 'bash';
    if (!['bash', 'powershell', 'dotenv'].includes(shell)) throw new PracticumError('usage', `--shell must be bash, powershell or dotenv (got "${shell}").`);
    const vars = modelEnv(values.url ?? (io.env.PRACTICUM_MODEL_URL || `http://127.0.0.1:${DEFAULT_MODEL_PORT}`));
    io.out(values.json ? toJson(vars) : formatEnv(vars, shell as EnvShell));
    return ExitCode.ok;
  },
};

export const modelCommands: CliCommand[] = [modelServeCommand, modelEnvCommand];

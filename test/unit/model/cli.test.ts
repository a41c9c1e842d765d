import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { cliPath, runCli } from '../helpers/cli';
import { ASK } from './fixtures';

/** Starts `practicum model serve ARGS`, resolves with its first stdout line and a stop function (SIGTERM → exit code). */
function serve(args: string[]): Promise<{ line: string; stderr: () => string; stop: (signal?: NodeJS.Signals) => Promise<number | null> }> {
  const child = spawn(process.execPath, [cliPath, 'model', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) =>
      resolve({
        line,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      }),
    );
    void exited.then((code) => reject(new Error(`serve exited ${code} before printing: ${stderr}`)));
  });
}

describe('practicum model serve / model env (CLI)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'practicum-model-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serve --port 0 --json prints {url,port}, answers, writes the ledger and stops cleanly on SIGTERM', async () => {
    const ledger = path.join(dir, 'ledger.jsonl');
    const s = await serve(['--port', '0', '--json', '--ledger', ledger]);
    const { url, port } = JSON.parse(s.line) as { url: string; port: number };
    assert.equal(url, `http://127.0.0.1:${port}`);
    const r = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: ASK }] }) });
    assert.match(((await r.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, /30 days/);
    assert.equal(await s.stop('SIGTERM'), 0);
    const lines = readFileSync(ledger, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.surface, l.status]), [['openai.chat', 200]]);
  });

  it('serve prints a parseable URL line, takes fault flags, and stops on SIGINT', async () => {
    const s = await serve(['--port', '0', '--fail', '429', '--fail-attempts', '1', '--retry-after', '3', '--unavailable-model', 'primary']);
    const url = /^Practicum model server: (http:\/\/127\.0\.0\.1:\d+)$/.exec(s.line)?.[1];
    assert.ok(url, s.line);
    const post = (model: string) => fetch(`${url}/v1/embeddings`, { method: 'POST', body: JSON.stringify({ model, input: 'x' }) });
    const first = await post('fallback');
    assert.deepEqual([first.status, first.headers.get('retry-after')], [429, '3']);
    assert.equal((await post('fallback')).status, 200);
    assert.equal((await post('primary')).status, 404);
    assert.equal(await s.stop('SIGINT'), 0);
    assert.match(s.stderr(), /model env/);
  });

  it('serve reads --faults FILE and refuses an invalid one, a bad flag value or a non-loopback host with exit 2', async () => {
    const file = path.join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify({ rules: [{ fault: { type: 'status', status: 503 } }] }));
    const s = await serve(['--port', '0', '--json', '--faults', file]);
    assert.equal((await fetch(`${JSON.parse(s.line).url}/api/chat`, { method: 'POST', body: '{"model":"m","messages":[{"role":"user","content":"hi"}]}' })).status, 503);
    assert.equal(await s.stop(), 0);

    writeFileSync(file, JSON.stringify([{ fault: { type: 'slowFirstToken' } }]));
    const bad = runCli(['model', 'serve', '--faults', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /faults\.json is not valid: rules\.0\.fault\.ms: .*model-faults\.schema\.json/);
    writeFileSync(file, '{ nope');
    assert.match(runCli(['model', 'serve', '--faults', file]).stderr, /not valid JSON/);
    assert.match(runCli(['model', 'serve', '--faults', path.join(dir, 'missing.json')]).stderr, /file not found/);
    const host = runCli(['model', 'serve', '--host', '0.0.0.0']);
    assert.equal(host.code, 2);
    assert.match(host.stderr, /not a loopback address/);
    assert.match(runCli(['model', 'serve', '--fail', '418']).stderr, /--fail must be 429, 500/);
    assert.match(runCli(['model', 'serve', '--port', 'abc']).stderr, /--port must be a whole number/);
    assert.equal(runCli(['model', 'serve', '--retry-after', '2']).code, 2);
  });

  it('serve reports a port in use as an environment problem (exit 2)', async () => {
    const s = await serve(['--port', '0', '--json']);
    const busy = runCli(['model', 'serve', '--port', String(JSON.parse(s.line).port)]);
    assert.equal(busy.code, 2);
    assert.match(busy.stderr, /is in use.*--port 0/);
    await s.stop();
  });

  it('env prints the variables for bash, PowerShell and .env, and as JSON', () => {
    const bash = runCli(['model', 'env', '--url', 'http://127.0.0.1:9999/']);
    assert.equal(bash.code, 0);
    assert.equal(
      bash.stdout,
      [
        "export OPENAI_BASE_URL='http://127.0.0.1:9999/v1'",
        "export OPENAI_API_KEY='practicum-local-key'",
        "export ANTHROPIC_BASE_URL='http://127.0.0.1:9999'",
        "export ANTHROPIC_API_KEY='practicum-local-key'",
        "export OLLAMA_HOST='http://127.0.0.1:9999'",
        "export PRACTICUM_MODEL_URL='http://127.0.0.1:9999'",
        '',
      ].join('\n'),
    );
    assert.match(runCli(['model', 'env', '--shell', 'powershell']).stdout, /^\$env:OPENAI_BASE_URL = "http:\/\/127\.0\.0\.1:11435\/v1"$/m);
    assert.match(runCli(['model', 'env', '--shell', 'dotenv', '--url', 'http://localhost:8080/v1']).stdout, /^OPENAI_BASE_URL=http:\/\/localhost:8080\/v1\nOPENAI_API_KEY=practicum-local-key$/m);
    assert.equal(runCli(['model', 'env', '--json'], { env: { PRACTICUM_MODEL_URL: '' } }).json().OLLAMA_HOST, 'http://127.0.0.1:11435');
    assert.equal(runCli(['model', 'env', '--json'], { env: { PRACTICUM_MODEL_URL: 'http://127.0.0.1:4444' } }).json().OPENAI_BASE_URL, 'http://127.0.0.1:4444/v1');
    assert.equal(runCli(['model', 'env', '--shell', 'fish']).code, 2);
    assert.match(runCli(['model', 'env', '--url', 'nope']).stderr, /"nope" is not a URL/);
  });

  it('has help for the group and each subcommand, and names the subcommands when none is given', () => {
    const group = runCli(['model', '--help']);
    assert.equal(group.code, 0);
    assert.match(group.stdout, /practicum model serve/);
    assert.match(group.stdout, /practicum model env/);
    assert.match(runCli(['model', 'serve', '--help']).stdout, /--faults FILE/);
    const none = runCli(['model']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /serve or env/);
    assert.match(runCli(['--help']).stdout, /model serve/);
  });

  it('the bash output works with eval', () => {
    const out = runCli(['model', 'env', '--url', 'http://127.0.0.1:1234']).stdout;
    const r = require('node:child_process').spawnSync('bash', ['-c', `${out}\necho "$OPENAI_BASE_URL|$OLLAMA_HOST"`], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'http://127.0.0.1:1234/v1|http://127.0.0.1:1234');
  });
});

describe('practicum model serve: stopping while a slow answer is pending', () => {
  it('exits promptly on SIGTERM even with a request waiting on a long first-token delay', async () => {
    const s = await serve(['--port', '0', '--json', '--slow-first-token', '600000']);
    const pending = fetch(`${JSON.parse(s.line).url}/v1/embeddings`, { method: 'POST', body: '{"model":"m","input":"x"}' }).catch(() => 'closed');
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    assert.equal(await s.stop(), 0);
    assert.ok(Date.now() - t0 < 5000, `stopped in ${Date.now() - t0} ms`);
    assert.equal(await pending, 'closed');
  });
});

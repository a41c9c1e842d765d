import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Outbox } from '../../../src/core/export/outbox';
import { listRejected } from '../../../src/core/export/rejected';
import { cliPath } from '../helpers/cli';
import { tempDir } from '../helpers/gitRepo';
import { TestServer } from '../helpers/httpServer';
import { Endpoint, sessions } from '../export/fixtures';

/** Runs the built CLI without blocking this process, so the test server can answer it. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('practicum outbox', () => {
  let tmp: { dir: string; dispose(): void };
  let server: TestServer;
  beforeEach(async () => {
    tmp = tempDir('practicum-cli-outbox-');
    server = await TestServer.start();
  });
  afterEach(async () => {
    await server.close();
    tmp.dispose();
  });

  async function queue(n: number, start?: number): Promise<string[]> {
    const events = sessions(n, start);
    await new Outbox({ dir: tmp.dir }).append(events);
    return events.map((e) => e.id);
  }

  it('show --json: counts by type, oldest and newest, and the next batch as it would be sent', async () => {
    await queue(130);
    writeFileSync(path.join(tmp.dir, 'broken.jsonl'), 'not json\n');
    const r = await cli(['outbox', 'show', '--dir', tmp.dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.schema, 'practicum.outbox/v1');
    assert.deepEqual([out.events, out.byType, out.oldest, out.newest, out.malformed], [130, { session: 130 }, '2026-03-01T09:00:00.000Z', '2026-03-01T11:09:00.000Z', 1]);
    assert.deepEqual(out.rejected, { batches: 0, events: 0 });
    assert.equal(out.nextBatch.events, 100);
    assert.equal(out.nextBatch.idempotencyKey, null, 'show pins nothing');
    assert.equal(out.nextBatch.body.schema, 'practicum.batch/v1');
    assert.equal(out.nextBatch.body.events.length, 100);
    assert.ok(out.nextBatch.bytes > 0);
  });

  it('flush --json sends everything with the token from --token-env and prints the contract', async () => {
    const ids = await queue(120);
    const ep = new Endpoint(server);
    const r = await cli(['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url + '/in', '--token-env', 'TEAM_TOKEN', '--json'], { TEAM_TOKEN: 'tkn' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { sent: 120, remaining: 0, rejected: 0, quarantined: 0 });
    assert.deepEqual(ep.acknowledged, ids);
    assert.ok(server.requests.every((q) => q.headers.authorization === 'Bearer tkn'));
    assert.doesNotMatch(r.stdout + r.stderr, /tkn/, 'the token is never printed');
  });

  it('exits 1 with the events kept when the endpoint keeps failing past --max-wait', async () => {
    await queue(3);
    server.handler = (_req, res) => {
      res.writeHead(503);
      res.end('maintenance');
    };
    const r = await cli(['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--max-wait', '0', '--json']);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), { sent: 0, remaining: 3, rejected: 0, quarantined: 0 });
    assert.match(r.stderr, /3 event\(s\) not sent.*HTTP 503: maintenance.*--max-wait/);
  });

  it('retries within --max-wait (429 with Retry-After) and exits 0', async () => {
    await queue(2);
    new Endpoint(server, (_req, res, n) => {
      if (n > 1) return;
      res.writeHead(429, { 'retry-after': '1' });
      res.end();
      return false;
    });
    const r = await cli(['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--max-wait', '10', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { sent: 2, remaining: 0, rejected: 0, quarantined: 0 });
  });

  it('a 400 moves the batch to rejected (exit 0: nothing sendable left); retry puts it back', async () => {
    const ids = await queue(5);
    const ep = new Endpoint(server, (_req, res, n) => {
      if (n > 1) return;
      res.writeHead(400);
      res.end('bad cohort');
      return false;
    });
    const r = await cli(['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { sent: 0, remaining: 0, rejected: 5, quarantined: 0 });
    const shown = JSON.parse((await cli(['outbox', 'show', '--dir', tmp.dir, '--json'])).stdout);
    assert.deepEqual(shown.rejected, { batches: 1, events: 5 });
    const wrong = await cli(['outbox', 'retry', '--dir', tmp.dir, '--batch', 'no-such-batch']);
    assert.equal(wrong.code, 2);
    const [name] = (await listRejected(new Outbox({ dir: tmp.dir }))).map((b) => b.name);
    assert.ok(name);
    assert.match(wrong.stderr, new RegExp(`No rejected batch named no-such-batch .*Pass one of: ${name}; or omit --batch`));
    assert.equal(wrong.stderr.trim().split('\n').length, 1);
    const retry = await cli(['outbox', 'retry', '--dir', tmp.dir, '--batch', `${name}.jsonl`, '--json']);
    assert.deepEqual(JSON.parse(retry.stdout), { restored: 5 });
    const none = await cli(['outbox', 'retry', '--dir', tmp.dir, '--batch', name]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /There are no rejected batches/);
    const again = await cli(['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--json']);
    assert.deepEqual(JSON.parse(again.stdout), { sent: 5, remaining: 0, rejected: 0, quarantined: 0 });
    assert.deepEqual(ep.acknowledged, ids);
  });

  it('two CLI processes flushing one outbox never send an event twice', async function () {
    this.timeout(30_000);
    const ids = await queue(800);
    const ep = new Endpoint(server, (_req, res) => {
      setTimeout(() => res.end(), 10);
      return true;
    });
    const args = ['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--json'];
    const [a, b] = await Promise.all([cli(args), cli(args)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(JSON.parse(a.stdout).sent + JSON.parse(b.stdout).sent, 800);
    assert.deepEqual(ep.duplicates(), []);
    assert.deepEqual([...ep.acknowledged].sort(), [...ids].sort());
  });

  it('--format otlp posts OTLP logs to /v1/logs', async () => {
    await queue(2);
    const r = await cli(['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--format', 'otlp', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests[0]?.url, '/v1/logs');
    assert.equal(JSON.parse(server.requests[0]?.body ?? '').resourceLogs[0].scopeLogs[0].logRecords.length, 2);
  });

  it('usage and environment problems exit 2 with a message naming the fix', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['outbox', 'flush', '--dir', tmp.dir, '--endpoint', 'http://metrics.example.com/in'], /only localhost may\. Use https:\/\/metrics\.example\.com\/in/],
      [['outbox', 'flush', '--endpoint', server.url], /Missing --dir/],
      [['outbox', 'flush', '--dir', path.join(tmp.dir, 'nope'), '--endpoint', server.url], /No outbox folder at .*Check --dir/],
      [['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--token-env', 'PRACTICUM_UNSET_VAR'], /PRACTICUM_UNSET_VAR .*not set/],
      [['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--format', 'xml'], /--format must be json or otlp/],
      [['outbox', 'flush', '--dir', tmp.dir, '--endpoint', server.url, '--max-wait', 'soon'], /--max-wait must be a number/],
      [['outbox', 'show', '--dir', tmp.dir, '--bogus'], /bogus/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.equal(server.requests.length, 0);
  });
});

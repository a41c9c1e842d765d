import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CatalogValidationSchema } from '../../../src/core/catalog/report';
import { parseStrictDate } from '../../../src/core/dates';
import { PracticumError } from '../../../src/core/errors';
import { isLoopbackHost, resolveEndpoint } from '../../../src/core/export/endpoint';
import { Outbox } from '../../../src/core/export/outbox';
import { withFileLock } from '../../../src/core/store/fileLock';
import { terminalSafe } from '../../../src/core/text/terminalText';
import { exerciseFiles, smallCatalog, writeCatalog } from '../catalog/fixtures';
import { sessions } from '../export/fixtures';
import { runCli, runCliAsync } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { TestServer } from '../helpers/httpServer';

const ESC = '\x1b';
const rawControl = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/** Section 4 of the hostile-input review: each case is the reproduction that was reported. */
describe('hostile input: the smaller defects', function () {
  this.timeout(30_000);
  let tmp: { dir: string; dispose(): void };
  beforeEach(() => {
    tmp = tempDir('practicum-hostile-');
  });
  afterEach(() => tmp.dispose());

  /** A cohort with one member in a fresh repository, for `practicum stats`. */
  function cohort(name = 'Q1'): { repo: TempRepo; file: string } {
    const repo = new TempRepo();
    repo.commit({ files: { 'a.ts': 'x\n' }, message: 'init', date: '2026-01-06T09:00:00Z' });
    const file = path.join(tmp.dir, 'cohort.json');
    writeFileSync(file, JSON.stringify({ name, start: '2026-01-05', end: '2026-02-27', members: [{ email: 'alice@corp.example', name: 'Alice' }] }));
    return { repo, file };
  }

  describe('one redirect rule for every request', () => {
    it('stats --post refuses a 307 like the outbox does: nothing reaches the other host, exit 1, no "posted"', async () => {
      const other = await TestServer.start();
      const endpoint = await TestServer.start();
      endpoint.handler = (_q, res) => {
        res.writeHead(307, { location: `${other.url}/collect` });
        res.end();
      };
      const { repo, file } = cohort();
      try {
        const r = await runCliAsync(['stats', '--cohort', file, '--repo', repo.dir, '--json', '--post', `${endpoint.url}/stats`], { env: { PRACTICUM_CACHE_DIR: tmp.dir } });
        assert.equal(r.code, 1, r.stderr);
        assert.equal(other.requests.length, 0, 'the stats (member emails included) went to the other host');
        assert.match(r.stderr, /answered HTTP 307: the endpoint redirects to http:\/\/127\.0\.0\.1:\d+\/collect; redirects are never followed/);
        assert.doesNotMatch(r.stderr, /posted/);
      } finally {
        repo.dispose();
        await other.close();
        await endpoint.close();
      }
    });
  });

  describe('control characters in text output', () => {
    it('terminalSafe shows C0, DEL, C1, lone CR and bidi controls as \\u escapes; keeps tab, newline and CRLF', () => {
      assert.equal(terminalSafe(`a${ESC}[2Jb\x07\x9b\x7f\u202e\r\nx\ty\rz`), 'a\\u001b[2Jb\\u0007\\u009b\\u007f\\u202e\r\nx\ty\\u000dz');
      // Inside JSON the escape keeps its meaning.
      const json = JSON.stringify({ s: `x\x9by\u202e` });
      assert.deepEqual(JSON.parse(terminalSafe(json)), { s: `x\x9by\u202e` });
    });

    it('a cohort name with ESC[2J and an OSC title sequence is printed escaped by stats (text and JSON)', () => {
      const { repo, file } = cohort(`Q1${ESC}[2J${ESC}]0;pwned\x07`);
      try {
        for (const format of [[], ['--json'], ['--csv']]) {
          const r = runCli(['stats', '--cohort', file, '--repo', repo.dir, '--as-of', '2026-03-01', ...format], { env: { PRACTICUM_CACHE_DIR: tmp.dir } });
          assert.equal(r.code, 0, r.stderr);
          assert.doesNotMatch(r.stdout + r.stderr, rawControl);
        }
        const text = runCli(['stats', '--cohort', file, '--repo', repo.dir, '--as-of', '2026-03-01'], { env: { PRACTICUM_CACHE_DIR: tmp.dir } });
        assert.match(text.stdout, /Q1\\u001b\[2J\\u001b\]0;pwned\\u0007/);
        const json = runCli(['stats', '--cohort', file, '--repo', repo.dir, '--as-of', '2026-03-01', '--json'], { env: { PRACTICUM_CACHE_DIR: tmp.dir } });
        assert.equal(JSON.parse(json.stdout).cohort, `Q1${ESC}[2J${ESC}]0;pwned\x07`, 'JSON output keeps the value');
      } finally {
        repo.dispose();
      }
    });

    it('catalog titles and an endpoint body with control characters are printed escaped', async () => {
      const bundled = path.join(tmp.dir, 'bundled');
      writeCatalog(bundled, smallCatalog());
      const team = path.join(tmp.dir, 'team');
      writeCatalog(team, exerciseFiles('t', 'm', 'evil', { title: `Evil${ESC}[2J${ESC}]0;title\x07` }));
      const list = runCli(['exercises', 'list', '--catalog', team], { env: { PRACTICUM_BUNDLED_CATALOG: bundled } });
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /Evil\\u001b\[2J/);
      assert.doesNotMatch(list.stdout, rawControl);

      const server = await TestServer.start();
      server.handler = (_q, res) => {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end(`bad${ESC}[2J${ESC}]0;owned\x07`);
      };
      try {
        await new Outbox({ dir: path.join(tmp.dir, 'outbox') }).append(sessions(2));
        const r = await runCliAsync(['outbox', 'flush', '--dir', path.join(tmp.dir, 'outbox'), '--endpoint', server.url, '--max-wait', '0']);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr + r.stdout, /bad\\u001b\[2J/);
        assert.doesNotMatch(r.stderr + r.stdout, rawControl);
      } finally {
        await server.close();
      }
    });
  });

  describe('loopback is localhost, 127.0.0.0/8 and ::1 only', () => {
    it('refuses plain http to *.localhost, which Node resolves through DNS', () => {
      assert.equal(isLoopbackHost('x.localhost'), false);
      assert.equal(isLoopbackHost('localhost.evil.example'), false);
      assert.equal(isLoopbackHost('127.0.0.1.nip.io'), false);
      assert.equal(isLoopbackHost('127.0.0.300'), false);
      for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.8.9.10', '[::1]', '::1']) assert.equal(isLoopbackHost(h), true, h);
      assert.throws(() => resolveEndpoint('http://x.localhost/in', 'json'), (e: unknown) => e instanceof PracticumError && e.reason === 'usage' && /only localhost may/.test(e.message));
      assert.equal(resolveEndpoint('http://127.1/in', 'json').hostname, '127.0.0.1', 'the URL parser normalises short forms');
    });
  });

  describe('a token with CR or LF is bad usage', () => {
    it('outbox flush exits 2 naming the variable; nothing is sent and the events stay queued without a failed attempt', async () => {
      const server = await TestServer.start();
      const dir = path.join(tmp.dir, 'outbox');
      try {
        await new Outbox({ dir }).append(sessions(3));
        const r = await runCliAsync(['outbox', 'flush', '--dir', dir, '--endpoint', server.url, '--token-env', 'TOK'], { env: { TOK: 'abc\r\nX-Injected: 1' } });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /The token in TOK contains a line break \(CR or LF\).*Set it again without it\./);
        assert.equal(server.requests.length, 0);
        assert.equal((await new Outbox({ dir }).stats()).events, 3);
        assert.equal(existsSync(path.join(dir, 'state', 'pending.json')), false, 'no attempt was recorded to retry');
      } finally {
        await server.close();
      }
    });

    it('stats --post exits 2 before computing anything', () => {
      const r = runCli(['stats', '--cohort', path.join(tmp.dir, 'none.json'), '--post', 'http://127.0.0.1:9/in'], { env: { PRACTICUM_TOKEN: 'abc\ndef' } });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /The token in PRACTICUM_TOKEN contains a line break/);
    });
  });

  describe('the outbox folder in a bad state is named with the fix', () => {
    it('an orphaned .lock (its holder is gone) is recovered by itself', async () => {
      const dir = path.join(tmp.dir, 'outbox');
      await new Outbox({ dir }).append(sessions(2));
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      mkdirSync(path.join(dir, '.lock'));
      writeFileSync(path.join(dir, '.lock', 'owner.json'), JSON.stringify({ pid: Number(gone), host: os.hostname() }));
      const started = Date.now();
      const r = runCli(['outbox', 'show', '--dir', dir, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json().events, 2);
      assert.ok(Date.now() - started < 10_000, 'recovered without waiting for the lock timeout');
      // A lock without a note (a holder killed between mkdir and writing it, or a hand-made folder) too, after a short grace.
      mkdirSync(path.join(dir, '.lock'));
      const again = runCli(['outbox', 'show', '--dir', dir, '--json']);
      assert.equal(again.code, 0, again.stderr);
    });

    it('a lock held by a running process is an environment error naming the folder and the fix', async () => {
      const lock = path.join(tmp.dir, 'busy.lock');
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, host: os.hostname() }));
      await assert.rejects(
        withFileLock(lock, async () => 1, { waitMs: 100 }),
        (e: unknown) => e instanceof PracticumError && e.reason === 'environment' && e.message.includes(`${lock} is locked by process ${process.pid}, still running`) && /delete that folder \(rm -r/.test(e.message),
      );
    });

    it('pending.json as a folder and quarantine as a file: exit 2 naming the path and the fix, never "unexpected error"', async () => {
      const a = path.join(tmp.dir, 'a');
      await new Outbox({ dir: a }).append(sessions(1));
      mkdirSync(path.join(a, 'state', 'pending.json'), { recursive: true });
      const show = runCli(['outbox', 'show', '--dir', a]);
      assert.equal(show.code, 2);
      assert.match(show.stderr, /state\/pending\.json is a folder, but Practicum keeps a file there\. Move it away or delete it \(rm -r ".*pending\.json"\), then retry\./);

      const b = path.join(tmp.dir, 'b');
      mkdirSync(b);
      writeFileSync(path.join(b, 'quarantine'), 'mine\n');
      writeFileSync(path.join(b, '1.jsonl'), 'not json\n');
      const flush = await runCliAsync(['outbox', 'flush', '--dir', b, '--endpoint', 'http://127.0.0.1:9/in', '--max-wait', '0']);
      assert.equal(flush.code, 2);
      assert.match(flush.stderr, /quarantine is a file, but Practicum keeps a folder there\. Move it away or delete it/);
      assert.equal(readFileSync(path.join(b, 'quarantine'), 'utf8'), 'mine\n', 'what is in the way is left alone');
      for (const r of [show, flush]) assert.doesNotMatch(r.stderr, /unexpected error|report it/);
    });
  });

  it('outbox retry --batch "" is bad usage and restores nothing', async () => {
    const dir = path.join(tmp.dir, 'outbox');
    await new Outbox({ dir }).append([]);
    mkdirSync(path.join(dir, 'rejected'), { recursive: true });
    writeFileSync(path.join(dir, 'rejected', 'b1.jsonl'), `${JSON.stringify(sessions(1)[0])}\n`);
    for (const batch of ['', '.jsonl', ' ']) {
      const r = runCli(['outbox', 'retry', '--dir', dir, '--batch', batch]);
      assert.equal(r.code, 2, `--batch "${batch}"`);
      assert.match(r.stderr, /--batch needs a batch name/);
    }
    assert.deepEqual(readdirSync(path.join(dir, 'rejected')), ['b1.jsonl']);
  });

  it('PRACTICUM_BUNDLED_CATALOG pointing nowhere is an error, not "0 exercises"', () => {
    const team = path.join(tmp.dir, 'team');
    writeCatalog(team, smallCatalog());
    for (const args of [['exercises', 'list'], ['exercises', 'validate', team]]) {
      const r = runCli(args, { env: { PRACTICUM_BUNDLED_CATALOG: path.join(tmp.dir, 'nowhere') } });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /PRACTICUM_BUNDLED_CATALOG points to .*nowhere, which is not a folder/);
      assert.doesNotMatch(r.stdout, /0 exercises/);
    }
  });

  describe('dates are parsed strictly everywhere', () => {
    it('one strict parser: dates, and times with a zone, nothing else', () => {
      for (const ok of ['2026-01-31', '2026-01-31T09:00Z', '2026-01-31T09:00:00.5+02:00', '2024-02-29']) assert.ok(parseStrictDate(ok), ok);
      for (const bad of ['99999', '1', '-5', '2026-02-30', '2026-13-01', '2026-01-31T25:00Z', '2026-01-31T09:00', '2026-01-31 09:00Z', 'last tuesday', '', '2023-02-29']) {
        assert.equal(parseStrictDate(bad), null, bad);
      }
    });

    it('review list --as-of 99999, stats --as-of 2026-02-30 and scan --since 99999 are refused as bad usage', () => {
      const repo = new TempRepo();
      const { repo: r2, file } = cohort();
      try {
        repo.commit({ files: { a: '1' }, message: 'x' });
        const cases = [
          ['review', 'list', '--repo', repo.dir, '--as-of', '99999'],
          ['stats', '--cohort', file, '--repo', r2.dir, '--as-of', '2026-02-30'],
          ['scan', '--repo', repo.dir, '--since', '99999'],
          ['scan', '--repo', repo.dir, '--since=-5'],
        ];
        for (const args of cases) {
          const r = runCli(args, { env: { PRACTICUM_CACHE_DIR: tmp.dir } });
          assert.equal(r.code, 2, args.join(' '));
          assert.match(r.stderr, /is not a date; use an ISO 8601 date such as 2026-01-31/);
        }
      } finally {
        repo.dispose();
        r2.dispose();
      }
    });

    it('--since -5 keeps the hint on how to pass a value starting with a dash', () => {
      const r = runCli(['scan', '--since', '-5']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /argument is ambiguous\. .*To specify an option argument starting with a dash use '--since=-XYZ'\. Run with --help/);
      assert.doesNotMatch(r.stderr, /\.\./);
    });
  });

  it('a brief.md symlinked outside the repository is refused; a link inside it is fine', () => {
    const repo = new TempRepo();
    try {
      const bundled = path.join(tmp.dir, 'bundled');
      writeCatalog(bundled, smallCatalog());
      const catalog = path.join(repo.dir, '.practicum', 'exercises');
      writeCatalog(catalog, { ...exerciseFiles('t', 'm', 'leak'), ...exerciseFiles('t', 'm', 'inside') });
      const secret = path.join(tmp.dir, 'secret.md');
      writeFileSync(secret, '# not yours\n');
      const leak = path.join(catalog, 't', 'm', 'leak', 'brief.md');
      const inside = path.join(catalog, 't', 'm', 'inside', 'brief.md');
      for (const f of [leak, inside]) spawnSync('rm', [f]);
      symlinkSync(secret, leak);
      repo.write('docs/brief.md', '# shared brief\n');
      symlinkSync(path.join(repo.dir, 'docs', 'brief.md'), inside);
      const r = runCli(['exercises', 'validate', catalog, '--json'], { env: { PRACTICUM_BUNDLED_CATALOG: bundled } });
      assert.equal(r.code, 1, r.stderr);
      const report = CatalogValidationSchema.parse(r.json());
      assert.deepEqual(report.errors.map((e) => [e.file, e.path]), [['t/m/leak/brief.md', null]]);
      assert.match(report.errors[0]?.message ?? '', /brief\.md is a link to .*secret\.md, outside the repository; copy the brief into the exercise folder/);
      assert.equal(report.exercises, 1, 'the exercise whose brief links inside the repository loads');
    } finally {
      repo.dispose();
    }
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startServer, type RunningServer } from '../../../src/core/server/httpServer';
import { probeHealth, serverBase, tokenInfo } from '../../../src/core/server/probe';
import { openStore, type Store } from '../../../src/core/server/store';
import { newToken, tokenHash } from '../../../src/core/server/tokens';
import { tempDir } from '../helpers/gitRepo';
import { TestServer } from '../helpers/httpServer';

const root = path.resolve(__dirname, '../../../..');

describe('team server from the editor’s side', function () {
  this.timeout(20_000);
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let server: RunningServer;
  before(async () => {
    tmp = tempDir('practicum-probe-');
    store = await openStore(path.join(tmp.dir, 'p.db'));
    server = await startServer({ store, host: '127.0.0.1', port: 0, fileTokens: [], maxBodyBytes: 1 << 20, ratePerMinute: 100, minGroup: 3, perPerson: false, version: 't', log: { error() {}, warn() {}, info() {}, debug() {} } });
  });
  after(async () => {
    await server.close();
    await store.close();
    tmp.dispose();
  });

  it('derives the server base from an events or logs endpoint', () => {
    assert.equal(serverBase(new URL('https://p.example/team/v1/events')).toString(), 'https://p.example/team/');
    assert.equal(serverBase(new URL('http://127.0.0.1:8470/v1/logs?x=1')).toString(), 'http://127.0.0.1:8470/');
    assert.equal(serverBase(new URL('https://collector.example/ingest')).toString(), 'https://collector.example/ingest/');
  });

  it('recognises a Practicum server by /healthz, and nothing else', async () => {
    assert.equal((await probeHealth(new URL(`${server.url}/`)))?.service, 'practicum-server');
    const other = await TestServer.start();
    try {
      other.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      };
      assert.equal(await probeHealth(new URL(`${other.url}/`)), null, 'a JSON endpoint that is not ours');
      other.handler = (_req, res) => {
        res.writeHead(302, { location: `${server.url}/healthz` });
        res.end();
      };
      assert.equal(await probeHealth(new URL(`${other.url}/`)), null, 'a redirect is not followed');
    } finally {
      await other.close();
    }
  });

  it('tells a token’s cohort and role, and refuses an unknown one', async () => {
    const t = newToken();
    await store.addToken({ hash: tokenHash(t), cohort: 'pilot', role: 'ingest', label: null, createdAt: '2026-01-01T00:00:00Z' });
    assert.deepEqual(await tokenInfo(new URL(`${server.url}/`), t), { cohort: 'pilot', role: 'ingest' });
    const bad = await tokenInfo(new URL(`${server.url}/`), newToken());
    assert.match('problem' in bad ? bad.problem : '', /does not know this token/);
  });

  it('keeps the database drivers out of the extension bundle and the package', () => {
    const ext = readFileSync(path.join(root, 'dist/extension.js'), 'utf8');
    assert.ok(!/better-sqlite3|pg-pool|pg-protocol/.test(ext), 'dist/extension.js must not contain the server’s drivers');
    const cli = readFileSync(path.join(root, 'dist/cli.js'), 'utf8');
    assert.match(cli, /require\("better-sqlite3"\)/, 'the CLI loads the native module from node_modules');
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.equal(ignore.find((l) => l.trim() && !l.startsWith('#')), '**', 'the package is an allowlist');
    assert.ok(!ignore.some((l) => /node_modules|dist\/cli/.test(l) && l.startsWith('!')), 'node_modules and the CLI are not shipped in the .vsix');
  });
});

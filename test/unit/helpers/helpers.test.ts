import { strict as assert } from 'node:assert';
import { TempRepo } from './gitRepo';
import { TestServer, closedPort } from './httpServer';

describe('test helpers', () => {
  it('TempRepo records controlled authors, dates and messages', () => {
    const repo = new TempRepo();
    try {
      repo.commit({ files: { 'a.txt': 'a' }, message: 'first\n\nbody', author: { name: 'Bo', email: 'bo@x.example' }, date: '2026-02-01T12:00:00Z' });
      assert.equal(repo.git(['log', '-1', '--format=%an <%ae> %aI %s']), 'Bo <bo@x.example> 2026-02-01T12:00:00+00:00 first');
    } finally {
      repo.dispose();
    }
  });

  it('TestServer is a real loopback server that records bodies', async () => {
    const s = await TestServer.start();
    try {
      const res = await fetch(s.url + '/x', { method: 'POST', body: 'hello' });
      assert.equal(res.status, 200);
      assert.equal(s.requests[0]?.body, 'hello');
    } finally {
      await s.close();
    }
    const port = await closedPort();
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
  });
});

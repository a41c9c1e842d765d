import { expectResult, gateScript, useProbeRepo } from './harness';

const cases = [
  { id: 's1', input: { question: 'How do I deploy from main with a green build and then roll back when something breaks in production?' } },
  { id: 's2', input: { question: 'What do deploys need before they run on the main branch of the service?' } },
];
const context = 'Run make deploy from main. Deploys need a green build. Roll back with make rollback when production breaks. '.repeat(3);
/** A streaming proxy: passes each upstream chunk on as it arrives, and aborts upstream when the client leaves. */
const proxy = `
const http = require('http');
http.createServer(async (req, res) => {
  let body = ''; for await (const c of req) body += c;
  const { input } = JSON.parse(body);
  const upstream = new AbortController();
  ABORT
  try {
    const r = await fetch(process.env.OPENAI_BASE_URL + '/chat/completions', { method: 'POST', signal: upstream.signal, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: ${JSON.stringify(context)} + '\\n' + input.question }] }) });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunks = [];
    for await (const chunk of r.body) WRITE
    FLUSH
    res.end();
  } catch { res.destroy(); }
}).listen(Number(process.env.PORT), '127.0.0.1');
`;
const streaming = proxy.replace('ABORT', "res.on('close', () => { if (!res.writableFinished) upstream.abort(); });").replace('WRITE', 'res.write(chunk);').replace('FLUSH', '');
const check = { kind: 'probe', command: 'true', cases: 'cases.jsonl', server: { command: 'node server.js', url: 'http://127.0.0.1:${port}/chat' }, evaluator: { type: 'streaming' } };

describe('probe: streaming endpoint and mutation gate', function () {
  this.timeout(60_000);
  const p = useProbeRepo(cases);

  it('streaming: passes a proxy that streams and cancels upstream when the client leaves', async () => {
    p.commit({ 'server.js': streaming });
    expectResult(await p.run(check), 'pass', /early first byte 1\.00 ≥ 1\.00 · upstream closed 1 ≥ 1/);
  });

  it('streaming: fails a proxy that buffers the whole answer, one that never cancels upstream, and a server that never listens', async () => {
    p.commit({ 'server.js': proxy.replace('ABORT', "res.on('close', () => { if (!res.writableFinished) upstream.abort(); });").replace('WRITE', 'chunks.push(chunk);').replace('FLUSH', 'for (const c of chunks) res.write(c);') });
    expectResult(await p.run(check), 'fail', /after the provider finished; flush each chunk/);
    p.commit({ 'server.js': proxy.replace('ABORT', '').replace('WRITE', 'res.write(chunk);').replace('FLUSH', '') });
    expectResult(await p.run(check), 'fail', /ran to the end after the client went away; abort it/);
    p.commit({ 'server.js': 'setTimeout(() => process.exit(4), 100);' });
    expectResult(await p.run(check), 'fail', /your server exited with 4 before accepting connections/);
  });

  const gate = { kind: 'probe', command: 'node gate.js', evaluator: { type: 'mutationGate' } };
  /** An eval gate: asks three questions whose answers the context holds and fails below 2 of 3 right. */
  const evalGate = gateScript('right >= 2 ? 0 : 1');

  it('mutationGate: passes a gate that fails on the degraded model; fails gates that always pass, always fail, or ask nothing', async () => {
    p.commit({ 'gate.js': evalGate });
    expectResult(await p.run(gate), 'pass', /normal calls 3 ≥ 1 · degraded calls 3 ≥ 1 · normal passed 3 ≥ 3 · degraded failed 3 ≥ 3 · normal exit 0 · degraded exit 1/);
    p.commit({ 'gate.js': evalGate.replace('right >= 2 ? 0 : 1', '0') });
    expectResult(await p.run(gate), 'fail', /degraded-provider: exited 0 although every answer was wrong/);
    p.commit({ 'gate.js': evalGate.replace('right >= 2 ? 0 : 1', '1') });
    expectResult(await p.run(gate), 'fail', /normal-provider: exited with 1 against the normal provider/);
    p.commit({ 'gate.js': 'process.exit(process.env.OPENAI_BASE_URL ? 0 : 1)' });
    expectResult(await p.run(gate), 'fail', /made 0 request\(s\) to the model/);
  });
});

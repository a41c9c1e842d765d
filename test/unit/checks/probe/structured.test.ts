import { strict as assert } from 'node:assert';
import { expectResult, jsonl, prelude, useProbeRepo } from './harness';

const schema = { type: 'object', properties: { title: { type: 'string' }, priority: { type: 'string', enum: ['low', 'high'] } }, required: ['title', 'priority'], additionalProperties: false };
const cases = [
  { id: 't1', input: { text: 'The login page crashes, urgent fix needed.' } },
  { id: 't2', input: { text: 'Typo in the footer.' } },
];
const check = { kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'jsonSchema', schema: 'schemas/ticket.json', minValidShare: 1 } };
/** Asks in JSON mode and retries when the reply does not parse (at most 3 attempts). */
const retrying = `(async () => {
  const s = JSON.parse(fs.readFileSync('schemas/ticket.json', 'utf8'));
  for (let i = 0; i < 3; i++) {
    const r = await chat([{ role: 'user', content: input.text }], { body: { response_format: { type: 'json_schema', json_schema: { name: 'ticket', schema: s } } } });
    try { const o = JSON.parse(r.content); print({ output: { title: String(o.title || input.text).slice(0, 40), priority: /urgent/.test(input.text) ? 'high' : 'low' } }); return; } catch {}
  }
  process.exit(2);
})();`;

describe('probe: jsonSchema', function () {
  this.timeout(30_000);
  const p = useProbeRepo(cases);

  it('passes valid outputs reached through the retry path, counting attempts from the ledger', async () => {
    p.commit({ 'ask.js': prelude + retrying, 'schemas/ticket.json': JSON.stringify(schema) });
    const r = await p.run(check);
    expectResult(r, 'pass', /valid share 1\.00 ≥ 1\.00 · mean attempts 2\.00/);
  });

  it('fails a program that never retries (it crashes on the invalid first reply), naming the fix', async () => {
    p.commit({ 'ask.js': prelude + retrying.replace('i < 3', 'i < 1'), 'schemas/ticket.json': JSON.stringify(schema) });
    expectResult(await p.run(check), 'fail', /exited with 2/);
  });

  it('fails a program that asks once and hard-codes a valid object', async () => {
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: input.text }]).then(() => print({ output: { title: 'x', priority: 'low' } }));`, 'schemas/ticket.json': JSON.stringify(schema) });
    expectResult(await p.run(check), 'fail', /made 1 request\(s\), but the provider answered the first 1 with invalid JSON/);
  });

  it('fails a schema that accepts anything, a missing schema, and outputs that break the schema or pinned fields', async () => {
    p.commit({ 'ask.js': prelude + retrying, 'schemas/ticket.json': '{}' });
    expectResult(await p.run(check), 'fail', /schemas\/ticket\.json must describe an object/);
    p.commit({ 'schemas/ticket.json': JSON.stringify({ type: 'object' }) });
    expectResult(await p.run(check), 'fail', /requires 0 properties; name at least 1/);
    p.commit({ 'schemas/ticket.json': null as unknown as string });
    expectResult(await p.run(check), 'fail', /schemas\/ticket\.json is not in the repository at [0-9a-f]{7}; commit it/);
    p.commit({ 'schemas/ticket.json': JSON.stringify({ ...schema, properties: { ...schema.properties, priority: { type: 'string', enum: ['p1', 'p2'] } } }) });
    expectResult(await p.run(check), 'fail', /output is not valid against schemas\/ticket\.json: \/priority must be equal to one of the allowed values/);
    p.commit({ 'schemas/ticket.json': JSON.stringify(schema) });
    p.exerciseFile('cases.jsonl', jsonl([{ ...cases[1], expect: { fields: { priority: 'high' } } }]));
    expectResult(await p.run(check), 'fail', /output\.priority is "low", expected "high"/);
  });

  it('with the learner\'s own provider it is skipped: attempts can only be counted on the local one', async () => {
    p.commit({ 'ask.js': prelude + retrying, 'schemas/ticket.json': JSON.stringify(schema) });
    const r = await p.run(check, { env: { provider: 'env' } });
    expectResult(r, 'skipped', /reads the local provider's request ledger/);
    assert.equal(r.metrics, undefined);
  });
});

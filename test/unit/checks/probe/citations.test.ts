import { strict as assert } from 'node:assert';
import { expectResult, jsonl, prelude, useProbeRepo } from './harness';

const docs = {
  'docs/deploy.md': 'How to deploy\nRun make deploy from main.\nDeploys need a green build.\nRollback with make rollback.\n',
  'docs/billing.md': 'Billing\nInvoices go out on the first of the month.\nRefunds take 14 days.\n',
};
const cases = [
  { id: 'deploy', input: { question: 'How do I deploy?' }, expect: { sources: ['docs/deploy.md:2-3'] } },
  { id: 'refund', input: { question: 'How long do refunds take?' }, expect: { sources: ['docs/billing.md:3-3'] } },
];
const check = { kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'citations', k: 3, minHitAtK: 1 } };

/** A small honest retriever: the doc with the most shared words; cites its lines; asks the model with them. */
const retriever = `
const files = ['docs/deploy.md', 'docs/billing.md'];
const words = (t) => new Set(t.toLowerCase().match(/[a-z]+/g));
const q = words(input.question);
const best = files.map((f) => ({ f, t: fs.readFileSync(f, 'utf8') })).map((d) => ({ ...d, score: [...words(d.t)].filter((w) => q.has(w)).length })).sort((a, b) => b.score - a.score)[0];
const n = best.t.trimEnd().split('\\n').length;
(async () => {
  const r = await chat([{ role: 'user', content: best.t + '\\n' + input.question }]);
  print({ answer: r.content, citations: [best.f + ':1-' + n] });
})();
`;

describe('probe: citations', function () {
  this.timeout(30_000);
  const p = useProbeRepo(cases, docs);

  it('passes an honest retriever and shows hit@k and valid citations as figures', async () => {
    p.commit({ 'ask.js': prelude + retriever });
    const r = await p.run(check);
    expectResult(r, 'pass', /hit@3 1\.00 ≥ 1\.00 · valid citations 1\.00 ≥ 1\.00/);
    assert.deepEqual(r.metrics, { hitAt3: 1, validCitations: 1 });
    assert.equal(r.level, 'core');
  });

  it('fails hard-coded answers that never ask the model, even when they cite the right lines', async () => {
    p.commit({ 'ask.js': prelude + `print({ answer: 'see docs', citations: ['docs/deploy.md:2-3', 'docs/billing.md:3-3'] });` });
    expectResult(await p.run(check), 'fail', /without a single request to the model provider/);
  });

  it('fails citations past the end of the file, of files that do not exist, and outside the repository', async () => {
    const reasons: Record<string, RegExp> = {
      'docs/deploy.md:2-40': /docs\/deploy\.md has 4 lines at [0-9a-f]{7}/,
      'docs/nope.md:1-2': /docs\/nope\.md does not exist at [0-9a-f]{7}/,
      '../../etc/passwd:1-1': /etc\/passwd does not exist/,
      'docs/deploy.md:0-2': /lines run from 1/,
    };
    for (const [cite, reason] of Object.entries(reasons)) {
      p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: input.question }]).then(() => print({ answer: 'x', citations: ['docs/deploy.md:2-3', 'docs/billing.md:3-3', ${JSON.stringify(cite)}] }));` });
      const r = await p.run(check);
      expectResult(r, 'fail', reason);
      assert.equal(r.metrics?.validCitations, 0.667, cite);
      assert.equal(r.metrics?.hitAt3, 1, 'the right sources still hit; the invalid one fails the check');
    }
  });

  it('judges the committed work: a cited file that exists only uncommitted does not count', async () => {
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: 'q' }]).then(() => print({ answer: 'x', citations: ['notes/new.md:1-1'] }));` });
    p.repo.write('notes/new.md', 'fresh\n');
    const r = await p.run(check);
    expectResult(r, 'fail', /notes\/new\.md does not exist at/);
    // While working (working-tree scope) the same file counts, but it still misses the expected sources.
    const working = await p.run(check, { workingTree: true });
    expectResult(working, 'fail', /none of the first 3 sources/);
    assert.equal(working.metrics?.validCitations, 1);
  });

  it('fails real lines that are not the expected sources (hit@k), naming the expected ones', async () => {
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: 'q' }]).then(() => print({ answer: 'x', citations: ['README.md:1-1'] }));`, 'README.md': '# app\n' });
    const r = await p.run(check);
    expectResult(r, 'fail', /hit@3 0\.00 < 1\.00.*overlaps the expected docs\/deploy\.md:2-3/s);
  });

  it('fails with a reason when the program crashes or prints no JSON, and when no case expects sources', async () => {
    p.commit({ 'ask.js': 'console.log("thinking..."); process.exit(3);' });
    expectResult(await p.run(check), 'fail', /exited with 3: thinking/);
    p.commit({ 'ask.js': 'console.log("the answer is 42");' });
    expectResult(await p.run(check), 'fail', /stdout is not a JSON object/);
    p.exerciseFile('cases.jsonl', jsonl([{ id: 'q', input: {} }]));
    p.commit({ 'ask.js': prelude + retriever });
    expectResult(await p.run(check), 'fail', /no case has expect\.sources/);
  });
});

import { strict as assert } from 'node:assert';
import { expectResult, jsonl, prelude, useProbeRepo } from './harness';

/**
 * The abstention evaluator with `pairedBy: "asker"`: access control judged per asker. A denied asker
 * counts only next to a permitted one asking the same question, and must not see the restricted
 * source even in what it cites or retrieves.
 */
const docs = {
  'docs/deploy.md': 'Deploying\nRun make deploy from main after a green build.\n',
  'docs/hr/salary.md': 'Salary bands\nThe yearly salary review happens in April with a three percent budget.\n',
  'access.json': JSON.stringify({ 'docs/hr/salary.md': ['hr'] }),
};
const pay = 'When does the yearly salary review happen and what is the budget?';
const cases = [
  { id: 'deploy', input: { question: 'How do I deploy from main?', asker: 'eng-alice' }, expect: { answerable: true, sources: ['docs/deploy.md:2-2'] } },
  { id: 'pay-hr', input: { question: pay, asker: 'hr-bob' }, expect: { answerable: true, sources: ['docs/hr/salary.md:2-2'] } },
  { id: 'pay-eng', input: { question: pay, asker: 'eng-alice' }, expect: { answerable: false, sources: [] } },
  { id: 'pay-anon', input: { question: pay, asker: 'visitor' }, expect: { answerable: false, sources: [] } },
  { id: 'no-asker', input: { question: 'What is the capital of France?' }, expect: { answerable: false } },
];
const check = { kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'abstention', minAccuracy: 0.9, pairedBy: 'asker', minUnanswerable: 2 } };

/**
 * A small retriever over the two docs. `filter` says what it does with the asker: 'before' drops the
 * documents the asker's groups may not read before ranking (honest); 'ignore' does not look at the
 * asker; 'after' ranks everything, lists it as retrieved, then abstains when the best one is forbidden.
 */
const program = (filter: 'before' | 'ignore' | 'after', opts: { cite?: boolean } = {}) => `
const acl = JSON.parse(fs.readFileSync('access.json', 'utf8'));
const directory = { 'hr-bob': ['hr'], 'eng-alice': ['eng'] }; // server-side: the groups of each asker id
const groups = directory[input.asker] || [];
const may = (p) => (acl[p] || []).length === 0 || acl[p].some((g) => groups.includes(g));
const words = (t) => new Set(t.toLowerCase().match(/[a-z]{3,}/g));
const q = words(input.question);
const all = ['docs/deploy.md', 'docs/hr/salary.md'].filter((p) => ${filter === 'before' ? 'may(p)' : 'true'});
const ranked = all.map((p) => ({ p, t: fs.readFileSync(p, 'utf8') })).map((d) => ({ ...d, s: [...words(d.t)].filter((w) => q.has(w)).length })).filter((d) => d.s > 0).sort((a, b) => b.s - a.s);
const refs = ranked.map((d) => d.p + ':2-2');
(async () => {
  const r = await chat([{ role: 'user', content: ranked.map((d) => d.t).join('\\n\\n') + '\\n\\nQuestion: ' + input.question }]);
  const none = ranked.length === 0 || /INSUFFICIENT_EVIDENCE/.test(r.content)${filter === 'after' ? ' || !may(ranked[0].p)' : ''};
  print(none ? { answer: 'INSUFFICIENT_EVIDENCE', abstained: true, citations: [], retrieved: refs } : { answer: r.content, abstained: false, citations: ${opts.cite === false ? '[]' : 'refs.slice(0, 1)'}, retrieved: refs });
})();
`;

describe('probe: abstention per asker (pairedBy)', function () {
  this.timeout(30_000);
  const p = useProbeRepo(cases, docs);

  it('passes a retriever that filters by the asker before ranking, judging only the cases that carry an asker', async () => {
    p.commit({ 'ask.js': prelude + program('before') });
    const r = await p.run(check);
    expectResult(r, 'pass', /accuracy 1\.00 ≥ 0\.90 · denied cases 2 ≥ 2 · answered when answerable 1\.00 · abstained when unanswerable 1\.00/);
    assert.deepEqual(r.metrics, { accuracy: 1, answeredWhenAnswerable: 1, abstainedWhenUnanswerable: 1, deniedCases: 2 });
  });

  it('fails an ask command that ignores the asker: the denied askers get the restricted answer', async () => {
    p.commit({ 'ask.js': prelude + program('ignore') });
    const r = await p.run(check);
    expectResult(r, 'fail', /pay-eng: answered asker "eng-alice", who may not read the sources; filter by the asker's groups before ranking/);
    assert.equal(r.metrics?.accuracy, 0.5);
  });

  it('fails one that always abstains, for every asker', async () => {
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: input.question }]).then(() => print({ answer: 'INSUFFICIENT_EVIDENCE', abstained: true, citations: [] }));` });
    const r = await p.run(check);
    expectResult(r, 'fail', /"pay-hr","reason":"abstained, but the repository holds the answer/);
    assert.equal(r.metrics?.accuracy, 0.5);
  });

  it('fails a question set without per-asker cases, however well the rest is answered', async () => {
    p.exerciseFile('cases.jsonl', jsonl(cases.map(({ input, ...c }) => ({ ...c, input: { question: input.question } }))));
    p.commit({ 'ask.js': prelude + program('before') });
    expectResult(await p.run(check), 'fail', /cases with input\.asker need both answerable and unanswerable/);
  });

  it('does not count a denied asker asking what nobody may read: each needs a permitted twin, and enough of them', async () => {
    const nobody = { id: 'lunch-eng', input: { question: 'What is on the canteen lunch menu?', asker: 'eng-alice' }, expect: { answerable: false, sources: [] } };
    p.exerciseFile('cases.jsonl', jsonl([cases[0], cases[1], cases[2], nobody]));
    p.commit({ 'ask.js': prelude + program('ignore') });
    const r = await p.run(check);
    expectResult(r, 'fail', /1 denied asker case\(s\) not judged because no permitted asker asks the same input \(e\.g\. lunch-eng\)/);
    assert.equal(r.metrics?.abstainedWhenUnanswerable, 0, 'the unanswerable-by-anyone question does not rescue the leak');
    p.commit({ 'ask.js': prelude + program('before') });
    expectResult(await p.run(check), 'fail', /only 1 denied asker case\(s\) with a permitted twin judged; write at least 2/);
  });

  it('pairs a denied asker only with a permitted twin that names the restricted source it expects', async () => {
    p.exerciseFile('cases.jsonl', jsonl(cases.map((c) => (c.id === 'pay-hr' ? { ...c, expect: { answerable: true } } : c))));
    p.commit({ 'ask.js': prelude + program('before') });
    expectResult(await p.run(check), 'fail', /2 denied asker case\(s\) not judged because no permitted asker asks the same input \(e\.g\. pay-eng\)/);
  });

  it('fails a denied asker whose abstention still lists the restricted source (filtered after ranking)', async () => {
    p.commit({ 'ask.js': prelude + program('after') });
    const r = await p.run(check);
    expectResult(r, 'fail', /pay-eng: abstained, but named docs\/hr\/salary\.md:2-2 \(cited or retrieved\), which only pay-hr's asker may see/);
    assert.equal(r.metrics?.abstainedWhenUnanswerable, 0);
  });

  it('fails permitted answers that cite nothing', async () => {
    p.commit({ 'ask.js': prelude + program('before', { cite: false }) });
    expectResult(await p.run(check), 'fail', /"pay-hr","reason":"answered asker \\"hr-bob\\" without citing a source/);
  });
});

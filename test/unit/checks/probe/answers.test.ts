import { strict as assert } from 'node:assert';
import { expectResult, jsonl, prelude, useProbeRepo } from './harness';

const doc = 'Run make deploy from main. Deploys need a green build.';
const cases = [
  { id: 'deploy', input: { question: 'How do I deploy from main?' }, expect: { answerable: true } },
  { id: 'green', input: { question: 'What do deploys need, a green build?' }, expect: { answerable: true } },
  { id: 'france', input: { question: 'What is the capital of France?' }, expect: { answerable: false } },
];
const abstain = { kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'abstention', minAccuracy: 0.9 } };
/** Honest: asks the model with the context; the model says INSUFFICIENT_EVIDENCE when nothing overlaps. */
const honest = `(async () => {
  const r = await chat([{ role: 'system', content: 'Context:\\n[docs/deploy.md:1-1] ${doc}' }, { role: 'user', content: input.question }]);
  print({ answer: r.content, abstained: /INSUFFICIENT_EVIDENCE/.test(r.content) });
})();`;

describe('probe: abstention', function () {
  this.timeout(30_000);
  const p = useProbeRepo(cases);

  it('passes a program that abstains exactly when the evidence is missing', async () => {
    p.commit({ 'ask.js': prelude + honest });
    const r = await p.run(abstain);
    expectResult(r, 'pass', /accuracy 1\.00 ≥ 0\.90/);
  });

  it('fails always-abstain and always-answer, even when most cases are of one kind (balanced accuracy)', async () => {
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: 'x' }]).then(() => print({ answer: 'INSUFFICIENT_EVIDENCE', abstained: true }));` });
    const always = await p.run(abstain);
    expectResult(always, 'fail', /deploy: abstained, but the repository holds the answer/);
    assert.equal(always.metrics?.accuracy, 0.5);
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: 'x' }]).then(() => print({ answer: 'Run make deploy.' }));` });
    p.exerciseFile('cases.jsonl', jsonl([...cases, ...cases.slice(0, 2).map((c, i) => ({ ...c, id: `more-${i}` }))]));
    const answering = await p.run(abstain);
    expectResult(answering, 'fail', /france: answered, but nothing in the evidence supports an answer/);
    assert.equal(answering.metrics?.accuracy, 0.5, '4 of 5 right by plain accuracy, but never abstains');
  });

  it('fails when the cases do not have both kinds, and when the answer is empty', async () => {
    p.exerciseFile('cases.jsonl', jsonl(cases.slice(0, 2)));
    p.commit({ 'ask.js': prelude + honest });
    expectResult(await p.run(abstain), 'fail', /need both answerable and unanswerable/);
    p.exerciseFile('cases.jsonl', jsonl(cases));
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: input.question }]).then((r) => print({ answer: '', abstained: /France/.test(input.question) }));` });
    expectResult(await p.run(abstain), 'fail', /gave an empty answer/);
  });

  it('reads the learner\'s own cases at the checked commit and requires enough of them', async () => {
    const mine = { ...abstain, cases: undefined, learnerCases: '${input:casesFile}', minLearnerCases: 3 };
    const inputs = [{ id: 'casesFile', prompt: 'Your cases' }];
    p.commit({ 'ask.js': prelude + honest, 'evals/cases.jsonl': jsonl(cases.slice(0, 2)) });
    expectResult(await p.run(mine, { inputs, answers: { casesFile: 'evals/cases.jsonl' } }), 'fail', /has 2 case\(s\); write at least 3/);
    p.commit({ 'evals/cases.jsonl': jsonl(cases) });
    expectResult(await p.run(mine, { inputs, answers: { casesFile: 'evals/cases.jsonl' } }), 'pass');
    p.commit({ 'evals/cases.jsonl': '{"id": "a", "question": "no input field"}\n' });
    expectResult(await p.run(mine, { inputs, answers: { casesFile: 'evals/cases.jsonl' } }), 'fail', /evals\/cases\.jsonl:1: .*a case is \{"id"/);
    expectResult(await p.run(mine, { inputs }), 'skipped', /Needs your answer to "Your cases"/);
  });

  it('never shows the program the expected answer, and runs at the checked commit, not the working tree', async () => {
    p.commit({ 'ask.js': prelude + `chat([{ role: 'user', content: 'x' }]).then(() => print({ answer: 'x', abstained: c.expect ? !c.expect.answerable : true }));` });
    p.repo.write('ask.js', prelude + honest); // the fix is not committed yet
    const r = await p.run(abstain);
    expectResult(r, 'fail', /abstained, but the repository holds the answer/);
    assert.equal(p.repo.git(['worktree', 'list']).split('\n').length, 1, 'the temporary worktree is removed');
    expectResult(await p.run(abstain, { workingTree: true }), 'pass');
  });
});

import { strict as assert } from 'node:assert';
import { markdownSections, sectionProblem } from '../../../src/core/checks/document';
import { expectResult, ProbeRepo } from './probe/harness';

const template = `# Eval report

## Results
Describe what you measured here: the score before and after, and the number of cases.

## Decision
Write your decision.
`;
const filled = `# Eval report

## Results
We ran 42 golden cases. Exact match went from 0.61 to 0.78 after adding retrieval, and p95 latency stayed at 840 ms.
Failures cluster on questions about billing, where the index misses the pricing pages.

## Decision
Ship behind the flag for the support team first, and index the pricing pages before the wider launch next sprint.
`;
const check = {
  kind: 'document',
  path: 'docs/eval-report.md',
  template: 'template.md',
  sections: [
    { heading: 'Results', minWords: 15, figures: 2 },
    { heading: 'Decision', minWords: 8 },
  ],
};

describe('document check', function () {
  this.timeout(20_000);
  let p: ProbeRepo;
  beforeEach(() => {
    p = new ProbeRepo();
    p.exerciseFile('template.md', template);
  });
  afterEach(() => p.dispose());

  it('passes a report whose sections are written in the learner\'s own words with figures', async () => {
    p.commit({ 'docs/eval-report.md': filled });
    expectResult(await p.run(check), 'pass', /sections complete 2 ≥ 2 in docs\/eval-report\.md/);
  });

  it('fails the template copied unchanged, shuffled, or padded with one word per line', async () => {
    p.commit({ 'docs/eval-report.md': template });
    expectResult(await p.run(check), 'fail', /"Results": 0 word\(s\) of your own beyond the template; write at least 15/);
    const shuffled = template.replace('Describe what you measured here: the score before and after, and the number of cases.', 'cases of number the and, after and before score the: here measured you what Describe ok.');
    p.commit({ 'docs/eval-report.md': shuffled });
    expectResult(await p.run(check), 'fail', /1 word\(s\) of your own/);
  });

  it('fails a missing file, a missing heading, a placeholder, too few figures, and repeated filler', async () => {
    expectResult(await p.run(check), 'fail', /docs\/eval-report\.md is not committed on the branch .*starting from the template template\.md/);
    p.commit({ 'docs/eval-report.md': filled.replace('## Decision', '## Next') });
    expectResult(await p.run(check), 'fail', /no "Decision" heading/);
    p.commit({ 'docs/eval-report.md': filled.replace('Failures cluster', 'TODO: Failures cluster') });
    expectResult(await p.run(check), 'fail', /still holds the placeholder "TODO"/);
    p.commit({ 'docs/eval-report.md': filled.replace('0.61 to 0.78', 'worse to better').replace('42', 'many').replace('840 ms', 'flat') });
    expectResult(await p.run(check), 'fail', /0 figure\(s\); give at least 2/);
    p.commit({ 'docs/eval-report.md': filled.replace(/## Decision\n.*\n/, '## Decision\n' + 'ship '.repeat(30) + '\n') });
    expectResult(await p.run(check), 'fail', /"Decision": 30 word\(s\) of your own/);
  });

  it('reads sections by heading at any level, ignoring code fences, and counts only new figures', () => {
    const s = markdownSections('# A\ntext 1\n```\n# not a heading\n```\n### Results (v2)\nscore 0.9\n## B\nb\n');
    assert.deepEqual([...s.keys()].sort(), ['a', 'b', 'results v2']);
    assert.match(s.get('a') ?? '', /# not a heading/);
    const want = { heading: 'Results', minWords: 1, figures: 1 };
    assert.match(sectionProblem('The number of cases is 20.', 'The number of cases is 20.', want) ?? '', /0 word/);
    assert.match(sectionProblem('The number of cases is 20, all fine.', 'The number of cases is 20.', want) ?? '', /0 figure/);
    assert.equal(sectionProblem('The number of cases is 21, all fine.', 'The number of cases is 20.', want), undefined);
  });
});

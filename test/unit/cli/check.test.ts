import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckReportSchema } from '../../../src/core/checks/report';
import { exerciseFiles, module, track, writeCatalog } from '../catalog/fixtures';
import { prelude } from '../checks/probe/harness';
import { runCliAsync } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';

const cases = [
  { id: 'deploy', input: { question: 'How do I deploy from main?' }, expect: { answerable: true } },
  { id: 'france', input: { question: 'What is the capital of France?' }, expect: { answerable: false } },
];
/** Asks the local model with the repository's deploy doc as context; INSUFFICIENT_EVIDENCE means abstain. */
const asker = `${prelude}
(async () => {
  const doc = fs.readFileSync('docs/deploy.md', 'utf8');
  const r = await chat([{ role: 'system', content: 'Context:\\n[docs/deploy.md:1-2] ' + doc }, { role: 'user', content: input.question }]);
  print({ answer: r.content, abstained: /INSUFFICIENT_EVIDENCE/.test(r.content) });
})();
`;

describe('practicum check', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let cat: { dir: string; dispose(): void };
  let answers: string;
  beforeEach(() => {
    repo = new TempRepo();
    repo.commit({ message: 'base', files: { 'docs/deploy.md': 'Run make deploy from main.\nDeploys need a green build.\n' } });
    repo.checkout('practicum/ask', true);
    cat = tempDir('practicum-cat-');
    writeCatalog(cat.dir, {
      't/track.json': track('t'),
      't/m/module.json': module('m'),
      ...exerciseFiles('t', 'm', 'ask', {
        inputs: [{ id: 'askCommand', prompt: 'Command that answers a question' }],
        acceptance: [{ text: 'Abstains without evidence.', checks: ['abstains'] }, { text: 'Notes written.', checks: ['notes'] }, { text: 'Reviewed.', mentor: 'Clear names.' }],
        checks: [
          { id: 'abstains', kind: 'probe', title: 'Abstains exactly when unanswerable', command: '${input:askCommand}', cases: 'cases.jsonl', evaluator: { type: 'abstention', minAccuracy: 1 } },
          { id: 'notes', kind: 'document', title: 'Notes', path: 'NOTES.md', sections: [{ heading: 'Findings', minWords: 5, figures: 1 }] },
          { id: 'changed', kind: 'files', title: 'Something changed', glob: '**', level: 'hint' },
          { id: 'reviewed', kind: 'manual', title: 'Self-review', description: 'I reviewed my diff.' },
        ],
      }),
      't/m/ask/cases.jsonl': cases.map((c) => JSON.stringify(c)).join('\n') + '\n',
    });
    answers = path.join(cat.dir, 'answers.json');
    writeFileSync(answers, JSON.stringify({ askCommand: 'node ask.js' }));
  });
  afterEach(() => {
    repo.dispose();
    cat.dispose();
  });

  const check = (...extra: string[]) => runCliAsync(['check', '--repo', repo.dir, '--exercise', 'ask', '--catalog', cat.dir, ...extra]);

  it('passes working committed work with exit 0 and prints practicum.check/v1 with the figures', async () => {
    repo.commit({ message: 'work', files: { 'ask.js': asker, 'NOTES.md': '# Notes\n## Findings\nThe model abstained on 1 of 2 questions, as expected here.\n' } });
    const r = await check('--answers', answers, '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = CheckReportSchema.parse(r.json());
    assert.equal(report.passed, true);
    assert.equal(report.commit, repo.head());
    const probe = report.results.find((x) => x.id === 'abstains');
    assert.equal(probe?.status, 'pass', probe?.message);
    assert.deepEqual(probe?.metrics, { accuracy: 1, answeredWhenAnswerable: 1, abstainedWhenUnanswerable: 1 });
    assert.equal(report.results.find((x) => x.id === 'reviewed')?.status, 'fail', 'not attested: shown, but does not decide');
  });

  it('fails the do-nothing submission with exit 1, naming the failing cases', async () => {
    repo.commit({ message: 'trivial', files: { 'NOTES.md': '# Notes\n## Findings\nTODO\n' } });
    writeFileSync(answers, JSON.stringify({ askCommand: 'true' }));
    const r = await check('--answers', answers, '--attest', 'all');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ abstains \[probe\].*printed nothing on stdout/);
    assert.match(r.stdout, /✗ notes \[document\]/);
    assert.match(r.stdout, /✓ reviewed \[manual\]/);
    assert.match(r.stdout, /not passed: 0 of 2 core checks pass/);
  });

  it('exits 2 on bad usage: unanswered input, unknown exercise, unknown manual id, bad provider, unreadable answers', async () => {
    repo.commit({ message: 'work', files: { 'ask.js': asker } });
    const unanswered = await check('--json');
    assert.equal(unanswered.code, 2);
    const [first] = CheckReportSchema.parse(unanswered.json()).results;
    assert.equal(first?.status, 'skip', 'the contract says skip, not the stored skipped');
    assert.match(first?.detail ?? '', /Needs your answer to "Command that answers a question"/);
    assert.equal(first?.detail, first?.message);
    assert.equal((await runCliAsync(['check', '--repo', repo.dir, '--exercise', 'nope'])).code, 2);
    const attest = await check('--attest', 'reviewed,typo');
    assert.equal(attest.code, 2);
    assert.match(attest.stderr, /--attest names typo, which is not a manual check of this exercise; use all or some of reviewed/);
    assert.match((await check('--provider', 'cloud')).stderr, /--provider must be "local" or "env"/);
    const missing = await check('--answers', path.join(cat.dir, 'none.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /none\.json: file not found/);
  });

  it('with --provider env the learner\'s own provider is used: the local one is not started', async () => {
    repo.commit({ message: 'work', files: { 'ask.js': asker } });
    const r = await runCliAsync(['check', '--repo', repo.dir, '--exercise', 'ask', '--catalog', cat.dir, '--answers', answers, '--provider', 'env', '--json'], { env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    const report = CheckReportSchema.parse(r.json());
    assert.equal(report.provider, 'env');
    const probe = report.results.find((x) => x.id === 'abstains');
    assert.equal(probe?.status, 'fail');
    assert.match(JSON.stringify(probe?.failingCases), /exited with 1: .*Error/);
  });
});

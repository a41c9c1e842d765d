import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expectResult, jsonl, prelude, ProbeRepo } from './harness';

describe('probe: where the learner\'s command runs', function () {
  this.timeout(30_000);
  let p: ProbeRepo;
  beforeEach(() => {
    p = new ProbeRepo();
    p.exerciseFile('cases.jsonl', jsonl([{ id: 'q', input: { question: 'How do I deploy?' }, expect: { answerable: true } }, { id: 'r', input: { question: 'Capital of France?' }, expect: { answerable: false } }]));
  });
  afterEach(() => p.dispose());

  it('a committed check runs in a private worktree of the commit: dependencies linked, hooks not run, nothing left behind', async () => {
    mkdirSync(path.join(p.repo.dir, 'node_modules', 'answerer'), { recursive: true });
    writeFileSync(path.join(p.repo.dir, 'node_modules', 'answerer', 'index.js'), `module.exports = (q) => /France/.test(q) ? 'INSUFFICIENT_EVIDENCE' : 'make deploy';`);
    writeFileSync(path.join(p.repo.dir, '.gitignore'), 'node_modules/\n.cache\n');
    const hook = path.join(p.repo.dir, '.git', 'hooks', 'post-checkout');
    writeFileSync(hook, `#!/bin/sh\ntouch "${path.join(p.repo.dir, 'hook-ran')}"\n`);
    chmodSync(hook, 0o755);
    p.commit({
      '.gitignore': 'node_modules/\n.cache\n',
      'ask.js': prelude + `const answer = require('answerer')(input.question); fs.writeFileSync('.cache', 'left behind');
chat([{ role: 'user', content: input.question }]).then(() => print({ answer, abstained: answer === 'INSUFFICIENT_EVIDENCE', cwd: process.cwd() }));`,
    });
    const r = await p.run({ kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'abstention', minAccuracy: 1 } });
    expectResult(r, 'pass');
    assert.equal(existsSync(path.join(p.repo.dir, 'hook-ran')), false, 'the learner\'s post-checkout hook must not run');
    assert.equal(existsSync(path.join(p.repo.dir, '.cache')), false, 'the run happened elsewhere');
    assert.equal(p.repo.git(['worktree', 'list']).split('\n').length, 1);
  });

  it('an untrusted or unapproved workspace skips the probe without running anything', async () => {
    p.commit({ 'ask.js': `require('fs').writeFileSync(${JSON.stringify(path.join(p.repo.dir, 'ran'))}, 'x')` });
    const r = await p.run({ kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', evaluator: { type: 'abstention', minAccuracy: 1 } }, { env: { commandsBlocked: () => 'Not run: this workspace is not trusted.' } });
    expectResult(r, 'skipped', /not trusted/);
    assert.equal(existsSync(path.join(p.repo.dir, 'ran')), false);
  });

  it('a case that runs past caseTimeoutSeconds is stopped and fails with the reason', async () => {
    p.commit({ 'ask.js': 'setTimeout(() => {}, 60000);' });
    const r = await p.run({ kind: 'probe', command: 'node ask.js', cases: 'cases.jsonl', caseTimeoutSeconds: 1, evaluator: { type: 'abstention', minAccuracy: 1 } });
    expectResult(r, 'fail', /did not finish within 1 s and was stopped/);
  });
});

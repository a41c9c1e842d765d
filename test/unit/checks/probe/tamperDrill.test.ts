import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { flipByte, replaceDigest } from '../../../../src/core/checks/probe/evaluators/tamperDrill';
import { expectResult, useProbeRepo } from './harness';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const weights = 'WEIGHTS\u0001\u0002\u0003 binary-ish payload of the router model';
const prompt = 'You answer from the handbook only.\n';
const manifest = JSON.stringify({ artifacts: [{ name: 'router-weights', path: 'models/router.safetensors', sha256: sha(weights) }, { name: 'answer-prompt', path: 'prompts/answer.md', sha256: sha(prompt) }] }, null, 2);

/** An honest verifier: recomputes every recorded sha256 and exits 1 naming the drifted artifact. */
const verify = `
const fs = require('fs'), crypto = require('crypto');
const bom = JSON.parse(fs.readFileSync('ai-bom.json', 'utf8'));
let drift = 0;
for (const a of bom.artifacts) {
  const got = crypto.createHash('sha256').update(fs.readFileSync(a.path)).digest('hex');
  if (got !== a.sha256) { drift++; console.log('DRIFT ' + a.name + ' (' + a.path + '): sha256 ' + got + ', recorded ' + a.sha256); }
}
process.exit(drift ? 1 : 0);
`;
const repoFiles = { 'ai-bom.json': manifest, 'models/router.safetensors': weights, 'prompts/answer.md': prompt, 'verify.js': verify };
const check = { kind: 'probe', command: 'node verify.js', evaluator: { type: 'tamperDrill' } };

describe('probe: tamperDrill (the verify command fails on drift)', function () {
  this.timeout(60_000);
  const p = useProbeRepo();

  it('passes a verifier that recomputes recorded hashes, and leaves the learner repository untouched', async () => {
    p.commit(repoFiles);
    const r = await p.run(check);
    expectResult(r, 'pass', /pinned artifacts 2 ≥ 1 · drills caught 2 ≥ 2/);
    assert.equal(readFileSync(path.join(p.repo.dir, 'models/router.safetensors'), 'utf8'), weights);
    assert.equal(readFileSync(path.join(p.repo.dir, 'ai-bom.json'), 'utf8'), manifest);
    assert.equal(p.repo.git(['status', '--porcelain']).trim(), '');
  });

  it('passes when the hash is also written in the docs: the recorded hash is changed everywhere', async () => {
    p.commit({ ...repoFiles, 'docs/ai/ai-bom.md': `# BOM\n\nrouter-weights sha256 ${sha(weights)}\nanswer-prompt sha256 ${sha(prompt)}\n` });
    expectResult(await p.run(check), 'pass', /drills caught 2 ≥ 2/);
  });

  it('fails cheats: always exit 0, always exit 1, format-only checks, a clean-tree check, silence about the file', async () => {
    p.commit({ ...repoFiles, 'verify.js': 'process.exit(0)' });
    expectResult(await p.run(check), 'fail', /tampered-artifact.*exited 0 after one byte of models\/router\.safetensors changed/);
    p.commit({ ...repoFiles, 'verify.js': 'process.exit(1)' });
    expectResult(await p.run(check), 'fail', /untouched.*exited with 1 on the checked commit/);
    const formatOnly = "const b = JSON.parse(require('fs').readFileSync('ai-bom.json','utf8')); process.exit(b.artifacts.every(a => /^[0-9a-f]{64}$/.test(a.sha256)) ? 0 : 1);";
    p.commit({ ...repoFiles, 'verify.js': formatOnly });
    expectResult(await p.run(check), 'fail', /exited 0 after one byte/);
    const cleanTree = "const out = require('child_process').execSync('git status --porcelain && git diff --stat', { encoding: 'utf8' }); console.log(out); process.exit(out.trim() ? 1 : 0);";
    p.commit({ ...repoFiles, 'verify.js': cleanTree });
    const tree = await p.run(check);
    expectResult(tree, 'fail', /exited 0 after one byte/);
    assert.deepEqual(tree.failingCases?.map((f) => f.id), ['tampered-artifact', 'changed-record'], 'passes untouched, then sees no change: git does not show the drill');
    p.commit({ ...repoFiles, 'verify.js': verify.replace("console.log('DRIFT ' + a.name + ' (' + a.path + '): sha256 ' + got + ', recorded ' + a.sha256);", '') });
    expectResult(await p.run(check), 'fail', /never named it/);
  });

  it('fails a repository with no recorded hash, saying what to record', async () => {
    p.commit({ 'models/router.safetensors': weights, 'verify.js': 'process.exit(0)' });
    expectResult(await p.run(check), 'fail', /pins.*0 committed file\(s\) have their sha256 recorded/);
  });

  it('is skipped in the working tree, which it must never change', async () => {
    p.commit(repoFiles);
    const r = await p.run(check, { workingTree: true });
    expectResult(r, 'skipped', /committed work only/);
  });

  it('flips one byte and changes a digest in any case', () => {
    assert.notDeepEqual(flipByte(Buffer.from('abc')), Buffer.from('abc'));
    assert.equal(flipByte(Buffer.from('abc')).length, 3);
    const d = sha('x');
    const changed = replaceDigest(`a ${d} b ${d.toUpperCase()}`, d);
    assert.ok(!changed.toLowerCase().includes(d));
    assert.equal(changed.length, `a ${d} b ${d}`.length);
  });
});

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { diffGitPath, HistoryParser, historyLogArgs, unquotePath, type ScannedCommit } from '../../../src/core/git/historyReader';
import { compileRules } from '../../../src/core/git/rules/compileRules';
import { builtinRuleSet } from '../../../src/core/git/rules/loadRules';
import { diffAttributes } from '../../../src/core/git/rules/sdkPatterns';
import { createShadowGitDir } from '../../../src/core/git/shadowGitDir';
import { TempRepo, tempDir } from '../helpers/gitRepo';

describe('history stream parser', () => {
  const rules = compileRules(builtinRuleSet());
  let repo: TempRepo;
  let output: Buffer;
  let dir: { dir: string; dispose(): void };

  before(async () => {
    repo = new TempRepo();
    dir = tempDir();
    repo.commit({ message: 'first\n\nwith a body\nthat has\n\nparagraphs and a NUL-free \u0001 control char\n', files: { 'a.py': 'x = 1\n' } });
    repo.commit({ message: 'unicode paths', files: { 'src/café/ünï.py': 'import openai\n', 'src/with space/"q".ts': "import Anthropic from '@anthropic-ai/sdk';\n" } });
    repo.commit({ message: 'prompt\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', files: { 'prompts/a b.md': 'Be brief.\n', 'img.bin': '\u0000\u0001\u0002binary' } });
    repo.commit({ message: 'a line that looks like a header', files: { 'a.py': 'x = 1\n++ not a header\n+++ b/neither.py\ndiff --git a/x b/x\nimport cohere\n' } });
    const shadow = await createShadowGitDir({ cwd: repo.dir }, { root: repo.dir, bare: false, head: repo.head(), attributes: diffAttributes() });
    try {
      output = execFileSync('git', [`--git-dir=${shadow.gitDir}`, ...historyLogArgs(['HEAD'])], { cwd: dir.dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: repo.dir } });
    } finally {
      await shadow.dispose();
    }
  });
  after(() => {
    repo.dispose();
    dir.dispose();
  });

  function parse(chunkSize: number): ScannedCommit[] {
    const out: ScannedCommit[] = [];
    const p = new HistoryParser(rules, (c) => out.push(c));
    for (let i = 0; i < output.length; i += chunkSize) p.push(output.subarray(i, i + chunkSize));
    p.end();
    return out;
  }

  it('classifies paths with unicode, spaces and quotes, and ignores header look-alikes in content', () => {
    const [last, prompt, unicode, first] = parse(output.length);
    assert.deepEqual(last?.building, ['sdk:cohere(+a.py)']);
    assert.deepEqual(prompt?.building, ['file:prompt(+prompts/a b.md)']);
    assert.deepEqual(prompt?.assisted, ['co-author:claude']);
    assert.deepEqual(unicode?.building.slice().sort(), ['sdk:anthropic(+src/with space/"q".ts)', 'sdk:openai(+src/café/ünï.py)']);
    assert.deepEqual(first?.building, []);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const whole = parse(output.length);
    assert.equal(whole.length, 4);
    for (const size of [1, 2, 3, 7, 64, 1000]) assert.deepEqual(parse(size), whole, `chunk size ${size}`);
  });

  it('reads quoted and unquoted diff headers', () => {
    assert.equal(diffGitPath('a/src/x.ts b/src/x.ts'), 'src/x.ts');
    assert.equal(diffGitPath('a/with space b/with space'), 'with space');
    assert.equal(diffGitPath('"a/q\\"x" "b/q\\"x"'), 'q"x');
    assert.equal(unquotePath('"caf\\303\\251\\tx"'), 'café\tx');
  });
});

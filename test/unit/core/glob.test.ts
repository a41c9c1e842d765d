import { strict as assert } from 'node:assert';
import { globToRegExp, matchesGlob } from '../../../src/core/glob';

describe('globs', () => {
  const cases: Array<[string, string, boolean]> = [
    ['**/*.py', 'app.py', true],
    ['**/*.py', 'src/deep/app.py', true],
    ['**/*.py', 'src/app.pyc', false],
    ['evals/**', 'evals/cases.jsonl', true],
    ['evals/**', 'evals/a/b/c.json', true],
    ['evals/**', 'src/evals/x', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/sub/a.ts', false],
    ['*.md', 'docs/guide/README.md', true],
    ['*.md', 'README.md', true],
    ['**/*.{ts,tsx}', 'web/App.tsx', true],
    ['**/*.{ts,tsx}', 'web/App.jsx', false],
    ['{src,lib}/**/{a,b{c,d}}.js', 'lib/x/bd.js', true],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file12.txt', false],
    ['[!a]*.c', 'b.c', true],
    ['[!a]*.c', 'a.c', false],
    ['src/**/test/*.ts', 'src/test/x.ts', true],
    ['./docs/*.md', 'docs/a.md', true],
    ['/Makefile', 'Makefile', true],
    ['/Makefile', 'tools/Makefile', false],
    ['{/.gitlab-ci.yml,Jenkinsfile}', 'ci/.gitlab-ci.yml', false],
    ['{/.gitlab-ci.yml,Jenkinsfile}', 'ci/Jenkinsfile', true],
    ['{**/*_test.*,**/tests/**}', 'tests/unit/a.py', true],
    ['{**/*_test.*,**/tests/**}', 'store_test.go', true],
    ['a.b', 'axb', false],
    ['**', 'anything/at/all', true],
    // Each {a,b} alternative follows the rules as if written alone: `**/x` includes the root, `y` any folder.
    ['{**/x,y}', 'x', true],
    ['{**/x,y}', 'deep/er/x', true],
    ['{**/x,y}', 'y', true],
    ['{**/x,y}', 'lib/y', true],
    ['{**/x,y}', 'lib/z', false],
    ['src/{**/x,y}', 'src/x', true],
    ['src/{**/x,y}', 'src/a/y', false],
    ['{evals/**,*.prompt.md}', 'evals', true],
    ['{evals/**,*.prompt.md}', 'docs/a.prompt.md', true],
    ['{evals/**,*.prompt.md}', 'src/evals/x', false],
    ['[{]x,y}', '{x,y}', true],
    ['[{]x', '{x', true],
    ['\\{a,b}', '{a,b}', true],
  ];
  for (const [glob, file, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${file}`, () => assert.equal(matchesGlob(file, glob), expected));
  }

  it('rejects unbalanced globs', () => {
    assert.throws(() => globToRegExp('src/{a,b'), /unclosed "\{"/);
    assert.throws(() => globToRegExp('[ab'), /unclosed "\["/);
    assert.throws(() => globToRegExp('{a,{b,c}'), /unclosed "\{"/);
    assert.throws(() => globToRegExp('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}'), /more than 256 alternatives/);
  });
});

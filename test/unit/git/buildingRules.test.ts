import { strict as assert } from 'node:assert';
import type { ScanRun } from '../../../src/core/git/scan';
import { TempRepo } from '../helpers/gitRepo';
import { aiCommit, dailyCommits, scan } from './scanHelpers';

const py = (...lines: string[]) => lines.join('\n') + '\n';

describe('building rules (added lines only)', () => {
  let repo: TempRepo;
  let run: ScanRun;
  const h: Record<string, string> = {};

  before(async () => {
    repo = new TempRepo();
    const { commit } = dailyCommits(repo, h, '2026-02');
    commit('base', { 'app/util.py': py('import os', '', 'def f():', '    return 1'), 'README.md': '# App\n' });
    commit('adds openai import', { 'app/rag.py': py('from openai import OpenAI', '', 'client = OpenAI()') });
    commit('adds ts and py imports', { 'web/ai.ts': "import Anthropic from '@anthropic-ai/sdk';\n", 'app/embed.py': py('import chromadb') });
    commit('edits code below the import', { 'app/rag.py': py('from openai import OpenAI', '', 'client = OpenAI(timeout=5)') });
    // -G would match this commit (a removed line contains "openai"), yet nothing AI is added.
    commit('removes the import', { 'app/rag.py': py('', 'client = None') });
    commit('replaces the import line', { 'web/ai.ts': "import { local } from './local';\n" });
    commit('deletes a file with imports', { 'app/embed.py': null });
    commit('adds python again for the rename', { 'app/llm.py': py('import anthropic', 'x = 1', 'y = 2', 'z = 3', 'w = 4') });
    repo.git(['mv', 'app/llm.py', 'app/model.py']);
    commit('renames a file that has imports', {});
    commit('import in docs', { 'docs/guide.md': '```python\nimport openai\n```\n', 'README.md': '# App\n\nfrom openai import OpenAI\n' });
    commit('vendored sdk', { 'node_modules/openai/index.js': "module.exports = require('openai/core');\n", 'vendor/github.com/openai/openai-go/x.go': 'package x\n' });
    commit('adds a dependency', { 'package.json': '{\n  "dependencies": {\n    "openai": "^4.0.0"\n  }\n}\n' });
    commit('adds a requirement', { 'requirements.txt': 'flask==3.0\nlitellm>=1.40\n' });
    commit('adds a prompt file', { 'prompts/summarize.md': 'Summarize the text below.\n' });
    commit('edits the prompt file', { 'prompts/summarize.md': 'Summarize the text below in three bullets.\n' });
    commit('adds an eval file', { 'evals/summarize.yaml': 'cases: []\n' });
    commit('adds two files of one sdk', { 'app/a.py': py('import openai'), 'app/b.py': py('import openai') });
    // A merge: the branch commit builds, the merge (no diff of its own) counts on its message only.
    repo.checkout('feature', true);
    commit('branch adds ollama', { 'app/local.py': py('import ollama') });
    repo.checkout('main');
    commit('main moves on', { 'app/util.py': py('import os', '', 'def f():', '    return 2') });
    repo.git(['merge', '-q', '--no-ff', '-m', 'Merge feature\n\nCo-authored-by: Claude <noreply@anthropic.com>', 'feature'], {
      GIT_AUTHOR_DATE: '2026-02-27T09:00:00Z',
      GIT_COMMITTER_DATE: '2026-02-27T09:00:00Z',
    });
    h['merge'] = repo.head();
    run = await scan(repo);
  });
  after(() => repo.dispose());

  const expect = (name: string, signals: string[] | undefined) => {
    const c = aiCommit(run, h[name] as string);
    if (!signals) return assert.equal(c, undefined, `${name}: unexpected ${c?.signals.join(', ')}`);
    assert.ok(c, `${name}: not classified`);
    assert.deepEqual(c.signals, signals);
    assert.equal(c.building, true);
  };

  it('an added import is building, with the file that shows it', () => expect('adds openai import', ['sdk:openai(+app/rag.py)']));
  it('imports in two languages give one signal each', () => {
    const c = aiCommit(run, h['adds ts and py imports'] as string);
    assert.deepEqual(c?.signals.slice().sort(), ['sdk:anthropic(+web/ai.ts)', 'sdk:chromadb(+app/embed.py)']);
  });
  it('editing code near an existing import is not building', () => expect('edits code below the import', undefined));
  it('removing an import is not building', () => expect('removes the import', undefined));
  it('replacing an import line with a local one is not building', () => expect('replaces the import line', undefined));
  it('deleting a file with imports is not building', () => expect('deletes a file with imports', undefined));
  it('renaming a file that has imports is not building', () => expect('renames a file that has imports', undefined));
  it('import lines in documentation are not building', () => expect('import in docs', undefined));
  it('vendored code is not building', () => expect('vendored sdk', undefined));
  it('a new dependency in package.json is building', () => expect('adds a dependency', ['dep:openai(+package.json)']));
  it('a new requirement is building', () => expect('adds a requirement', ['dep:litellm(+requirements.txt)']));
  it('adding a prompt file is building', () => expect('adds a prompt file', ['file:prompt(+prompts/summarize.md)']));
  it('editing a prompt file is not', () => expect('edits the prompt file', undefined));
  it('adding an eval file is building', () => expect('adds an eval file', ['file:eval(+evals/summarize.yaml)']));
  it('one signal per SDK per commit, naming the first file', () => expect('adds two files of one sdk', ['sdk:openai(+app/a.py)']));
  it('a branch commit of a merge is classified on its own diff', () => expect('branch adds ollama', ['sdk:ollama(+app/local.py)']));
  it('a merge commit counts once, on its own message', () => {
    const c = aiCommit(run, h['merge'] as string);
    assert.deepEqual(c?.signals, ['co-author:claude']);
    assert.equal(c?.building, false);
    assert.equal(run.result.totalCommits, Object.keys(h).length);
  });
});

import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TempRepo } from '../helpers/gitRepo';
import { aiCommit, scan } from './scanHelpers';

/** A repository's own attributes (.gitattributes, info/attributes) change neither what the scan finds nor what git diffs. */
describe('scan in a checkout with its own attributes', () => {
  it('finds `import openai` added to app.py when the repository marks *.py binary', async () => {
    const repo = new TempRepo();
    try {
      repo.commit({ message: 'attributes', files: { '.gitattributes': '*.py binary\n' } });
      const h = repo.commit({ message: 'call the model', files: { 'app.py': 'import openai\n\nclient = openai.OpenAI()\n' } });
      // git itself now hides the line: the plain log shows no diff for app.py.
      assert.match(repo.git(['log', '-1', '-p', '--format=', h]), /Binary files \/dev\/null and b\/app\.py differ/);
      const run = await scan(repo);
      assert.deepEqual(aiCommit(run, h)?.signals, ['sdk:openai(+app.py)']);
    } finally {
      repo.dispose();
    }
  });

  it('finds it when .git/info/attributes marks *.py -diff, and in a bare clone', async () => {
    const repo = new TempRepo();
    try {
      const h = repo.commit({ message: 'call the model', files: { 'app.py': 'from openai import OpenAI\n' } });
      mkdirSync(path.join(repo.dir, '.git', 'info'), { recursive: true });
      writeFileSync(path.join(repo.dir, '.git', 'info', 'attributes'), '*.py -diff\n');
      assert.deepEqual(aiCommit(await scan(repo), h)?.signals, ['sdk:openai(+app.py)']);
      const bare = new TempRepo(undefined, { init: false });
      try {
        bare.git(['clone', '-q', '--bare', repo.dir, bare.dir + '/b.git']);
        assert.deepEqual(aiCommit(await scan(bare.dir + '/b.git'), h)?.signals, ['sdk:openai(+app.py)']);
      } finally {
        bare.dispose();
      }
    } finally {
      repo.dispose();
    }
  });

  it('counts the same with and without a .gitattributes that enables diff drivers (*.[ch] diff=cpp, * diff=…)', async () => {
    const repo = new TempRepo();
    try {
      for (let i = 0; i < 6; i++) {
        repo.commit({
          message: i === 2 ? 'use the model\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' : `change ${i}`,
          files: { [`src/m${i}.c`]: `int f${i}(void) { return ${i}; }\n`, [`lib/t${i}.py`]: i === 4 ? 'import anthropic\n' : `x = ${i}\n`, [`doc/n${i}.md`]: `note ${i}\n` },
        });
      }
      const without = await scan(repo);
      repo.write('.gitattributes', '*.[ch] diff=cpp\n*.py diff=python\n*.md diff=markdown\n* text=auto\n');
      const withDrivers = await scan(repo);
      repo.write('.gitattributes', '* binary\n');
      const allBinary = await scan(repo);
      const summary = (r: typeof without) => r.result.aiCommits.map((c) => `${c.hash} ${c.signals.join(',')}`);
      assert.equal(without.result.aiCommits.length, 2);
      assert.deepEqual(summary(withDrivers), summary(without));
      assert.deepEqual(summary(allBinary), summary(without));
    } finally {
      repo.dispose();
    }
  });

  it('keeps .mailmap from the working tree (uncommitted) for author names', async () => {
    const repo = new TempRepo();
    try {
      repo.commit({ message: 'x\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', author: { name: 'Old Name', email: 'old@corp.example' } });
      repo.write('.mailmap', 'New Name <new@corp.example> Old Name <old@corp.example>\n');
      const run = await scan(repo);
      assert.deepEqual(run.result.authors.map((a) => [a.name, a.email]), [['New Name', 'new@corp.example']]);
    } finally {
      repo.dispose();
    }
  });

  it('honours replace refs as git log does, loose or packed', async () => {
    const repo = new TempRepo();
    try {
      repo.commit({ message: 'start' });
      const plain = repo.commit({ message: 'plain message' });
      const tree = repo.git(['rev-parse', `${plain}^{tree}`]);
      const parent = repo.git(['rev-parse', `${plain}^`]);
      const replacement = repo.git(['commit-tree', tree, '-p', parent, '-F', '-'], {}, 'plain message\n\nCo-authored-by: Claude <noreply@anthropic.com>\n');
      repo.git(['replace', plain, replacement]);
      assert.deepEqual(aiCommit(await scan(repo), plain)?.signals, ['co-author:claude']);
      repo.git(['pack-refs', '--all']);
      assert.deepEqual(aiCommit(await scan(repo), plain)?.signals, ['co-author:claude']);
    } finally {
      repo.dispose();
    }
  });
});

import { strict as assert } from 'node:assert';
import type { ScanRun } from '../../../src/core/git/scan';
import { TempRepo } from '../helpers/gitRepo';
import { aiCommit, dailyCommits, scan } from './scanHelpers';

const lines = (...l: string[]) => l.join('\n') + '\n';
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: 'app', dependencies: deps }, null, 2) + '\n';

/**
 * A package the same manifest already listed, or an import another file of the commit lost, is a
 * bump or a move: a signal beside other AI signals, never building by itself. Reverts of such
 * changes are bumps and moves too.
 */
describe('bump and move rule (building)', () => {
  let repo: TempRepo;
  let run: ScanRun;
  const h: Record<string, string> = {};

  before(async () => {
    repo = new TempRepo();
    const { commit, date } = dailyCommits(repo, h, '2026-04');
    const revert = (name: string, of: string) => {
      repo.git(['revert', '--no-edit', h[of] as string], { GIT_AUTHOR_DATE: date(), GIT_COMMITTER_DATE: date() });
      h[name] = repo.head();
    };
    commit('adds openai', { 'requirements.txt': lines('flask==3.0.0', 'openai==1.85.0'), 'package.json': pkg({ express: '^4.19.0', openai: '^4.0.0' }) });
    commit('Bump openai from 1.85.0 to 1.86.0', { 'requirements.txt': lines('flask==3.0.0', 'openai==1.86.0') });
    revert('revert of the bump', 'Bump openai from 1.85.0 to 1.86.0');
    commit('package.json version bump', { 'package.json': pkg({ express: '^4.19.0', openai: '^4.1.0' }) });
    commit('bump beside a new dependency', { 'requirements.txt': lines('flask==3.0.0', 'litellm>=1.40', 'openai==1.87.0') });
    commit('same package in another manifest', { 'requirements-dev.txt': lines('openai==1.87.0', 'pytest==8.0') });
    commit('client module', { 'app/old.py': lines('import os', 'from openai import OpenAI', '', 'client = OpenAI()'), 'app/b.py': lines('x = 1'), 'app/c.py': lines('y = 2') });
    commit('moves the import to another file', { 'app/old.py': lines('import os'), 'app/llm.py': lines('from openai import OpenAI', '', 'client = OpenAI()') });
    revert('revert of the move', 'moves the import to another file');
    commit('rewrites the import line in place', { 'app/old.py': lines('import os', 'from openai import AsyncOpenAI, OpenAI', '', 'client = OpenAI()') });
    commit('moves one import and adds another', {
      'app/old.py': lines('import os', '', 'client = None'),
      'app/b.py': lines('from openai import OpenAI', 'x = 1'),
      'app/c.py': lines('from openai import OpenAI', 'y = 2'),
    });
    // A hurried learner's attempts to make a new import look like a move: nothing AI is removed.
    commit('adds an import while removing an unrelated one', { 'app/e.py': lines('from openai import OpenAI', 'import anthropic'), 'app/old.py': lines('', 'client = None') });
    commit('a comment names the sdk', { 'app/notes.py': lines('# we will call openai here', 'z = 0') });
    commit('removes the comment and adds the import elsewhere', { 'app/notes.py': lines('z = 0'), 'app/d.py': lines('import openai') });
    run = await scan(repo);
  });
  after(() => repo.dispose());

  const expect = (name: string, signals: string[] | undefined) => {
    const c = aiCommit(run, h[name] as string);
    if (!signals) {
      assert.equal(c, undefined, `${name}: unexpected ${c?.signals.join(', ')}`);
      return;
    }
    assert.ok(c, `${name}: not classified`);
    assert.deepEqual(c.signals, signals);
    assert.equal(c.building, true);
  };

  it('a new dependency is building, naming the first manifest', () => expect('adds openai', ['dep:openai(+package.json)']));
  it('-openai==1.85.0 / +openai==1.86.0 is a bump, not building', () => expect('Bump openai from 1.85.0 to 1.86.0', undefined));
  it('the revert of a bump (Revert "Bump openai…") is a bump too', () => {
    assert.match(repo.git(['log', '-1', '--format=%s', h['revert of the bump'] as string]), /^Revert "Bump openai from 1\.85\.0 to 1\.86\.0"/);
    expect('revert of the bump', undefined);
  });
  it('a package.json version bump is a bump', () => expect('package.json version bump', undefined));
  it('a new dependency beside a bump is building, with the bump shown beside it', () =>
    expect('bump beside a new dependency', ['dep:litellm(+requirements.txt)', 'bump:openai(+requirements.txt)']));
  it('the same package added to another manifest is building (the rule reads one manifest)', () =>
    expect('same package in another manifest', ['dep:openai(+requirements-dev.txt)']));
  it('an import moved to another file is a move, not building', () => expect('moves the import to another file', undefined));
  it('the revert of a move is a move', () => expect('revert of the move', undefined));
  it('an import line rewritten in place is not building', () => expect('rewrites the import line in place', undefined));
  it('one file loses the import and two gain it: building, naming a file that gained it', () =>
    expect('moves one import and adds another', ['sdk:openai(+app/b.py)']));
  it('removing an unrelated import does not make a new one a move', () =>
    expect('adds an import while removing an unrelated one', ['sdk:openai(+app/e.py)', 'sdk:anthropic(+app/e.py)']));
  it('a removed comment naming the SDK is not a removed import', () => expect('removes the comment and adds the import elsewhere', ['sdk:openai(+app/d.py)']));
  it('bumps and moves on commits not AI otherwise are listed as not counted', () => {
    assert.equal(run.uncounted['bump:openai'], 3);
    assert.equal(run.uncounted['moved-sdk:openai'], 3);
  });
});

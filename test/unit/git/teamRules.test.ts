import { strict as assert } from 'node:assert';
import { builtinRulesVersion } from '../../../src/core/git/rules/builtinRules';
import { parseTeamRules } from '../../../src/core/git/rules/loadRules';
import { aiRulesJsonSchemaText } from '../../../src/core/git/rules/rulesJsonSchema';
import { TempRepo } from '../helpers/gitRepo';
import { aiCommit, scan } from './scanHelpers';

const teamFile = {
  version: 1,
  identities: [{ id: 'corp-agent', emails: ['agent@ai.corp.example'] }],
  bots: ['corp-reviewer'],
  trailers: [{ id: 'ai-pair', key: 'AI-Pair', showValue: true }],
  messages: [{ id: 'corp-gen', pattern: '^\\[ai-generated\\]' }],
  sdks: [{ id: 'corp-llm', python: ['corp_llm'], js: ['@corp/llm'] }],
  files: [{ id: 'rubric', globs: ['**/rubrics/*.json', '/{graders,judges}/*.yaml'] }],
};

describe('team rules (.practicum/ai-rules.json)', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.dispose());

  it('adds to the built-in rules and changes the rules version', async () => {
    repo.write('.practicum/ai-rules.json', JSON.stringify(teamFile));
    const h = {
      identity: repo.commit({ message: 'x\n\nCo-authored-by: Agent <agent@ai.corp.example>\n' }),
      bot: repo.commit({ message: 'y', author: { name: 'corp-reviewer[bot]', email: '5+corp-reviewer[bot]@users.noreply.github.com' } }),
      trailer: repo.commit({ message: 'z\n\nai-pair: cursor\n' }),
      message: repo.commit({ message: '[ai-generated] scaffolding' }),
      sdk: repo.commit({ message: 'w', files: { 'svc/a.py': 'from corp_llm import chat\n', 'web/b.ts': "import { chat } from '@corp/llm';\n" } }),
      file: repo.commit({ message: 'v', files: { 'grading/rubrics/r1.json': '{}\n' } }),
      // Globs read as in exercise checks: alternatives, and a leading / anchors at the root.
      braces: repo.commit({ message: 'b', files: { 'judges/tone.yaml': 'x\n', 'svc/graders/nested.yaml': 'x\n' } }),
      builtin: repo.commit({ message: 'u\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' }),
    };
    const run = await scan(repo);
    assert.match(run.result.rulesVersion, new RegExp(`^${builtinRulesVersion.replace(/\./g, '\\.')}\\+team\\.[0-9a-f]{8}$`));
    assert.deepEqual(run.rulesProblems, []);
    assert.deepEqual(aiCommit(run, h.identity)?.signals, ['co-author:corp-agent']);
    assert.deepEqual(aiCommit(run, h.bot)?.signals, ['bot:corp-reviewer']);
    assert.deepEqual(aiCommit(run, h.trailer)?.signals, ['trailer:ai-pair(cursor)']);
    assert.deepEqual(aiCommit(run, h.message)?.signals, ['message:corp-gen']);
    assert.deepEqual(aiCommit(run, h.sdk)?.signals.slice().sort(), ['sdk:corp-llm(+svc/a.py)']);
    assert.deepEqual(aiCommit(run, h.file)?.signals, ['file:rubric(+grading/rubrics/r1.json)']);
    assert.deepEqual(aiCommit(run, h.braces)?.signals, ['file:rubric(+judges/tone.yaml)'], 'svc/graders/ is not at the root');
    assert.deepEqual(aiCommit(run, h.builtin)?.signals, ['co-author:claude']);
  });

  it('a broken file is reported, naming the problem, and the built-ins still apply', async () => {
    repo.write('.practicum/ai-rules.json', '{ "version": 1, "sdks": [ }');
    const h = repo.commit({ message: 'x\n\nCo-authored-by: Claude <noreply@anthropic.com>\n' });
    const run = await scan(repo);
    assert.equal(run.result.rulesVersion, builtinRulesVersion);
    assert.match(run.rulesProblems[0] ?? '', /ai-rules\.json is not valid JSON.*built-in rules still apply/);
    assert.ok(aiCommit(run, h));
  });

  it('names the field that is wrong', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ version: 1, sdks: [{ id: 'Bad Id' }] }, /field sdks\.0\.id: use 1-40 lower-case/],
      [{ version: 1, identities: [{ id: 'x', emailPatterns: ['(['] }] }, /field identities\.0\.emailPatterns\.0: not a valid regular expression/],
      [{ version: 1, sdk: [] }, /field \(root\): Unrecognized key.*"sdk"/],
      [{ version: 2 }, /field version: /],
      [{ version: 1, files: [{ id: 'p', globs: [] }] }, /field files\.0\.globs: /],
      [{ version: 1, files: [{ id: 'p', globs: ['prompts/{a,b'] }] }, /field files\.0\.globs\.0: unclosed "\{" in glob/],
      [{ version: 1, trailers: [{ id: 't', key: 'Has Space' }] }, /field trailers\.0\.key: a trailer key/],
    ];
    for (const [file, expected] of cases) {
      const r = parseTeamRules(JSON.stringify(file));
      assert.equal(r.rules, undefined);
      assert.match(r.problems[0] ?? '', expected);
      assert.match(r.problems[0] ?? '', /Fix that field; the built-in rules still apply\.$/);
    }
  });

  it('is ignored when team rules are off (untrusted workspace)', async () => {
    repo.write('.practicum/ai-rules.json', JSON.stringify(teamFile));
    const h = repo.commit({ message: '[ai-generated] scaffolding' });
    const run = await scan(repo, { teamRules: false });
    assert.equal(run.result.rulesVersion, builtinRulesVersion);
    assert.equal(aiCommit(run, h), undefined);
  });

  it('is read from HEAD in a bare repository', async () => {
    repo.commit({ message: 'rules', files: { '.practicum/ai-rules.json': JSON.stringify(teamFile) } });
    const h = repo.commit({ message: '[ai-generated] scaffolding' });
    const bare = new TempRepo(undefined, { init: false });
    try {
      bare.git(['clone', '-q', '--bare', repo.dir, '.']);
      const run = await scan(bare);
      assert.ok(aiCommit(run, h));
    } finally {
      bare.dispose();
    }
  });
});

describe('team rules JSON Schema', () => {
  // That the committed file matches is checked for every schema in jsonSchemaFiles.test.ts.
  it('allows exactly the rule fields, nothing else', () => {
    const schema = JSON.parse(aiRulesJsonSchemaText()) as { properties: Record<string, unknown>; additionalProperties: unknown };
    assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', 'bots', 'files', 'identities', 'messages', 'sdks', 'trailers', 'version']);
    assert.equal(schema.additionalProperties, false);
  });
});

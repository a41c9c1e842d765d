import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ExerciseSchema } from '../../../src/core/catalog/schema';
import { branchAiCommits } from '../../../src/core/checks/aiCommits';
import { BranchChanges } from '../../../src/core/checks/branchChanges';
import { runChecks } from '../../../src/core/checks/runner';
import { parseTeamRules } from '../../../src/core/git/rules/loadRules';
import { globToRegExp, matchesGlob } from '../../../src/core/glob';
import { compilePattern, patternProblem } from '../../../src/core/safeRegex';
import { CatalogValidationSchema } from '../../../src/core/catalog/report';
import { exerciseFiles, smallCatalog, writeCatalog } from '../catalog/fixtures';
import { runCli } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { aiCommit, scan } from '../git/scanHelpers';

/*
 * Patterns from a repository, a team catalog or a setting run on the linear-time engine. Each case
 * below is a reproduction that took a backtracking engine seconds to minutes; here it answers at
 * once. The mocha timeout of these tests (a few seconds) is the hang guard, not a speed target:
 * the speed comparison lives in `npm run bench` (hostilePatterns).
 */
describe('hostile patterns and globs run in linear time', function () {
  this.timeout(8000);

  it('a team message rule ^(a+)+$ on a commit message of 27 "a" and "!" (the reproduction) does not hang the scan', async () => {
    const repo = new TempRepo();
    try {
      repo.write('.practicum/ai-rules.json', JSON.stringify({ version: 1, messages: [{ id: 'x', pattern: '^(a+)+$' }] }));
      const hostile = repo.commit({ message: `${'a'.repeat(27)}!` });
      // 4 000 characters: a backtracking engine would need 2^4000 steps.
      const longer = repo.commit({ message: `${'a'.repeat(4000)}!` });
      const matching = repo.commit({ message: 'a'.repeat(30) });
      const run = await scan(repo);
      assert.deepEqual(run.rulesProblems, []);
      assert.equal(aiCommit(run, hostile), undefined);
      assert.equal(aiCommit(run, longer), undefined);
      assert.deepEqual(aiCommit(run, matching)?.signals, ['message:x'], 'the rule still matches what it should');
    } finally {
      repo.dispose();
    }
  });

  it('a diff check pattern (a+)+$ on a 26-character added line (the reproduction) answers at once', async () => {
    const repo = new TempRepo();
    try {
      const base = repo.commit({ message: 'base', files: { 'README.md': '# app\n' } });
      repo.checkout('practicum/x', true);
      repo.commit({ message: 'add', files: { 'a.txt': `${'a'.repeat(25)}!\n${'a'.repeat(3000)}!\n` } });
      const exercise = ExerciseSchema.parse({
        id: 'x', title: 'X', summary: 's', order: 0, estimateMinutes: 1, steps: ['s'], acceptance: ['a'],
        checks: [
          { id: 'hostile', title: 'H', kind: 'diff', pattern: '(a+)+$' },
          { id: 'miss', title: 'M', kind: 'diff', pattern: '(a+)+b$', glob: '**a**a**a**a**a**a**a**a**b' },
        ],
      });
      const results = await runChecks(exercise, {
        repoDir: repo.dir,
        exerciseId: 'x',
        changes: new BranchChanges(repo.dir, { base, head: 'HEAD', workingTree: false }),
        answers: {},
        attested: new Set(),
        classifyAiCommits: branchAiCommits,
      });
      assert.deepEqual(results.map((r) => r.status), ['fail', 'fail']);
      assert.match(results[0]?.message ?? '', /No added line matches \/\(a\+\)\+\$\/ yet/);
    } finally {
      repo.dispose();
    }
  });

  it('the glob **a**a**a**a**a**a**a**a**b on 40-character paths (the reproduction) answers at once', () => {
    const glob = '**a**a**a**a**a**a**a**a**b';
    const re = globToRegExp(glob);
    for (let i = 0; i < 500; i++) assert.equal(re.test('a'.repeat(39) + String.fromCharCode(99 + (i % 20))), false);
    assert.equal(re.test(`${'a'.repeat(39)}b`), true);
    assert.equal(matchesGlob(`src/${'a/'.repeat(2000)}b`, glob), true);
    assert.equal(matchesGlob(`${'a'.repeat(10_000)}c`, glob), false);
  });

  it('patterns keep their meaning on the linear engine: flags, classes, \\u escapes, anchors per line', () => {
    assert.equal(compilePattern('^generated WITH', 'im').test('fix\nGenerated with x'), true);
    assert.equal(compilePattern('^generated WITH', 'i').test('fix\nGenerated with x'), false);
    assert.equal(compilePattern('\\bfoo\\d{2,}\\b').test('a foo123 b'), true);
    assert.equal(compilePattern('caf\\u00e9|\\u{1F600}').test('café'), true);
    assert.equal(compilePattern('\\\\u00e9').test('\\u00e9'), true, 'an escaped backslash before u stays literal');
    assert.equal(compilePattern('^\\d+\\+copilot@users\\.noreply\\.github\\.com$', 'i').test('198982749+Copilot@users.noreply.github.com'.toLowerCase()), true);
  });

  it('names a pattern the engine does not support, and a pattern that is no regex at all', () => {
    assert.match(patternProblem('(a)\\1') ?? '', /uses a backreference .*linear-time pattern engine \(RE2 syntax\) does not support; rewrite the pattern without it/);
    assert.match(patternProblem('foo(?=bar)') ?? '', /uses lookahead or lookbehind/);
    assert.match(patternProblem('(?<!x)y') ?? '', /uses lookahead or lookbehind/);
    assert.match(patternProblem('([') ?? '', /^not a valid regular expression: /);
    assert.equal(patternProblem('^(a+)+$'), undefined, 'nested quantifiers are fine: they cannot backtrack here');
  });

  it('the rules loader names the file and field of an unsupported team pattern', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ version: 1, messages: [{ id: 'x', pattern: '(ai)\\s\\1' }] }, /ai-rules\.json: field messages\.0\.pattern: uses a backreference/],
      [{ version: 1, trailers: [{ id: 't', key: 'AI', valuePattern: '^(?!no)' }] }, /field trailers\.0\.valuePattern: uses lookahead/],
      [{ version: 1, identities: [{ id: 'i', namePatterns: ['(?<=x)bot'] }] }, /field identities\.0\.namePatterns\.0: uses lookahead or lookbehind/],
      [{ version: 1, sdks: [{ id: 's', patterns: [{ keyword: 'llm', regex: 'llm(?=\\()' }] }] }, /field sdks\.0\.patterns\.0\.regex: uses lookahead/],
    ];
    for (const [file, expected] of cases) {
      const r = parseTeamRules(JSON.stringify(file));
      assert.equal(r.rules, undefined);
      assert.match(r.problems[0] ?? '', expected);
    }
  });

  it('practicum exercises validate names the file and field of an unsupported check pattern', () => {
    const tmp = tempDir('practicum-cli-hostile-');
    try {
      const bundled = path.join(tmp.dir, 'bundled');
      writeCatalog(bundled, smallCatalog());
      const team = path.join(tmp.dir, 'team');
      writeCatalog(team, {
        ...exerciseFiles('t', 'm', 'back', { checks: [{ id: 'd', title: 'D', kind: 'diff', pattern: '(x)\\1' }] }),
        ...exerciseFiles('t', 'm', 'look', { checks: [{ id: 'c', title: 'C', kind: 'command', command: 'true', outputPattern: 'ok(?!ay)' }] }),
      });
      const r = runCli(['exercises', 'validate', team, '--json'], { env: { PRACTICUM_BUNDLED_CATALOG: bundled } });
      assert.equal(r.code, 1, r.stderr);
      const report = CatalogValidationSchema.parse(r.json());
      assert.deepEqual(
        report.errors.map((e) => [e.file, e.path]),
        [
          ['t/m/back/exercise.json', 'checks.0.pattern'],
          ['t/m/look/exercise.json', 'checks.0.outputPattern'],
        ],
      );
      assert.match(report.errors[0]?.message ?? '', /backreference/);
      assert.match(report.errors[1]?.message ?? '', /lookahead/);
    } finally {
      tmp.dispose();
    }
  });
});

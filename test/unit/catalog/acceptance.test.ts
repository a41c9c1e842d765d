import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { validationReport } from '../../../src/core/catalog/report';
import { acceptanceText, ExerciseSchema } from '../../../src/core/catalog/schema';
import { strictExerciseProblems } from '../../../src/core/catalog/strict';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/gitRepo';
import { exercise, exerciseFiles, module, track, writeCatalog } from './fixtures';

const probe = {
  id: 'answers-cite',
  kind: 'probe',
  title: 'Answers cite real lines',
  command: '${input:askCommand}',
  evaluator: { type: 'citations', minHitAtK: 0.6 },
};
const doc = { id: 'report', kind: 'document', title: 'Report', path: 'docs/report.md', sections: [{ heading: 'Results', figures: 1 }] };
const hint = { id: 'changed', kind: 'files', title: 'Files changed', glob: '**', level: 'hint' };
const inputs = [{ id: 'askCommand', prompt: 'Command that answers a question' }];

describe('acceptance items and the probe/document check kinds', () => {
  let tmp: { dir: string; dispose(): void };
  beforeEach(() => (tmp = tempDir('practicum-accept-')));
  afterEach(() => tmp.dispose());

  async function errorsOf(over: Record<string, unknown>) {
    const dir = path.join(tmp.dir, 'cat');
    writeCatalog(dir, { 't/track.json': track('t'), 't/m/module.json': module('m'), ...exerciseFiles('t', 'm', 'e', over) });
    const src = { dir, origin: 'folder' as const };
    return validationReport(await loadCatalog([src]), src).errors.map((e) => `${e.path}: ${e.message}`);
  }

  it('reads all three acceptance forms, with levels and evaluator defaults filled', () => {
    const e = ExerciseSchema.parse(
      exercise('e', {
        inputs,
        acceptance: ['Legacy text.', { text: 'Cites sources.', checks: ['answers-cite'] }, { text: 'Clear code.', mentor: 'Names say what they hold.' }],
        checks: [probe, doc, hint],
      }),
    );
    assert.deepEqual(e.acceptance.map(acceptanceText), ['Legacy text.', 'Cites sources.', 'Clear code.']);
    assert.deepEqual(e.checks.map((c) => c.level), ['core', 'core', 'hint']);
    const p = e.checks[0];
    assert.ok(p?.kind === 'probe' && p.evaluator.type === 'citations');
    assert.equal(p.evaluator.k, 5);
    assert.equal(p.evaluator.minValidCitations, 1);
    assert.equal(p.caseTimeoutSeconds, 30);
  });

  it('rejects an acceptance item naming a check that does not exist, and undeclared inputs in probe fields', async () => {
    const errors = await errorsOf({
      acceptance: [{ text: 'Cites sources.', checks: ['answers-cite', 'nope'] }],
      checks: [{ ...probe, learnerCases: '${input:casesFile}' }],
      inputs,
    });
    assert.deepEqual(errors, [
      'acceptance.0.checks.1: no check with id "nope" in this exercise; use one of answers-cite',
      'checks.0.learnerCases: ${input:casesFile} is not declared in "inputs"; add it there',
    ]);
  });

  it('rejects an item with both checks and mentor, an unknown evaluator and streaming without a server', async () => {
    const errors = await errorsOf({
      acceptance: [{ text: 'x', checks: ['answers-cite'], mentor: 'y' }],
      checks: [{ ...probe, evaluator: { type: 'vibes' } }],
      inputs,
    });
    assert.ok(errors.some((e) => e.startsWith('acceptance.0')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('checks.0.evaluator')), errors.join('\n'));
    const streaming = await errorsOf({ checks: [{ ...probe, evaluator: { type: 'streaming' } }], inputs });
    assert.deepEqual(streaming, ['checks.0.server: the streaming evaluator talks to the learner\'s endpoint; add "server": { "command", "url" }']);
  });

  it('strict: legacy items, items resting only on files/diff/commits, and core progress checks are problems', () => {
    const weak = ExerciseSchema.parse(
      exercise('e', {
        acceptance: ['Legacy.', { text: 'Changed files.', checks: ['changed', 'commits'] }],
        checks: [{ ...hint, level: 'core' }, { id: 'commits', kind: 'commits', title: 'Two commits', min: 2, level: 'hint' }],
      }),
    );
    assert.deepEqual(
      strictExerciseProblems(weak).map((p) => p.path.join('.')),
      ['checks.0.level', 'acceptance.0', 'acceptance.1.checks', 'acceptance.1.checks.1'],
    );
    const good = ExerciseSchema.parse(
      exercise('e', {
        inputs,
        acceptance: [{ text: 'Cites sources.', checks: ['answers-cite', 'changed'].slice(0, 1) }, { text: 'Report.', checks: ['report'] }, { text: 'Clean.', mentor: 'Small functions.' }],
        checks: [probe, doc, hint],
      }),
    );
    assert.deepEqual(strictExerciseProblems(good), []);
  });

  it('exercises validate --strict reports strict problems only when asked', () => {
    const dir = path.join(tmp.dir, 'cat');
    writeCatalog(dir, { 't/track.json': track('t'), 't/m/module.json': module('m'), ...exerciseFiles('t', 'm', 'e') });
    assert.equal(runCli(['exercises', 'validate', dir, '--json']).code, 0);
    const strict = runCli(['exercises', 'validate', dir, '--strict', '--json']);
    assert.equal(strict.code, 1, strict.stderr);
    assert.deepEqual(
      strict.json().errors.map((e: { path: string }) => e.path),
      ['checks.0.level', 'acceptance.0'],
    );
  });
});

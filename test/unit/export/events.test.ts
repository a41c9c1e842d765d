import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EVENT_TYPES, EventEnvelopeSchema, eventJsonSchema, normalizeData } from '../../../src/core/export/events';
import { gitEmail, learnerId, repositoryKey } from '../../../src/core/export/learnerId';
import { TempRepo } from '../helpers/gitRepo';
import { sessions } from './fixtures';

const opted = { includeCommitDetails: true };
const notOpted = { includeCommitDetails: false };

describe('export: event schemas and privacy', () => {
  it('keeps behaviour fields and drops anything else a feature adds (paths, messages)', () => {
    const r = normalizeData('session', { start: '2026-03-01T09:00:00Z', end: '2026-03-01T10:00:00Z', seconds: 3600, exercise: 'rag-prototype', aiAssistedSeconds: 60, file: '/home/alice/src/secret.ts' }, notOpted);
    assert.ok(r.ok);
    assert.deepEqual(r.droppedKeys, ['file']);
    assert.equal(JSON.stringify(r.data).includes('secret'), false);
  });

  it('refuses branch names in place of exercise ids, and reports fields, not values', () => {
    const r = normalizeData('exercise.started', { exercise: 'feature/ACME-123-customer-x' }, notOpted);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.problem, /exercise: must be lower-case kebab-case/);
    assert.doesNotMatch(r.ok ? '' : r.problem, /ACME/);
  });

  it('exercise.submitted has one shape: the count of checks is checksTotal, never checks', () => {
    const r = normalizeData('exercise.submitted', { exercise: 'eval-harness', round: 1, checks: 3, checksPassed: 3, selfAttested: 0 }, notOpted);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.problem, /where: .*checksTotal: .*byKind: /);
  });

  it('rejects unknown event types', () => {
    const r = normalizeData('keystroke', {}, notOpted);
    assert.deepEqual(r, { ok: false, problem: 'unknown event type "keystroke"' });
  });

  it('ai.commit: signal details (which can be paths) are cut to rule names; hash and message only on opt-in', () => {
    const data = { authoredAt: '2026-03-01T09:00:00+01:00', kinds: ['building'], signals: ['sdk:openai(+src/rag.py)', 'co-author:claude'], hash: 'a'.repeat(40), message: 'Add RAG for customer X' };
    const off = normalizeData('ai.commit', data, notOpted);
    assert.ok(off.ok);
    assert.deepEqual(off.data, { authoredAt: '2026-03-01T09:00:00+01:00', kinds: ['building'], signals: ['sdk:openai', 'co-author:claude'], exercise: null });
    const on = normalizeData('ai.commit', data, opted);
    assert.ok(on.ok);
    assert.equal(on.data.hash, 'a'.repeat(40));
    assert.equal(on.data.message, 'Add RAG for customer X');
    const sneaky = normalizeData('ai.commit', { ...data, signals: ['src/rag.py'] }, notOpted);
    assert.equal(sneaky.ok, false, 'a path is not a signal name');
  });

  it('every event type has a schema that accepts a realistic example', () => {
    // The payloads the features emit today (time tracking, exercise runner, review store, profile).
    const examples: Record<string, Record<string, unknown>> = {
      session: { start: '2026-03-01T09:00:00.000Z', end: '2026-03-01T09:30:00.000Z', seconds: 1800, exercise: null, aiAssistedSeconds: 0 },
      'exercise.started': { exercise: 'eval-harness', track: 'foundations', module: 'evals', estimateMinutes: 90, origin: 'bundled', uncommittedChanges: 'clean' },
      'exercise.checked': { exercise: 'eval-harness', track: 'foundations', module: 'evals', passed: 2, total: 3, byKind: { files: { pass: 2, fail: 1, skipped: 0, error: 0 } }, durationMs: 812 },
      'exercise.submitted': { exercise: 'eval-harness', track: 'foundations', module: 'evals', round: 1, where: 'git', checksPassed: 3, checksTotal: 3, selfAttested: 1, byKind: { manual: { pass: 1, fail: 0, skipped: 0, error: 0 } } },
      'review.completed': { exercise: 'eval-harness', verdict: 'approve', round: 1, turnaroundHours: 20.5, firstReview: true, comments: 3 },
      'ai.commit': { authoredAt: '2026-03-01T09:00:00Z', kinds: ['assisted'], signals: ['trailer:assisted-by'] },
      'assessment.completed': { phase: 'before', track: null, role: 'backend', rubric: { id: 'practicum-skills', version: 1 }, levels: { fundamentals: 'practicing', 'ai-in-production': 'aware' }, path: { tracks: ['foundations', 'backend'], testOut: [], suggestedTestOut: ['prompting'] } },
      'survey.completed': { module: 'rag', track: 'foundations', nps: 9, minutesTaken: 240, helped: 'pairing', didNotHelp: null, trackCompleted: false, reminded: false },
    };
    assert.deepEqual(Object.keys(examples).sort(), [...EVENT_TYPES].sort());
    for (const t of EVENT_TYPES) {
      const r = normalizeData(t, examples[t] as Record<string, unknown>, notOpted);
      assert.ok(r.ok, `${t}: ${r.ok ? '' : r.problem}`);
      assert.deepEqual(r.droppedKeys, [], `${t}: every field a feature sends is part of the schema`);
    }
  });

  it('an envelope round-trips through its schema unchanged', () => {
    for (const e of sessions(3)) assert.deepEqual(EventEnvelopeSchema.parse(JSON.parse(JSON.stringify(e))), e);
    const bad = { ...sessions(1)[0], learner: 'alice@corp.example' };
    assert.equal(EventEnvelopeSchema.safeParse(bad).success, false, 'an email is not a learner id');
  });

  it('the README publishes the current JSON Schema of the envelope', () => {
    const readme = path.resolve(__dirname, '../../../../README.md');
    const text = readFileSync(readme, 'utf8');
    const block = '<!-- event-schema:start -->\n```json\n' + compactJson(eventJsonSchema()) + '\n```\n<!-- event-schema:end -->';
    const current = /<!-- event-schema:start -->[\s\S]*?<!-- event-schema:end -->/;
    assert.match(text, current, 'README lacks the event-schema markers');
    if (process.env.UPDATE_README) writeFileSync(readme, text.replace(current, block));
    else assert.ok(text.includes(block), 'README schema is out of date: run UPDATE_README=1 npm run test:unit');
  });
});

describe('export: pseudonymous learner id', () => {
  it('is HMAC-SHA256 of the trimmed, lower-cased email under the key', () => {
    const expected = createHmac('sha256', 'k').update('alice@corp.example').digest('hex');
    assert.equal(learnerId('  Alice@Corp.Example ', 'k'), expected);
    assert.notEqual(learnerId('alice@corp.example', 'other'), expected, 'another key, another id');
    assert.match(expected, /^[0-9a-f]{64}$/);
  });

  it('the default key is per repository: the same in a clone, unchanged by later commits, absent before the first', async () => {
    const repo = new TempRepo();
    const other = new TempRepo();
    try {
      assert.equal(await repositoryKey(repo.dir), undefined);
      repo.commit({ message: 'root', date: '2026-01-01T00:00:00Z' });
      const key = await repositoryKey(repo.dir);
      assert.ok(key);
      const clone = repo.clone();
      try {
        repo.commit({ message: 'later' });
        assert.equal(await repositoryKey(repo.dir), key);
        assert.equal(await repositoryKey(clone.dir), key);
      } finally {
        clone.dispose();
      }
      other.commit({ message: 'root', author: { name: 'Bo', email: 'bo@x.example' }, date: '2026-01-02T00:00:00Z' });
      assert.notEqual(await repositoryKey(other.dir), key);
      assert.equal(await gitEmail(repo.dir), 'alice@corp.example');
    } finally {
      repo.dispose();
      other.dispose();
    }
  });
});

/** JSON with every object or array that fits in 100 characters kept on one line. */
function compactJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat.length + indent.length <= 100 || value === null || typeof value !== 'object') return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

import { strict as assert } from 'node:assert';
import type { CatalogModule } from '../../../src/core/catalog/catalog';
import { completesModule, moduleSubmitted } from '../../../src/core/learn/moduleCompletion';
import { emptyProgress, type RepoProgress } from '../../../src/core/learn/progressSchema';

/** A module as the catalog loads it, reduced to what completion reads. */
function catalogModule(exercises: Array<[string, 'core' | 'stretch']>): CatalogModule {
  return { id: 'rag', exercises: exercises.map(([id, level]) => ({ id, level })) } as unknown as CatalogModule;
}

/** `progress` after one more submission of `exerciseId` (started if it was not). */
function submitted(progress: RepoProgress, exerciseId: string): RepoProgress {
  const next = structuredClone(progress);
  const e = (next.exercises[exerciseId] ??= { startedAt: '2026-03-02T09:00:00.000Z', baseCommit: 'a'.repeat(40), branch: `practicum/${exerciseId}`, startedFrom: 'main', attested: [], lastCheck: null, submissions: [] });
  e.submissions.push({ id: `${exerciseId}-${e.submissions.length + 1}`, round: e.submissions.length + 1, submittedAt: '2026-03-02T10:00:00.000Z', baseCommit: e.baseCommit, headCommit: 'b'.repeat(40), message: null, results: [] });
  return next;
}

describe('module completion', () => {
  it('is reported by exactly one submission: the one that submits the last core exercise', () => {
    const module = catalogModule([['rag-prototype', 'core'], ['guardrails', 'core'], ['rag-eval', 'stretch']]);
    const steps = ['rag-prototype', 'rag-prototype', 'rag-eval', 'guardrails', 'guardrails', 'rag-eval'];
    let progress = emptyProgress('/repo');
    const completedBy: string[] = [];
    for (const [i, id] of steps.entries()) {
      const after = submitted(progress, id);
      if (completesModule(module, progress, after)) completedBy.push(`${i}:${id}`);
      progress = after;
    }
    assert.deepEqual(completedBy, ['3:guardrails'], 'not a resubmission, not the stretch exercise, not round 2 of the last one');
  });

  it('a module with only stretch exercises needs all of them; one with no exercises never completes', () => {
    const stretchOnly = catalogModule([['a', 'stretch'], ['b', 'stretch']]);
    const one = submitted(emptyProgress('/repo'), 'a');
    assert.equal(moduleSubmitted(stretchOnly, one), false);
    assert.equal(completesModule(stretchOnly, one, submitted(one, 'b')), true);
    assert.equal(moduleSubmitted(catalogModule([]), one), false);
  });

  it('a started exercise without a submission does not count', () => {
    const module = catalogModule([['rag-prototype', 'core']]);
    const started = submitted(emptyProgress('/repo'), 'rag-prototype');
    started.exercises['rag-prototype']!.submissions = [];
    assert.equal(moduleSubmitted(module, started), false);
    assert.equal(moduleSubmitted(module, submitted(started, 'rag-prototype')), true);
  });
});

import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { RoleSchema } from '../../../src/core/catalog/schema';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { catalogCurriculum } from '../../../src/core/profile/curriculum';
import { choosePath, ROLE_TRACKS, suggestPlacement } from '../../../src/core/profile/placement';
import { allAware, builtinRubric, repoRoot, tracks } from './fixtures';

describe('profile placement', () => {
  const rubric = builtinRubric();

  it('places every role on the foundational track, then its role track', () => {
    const expected = { backend: 'ai-app-dev', frontend: 'ai-ux', data: 'data-for-ai', platform: 'ai-platform', lead: 'ai-product' };
    for (const role of RoleSchema.options) {
      const p = suggestPlacement(role, allAware, tracks, rubric);
      assert.deepEqual(p.tracks.map((t) => t.id), ['foundations', expected[role]], role);
      assert.equal(ROLE_TRACKS[role].id, expected[role]);
    }
  });

  it('marks a role track the catalog does not have yet as unavailable, with its title', () => {
    const p = suggestPlacement('frontend', allAware, tracks, rubric);
    assert.deepEqual(p.tracks[1], { id: 'ai-ux', title: 'AI-powered user experiences', kind: 'role', available: false, modules: [] });
  });

  it('finds the role track by the role it serves, whatever its id', () => {
    const renamed = tracks.map((t) => (t.id === 'ai-app-dev' ? { ...t, id: 'backend-ai' } : t));
    assert.equal(suggestPlacement('backend', allAware, renamed, rubric).tracks[1]?.id, 'backend-ai');
  });

  it('suggests testing out of foundational modules whose skill is Proficient or above, only those', () => {
    const levels = { ...allAware, 'llm-prompting': 'proficient', 'ai-in-production': 'expert', 'ai-assisted-dev': 'practicing', 'data-for-ai': 'expert' } as const;
    const p = suggestPlacement('backend', levels, tracks, rubric);
    // data-for-ai is Expert, but its module is on the role track: no test-out there.
    assert.deepEqual(p.suggestedTestOut, ['llm-prompting', 'ai-quality-ethics']);
    const m = p.tracks[0]!.modules.find((x) => x.id === 'ai-quality-ethics')!;
    assert.equal(m.testOut?.reason, 'You rated yourself Expert in AI in production.');
    assert.equal(p.tracks[0]!.modules.find((x) => x.id === 'ai-assisted-dev')!.testOut, null);
  });

  it('lets the learner override a suggestion, and refuses a test-out that was not offered', () => {
    const p = suggestPlacement('backend', { ...allAware, 'llm-prompting': 'proficient', fundamentals: 'expert' }, tracks, rubric);
    assert.deepEqual(choosePath(p, ['llm-prompting']), { tracks: ['foundations', 'ai-app-dev'], testOut: ['llm-prompting'], suggestedTestOut: ['ai-landscape', 'llm-prompting'] });
    assert.deepEqual(choosePath(p, []).testOut, []);
    assert.throws(() => choosePath(p, ['ai-assisted-dev']), /Cannot test out of ai-assisted-dev/);
  });

  it('reads the bundled foundational track and its module skills from exercises/', async () => {
    const real = await catalogCurriculum(() => loadCatalog([{ dir: path.join(repoRoot, 'exercises'), origin: 'bundled' }])).tracks();
    const f = real.find((t) => t.id === 'foundations');
    assert.ok(f, 'bundled foundations track');
    assert.deepEqual(f.modules.map((m) => [m.id, m.skill]), [
      ['ai-landscape', 'fundamentals'],
      ['data-foundations', 'data-for-ai'],
      ['llm-prompting', 'llm-prompting'],
      ['ai-assisted-dev', 'ai-assisted-dev'],
      ['ai-quality-ethics', 'ai-in-production'],
    ]);
    const p = suggestPlacement('data', { ...allAware, fundamentals: 'proficient' }, real, rubric);
    assert.deepEqual(p.suggestedTestOut, ['ai-landscape']);
    for (const role of RoleSchema.options) {
      const placed = suggestPlacement(role, allAware, real, rubric).tracks[1]!;
      assert.deepEqual([placed.id, placed.available, placed.modules.length > 0], [ROLE_TRACKS[role].id, true, true], role);
    }
  });
});

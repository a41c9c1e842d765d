import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { catalogCurriculum } from '../../../src/core/profile/curriculum';
import { suggestPlacement } from '../../../src/core/profile/placement';
import { exerciseFiles, module, track, writeCatalog } from '../catalog/fixtures';
import { tempDir } from '../helpers/gitRepo';
import { allAware, builtinRubric, repoRoot } from './fixtures';

describe('profile curriculum from the catalog', () => {
  it('sees what the Learn view sees: team overrides and catalog folders, not broken files', async () => {
    const repoCatalog = tempDir('practicum-team-catalog-');
    const folder = tempDir('practicum-folder-catalog-');
    try {
      // The team replaces a bundled module (new title, another skill) and adds a module to the bundled track.
      writeCatalog(repoCatalog.dir, {
        'foundations/llm-prompting/module.json': module('llm-prompting', { title: 'Prompting, our way', order: 1, skill: 'ai-in-production' }),
        'foundations/our-evals/module.json': module('our-evals', { order: 9, skill: 'ai-in-production' }),
        ...exerciseFiles('foundations', 'our-evals', 'our-eval-set'),
      });
      // A catalog folder from the settings brings a whole track, and one broken module.
      writeCatalog(folder.dir, {
        'payments-ai/track.json': track('payments-ai', { title: 'AI in payments', role: 'backend', order: 50 }),
        'payments-ai/fraud-signals/module.json': module('fraud-signals'),
        'payments-ai/broken/module.json': { id: 'broken', title: 'No hours' },
      });
      const curriculum = catalogCurriculum(() =>
        loadCatalog([
          { dir: path.join(repoRoot, 'exercises'), origin: 'bundled' },
          { dir: repoCatalog.dir, origin: 'repository' },
          { dir: folder.dir, origin: 'folder' },
        ]),
      );
      const tracks = await curriculum.tracks();
      const foundations = tracks.find((t) => t.id === 'foundations')!;
      assert.deepEqual(foundations.modules.map((m) => [m.id, m.skill]), [
        ['ai-landscape', 'fundamentals'],
        ['data-foundations', 'data-for-ai'],
        ['llm-prompting', 'ai-in-production'],
        ['ai-assisted-dev', 'ai-assisted-dev'],
        ['ai-quality-ethics', 'ai-in-production'],
        ['our-evals', 'ai-in-production'],
      ]);
      assert.equal(foundations.modules[2]?.title, 'Prompting, our way');
      assert.deepEqual(tracks.find((t) => t.id === 'payments-ai')?.modules.map((m) => m.id), ['fraud-signals']);
      // Placement follows: the team's module is offered as a test-out by the skill the team gave it.
      const p = suggestPlacement('backend', { ...allAware, 'ai-in-production': 'expert' }, tracks, builtinRubric());
      assert.deepEqual(p.suggestedTestOut, ['llm-prompting', 'ai-quality-ethics', 'our-evals']);
    } finally {
      repoCatalog.dispose();
      folder.dispose();
    }
  });
});

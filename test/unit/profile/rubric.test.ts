import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SkillDimensionSchema } from '../../../src/core/catalog/schema';
import { rubricJsonSchemaText } from '../../../src/core/profile/rubricJsonSchema';
import { checkLevels, levelRank, loadRubric, parseRubric, LEVELS } from '../../../src/core/profile/rubric';
import { tempDir } from '../helpers/gitRepo';
import { builtinRubric, repoRoot } from './fixtures';

const builtinFile = path.join(repoRoot, 'media/rubric.json');

function teamRubric(): Record<string, unknown> {
  const r = JSON.parse(JSON.stringify(builtinRubric())) as { id: string; dimensions: Array<{ levels: Record<string, unknown> }> };
  r.id = 'acme-ai';
  return r as unknown as Record<string, unknown>;
}

describe('profile rubric', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.dispose());

  it('ships five dimensions, with the ids modules use, each level stated as behaviour', () => {
    const r = builtinRubric();
    assert.deepEqual(r.dimensions.map((d) => d.id), SkillDimensionSchema.options);
    for (const d of r.dimensions) for (const l of LEVELS) assert.ok(d.levels[l].every((b) => b.length > 20), `${d.id}.${l} reads as behaviour`);
    const dev = r.dimensions.find((d) => d.id === 'ai-assisted-dev')!;
    assert.match(dev.levels.practicing.join(' '), /completion and simple generation/);
    assert.match(dev.levels.expert.join(' '), /team's AI tooling/);
  });

  it('ranks levels from Aware (1) to Expert (4)', () => {
    assert.deepEqual(LEVELS.map(levelRank), [1, 2, 3, 4]);
  });

  it('uses the built-in rubric when the team has none', async () => {
    const r = await loadRubric(builtinFile, path.join(t.dir, '.practicum/rubric.json'));
    assert.equal(r.source, 'built-in');
    assert.equal(r.problem, null);
  });

  it("uses a valid team rubric instead of the built-in one", async () => {
    const f = path.join(t.dir, 'rubric.json');
    writeFileSync(f, JSON.stringify(teamRubric()));
    const r = await loadRubric(builtinFile, f);
    assert.deepEqual([r.source, r.rubric.id, r.problem], ['team', 'acme-ai', null]);
  });

  it('falls back to the built-in rubric and names the broken field of a team rubric', async () => {
    const broken = teamRubric() as { dimensions: Array<{ levels: Record<string, unknown> }> };
    delete broken.dimensions[1]!.levels.expert;
    const f = path.join(t.dir, 'rubric.json');
    writeFileSync(f, JSON.stringify(broken));
    const r = await loadRubric(builtinFile, f);
    assert.equal(r.source, 'built-in');
    assert.equal(r.rubric.id, 'practicum-default');
    assert.ok(r.problem?.includes(f), r.problem ?? '');
    assert.match(r.problem ?? '', /field dimensions\[1\]\.levels\.expert: /);
    assert.match(r.problem ?? '', /Using the built-in rubric/);
  });

  it('names duplicate dimension ids, empty behaviours and unknown fields', () => {
    const dup = teamRubric() as { dimensions: Array<{ id: string; levels: Record<string, string[]> }> };
    dup.dimensions[2]!.id = dup.dimensions[0]!.id;
    assert.deepEqual(parseRubric(dup), { ok: false, field: 'dimensions[2].id', message: 'duplicates dimension id "fundamentals"' });
    const empty = teamRubric() as { dimensions: Array<{ levels: Record<string, string[]> }> };
    empty.dimensions[0]!.levels.aware = [];
    const e = parseRubric(empty);
    assert.ok(!e.ok && e.field === 'dimensions[0].levels.aware' && /at least one behaviour/.test(e.message));
    const extra = { ...teamRubric(), scale: 5 };
    const x = parseRubric(extra);
    assert.ok(!x.ok && /scale/.test(x.message), JSON.stringify(x));
  });

  it('reports a team rubric that is not JSON', async () => {
    const f = path.join(t.dir, 'rubric.json');
    writeFileSync(f, '{ "id": ');
    const r = await loadRubric(builtinFile, f);
    assert.equal(r.source, 'built-in');
    assert.match(r.problem ?? '', /not valid JSON/);
  });

  it('checks that an assessment answers exactly the rubric dimensions', () => {
    const r = builtinRubric();
    const partial = checkLevels(r, { fundamentals: 'expert', nonsense: 'aware' });
    assert.ok(!partial.ok);
    if (!partial.ok) {
      assert.deepEqual(partial.missing, ['llm-prompting', 'ai-assisted-dev', 'data-for-ai', 'ai-in-production']);
      assert.deepEqual(partial.unknown, ['nonsense']);
    }
  });
});

describe('rubric JSON Schema', () => {
  // That the committed file matches is checked for every schema in jsonSchemaFiles.test.ts.
  it('names the four levels', () => {
    assert.match(rubricJsonSchemaText(), /"aware"/);
  });
});

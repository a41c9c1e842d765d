import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { advancement } from '../../../src/core/profile/advancement';
import type { AssessmentCompleted, SurveyCompleted } from '../../../src/core/profile/events';
import { collectRecords, readOutcomeFiles } from '../../../src/core/profile/outcomeRecords';
import { programOutcomes, ProgramOutcomesSchema } from '../../../src/core/profile/outcomes';
import { exportProfile } from '../../../src/core/profile/profileExport';
import { emptyProfile } from '../../../src/core/profile/profile';
import type { Levels } from '../../../src/core/profile/rubric';
import { tempDir } from '../helpers/gitRepo';
import { allAware } from './fixtures';

const rubric = { id: 'practicum-default', version: 1 };
let seq = 0;

function assessment(learner: string, at: string, phase: 'before' | 'after', levels: Levels, extra: Partial<AssessmentCompleted> = {}) {
  const data: AssessmentCompleted = {
    phase,
    track: phase === 'after' ? 'foundations' : null,
    role: 'backend',
    rubric,
    levels,
    path: phase === 'before' ? { tracks: ['foundations', 'ai-app-dev'], testOut: [], suggestedTestOut: [] } : null,
    ...extra,
  };
  return { schema: 'practicum.event/v1', id: `e${++seq}`, type: 'assessment.completed', at, learner, cohort: null, data };
}

function survey(learner: string, at: string, module: string, nps: number | null, extra: Partial<SurveyCompleted> = {}) {
  const data: SurveyCompleted = { module, track: 'foundations', trackCompleted: false, reminded: false, nps, helped: null, didNotHelp: null, minutesTaken: 300, ...extra };
  return { schema: 'practicum.event/v1', id: `e${++seq}`, type: 'survey.completed', at, learner, cohort: null, data };
}

describe('profile advancement', () => {
  it('compares the first baseline with the latest re-assessment, per dimension, in levels', () => {
    const a = advancement([
      { at: '2026-03-01T00:00:00Z', phase: 'after', rubric, levels: { ...allAware, fundamentals: 'practicing' } },
      { at: '2026-01-01T00:00:00Z', phase: 'before', rubric, levels: allAware },
      { at: '2026-01-02T00:00:00Z', phase: 'before', rubric, levels: { ...allAware, fundamentals: 'expert' } },
      { at: '2026-05-01T00:00:00Z', phase: 'after', rubric, levels: { ...allAware, fundamentals: 'proficient', 'data-for-ai': 'expert' } },
    ]);
    assert.equal(a.baseline?.at, '2026-01-01T00:00:00Z');
    assert.equal(a.latest?.at, '2026-05-01T00:00:00Z');
    assert.deepEqual(
      a.dimensions.map((d) => [d.dimension, d.change]),
      [['fundamentals', 2], ['llm-prompting', 0], ['ai-assisted-dev', 0], ['data-for-ai', 3], ['ai-in-production', 0]],
    );
  });

  it('reports a regression as a negative change and never compares different rubrics', () => {
    const down = advancement([
      { at: '2026-01-01T00:00:00Z', phase: 'before', rubric, levels: { fundamentals: 'proficient' } },
      { at: '2026-02-01T00:00:00Z', phase: 'after', rubric: { id: 'practicum-default', version: 2 }, levels: { fundamentals: 'practicing' } },
    ]);
    assert.equal(down.dimensions[0]?.change, -1, 'a new version of the same rubric is compared');
    const other = advancement([
      { at: '2026-01-01T00:00:00Z', phase: 'before', rubric, levels: { fundamentals: 'aware' } },
      { at: '2026-02-01T00:00:00Z', phase: 'after', rubric: { id: 'acme', version: 1 }, levels: { fundamentals: 'expert' } },
    ]);
    assert.equal(other.latest, null);
    assert.equal(other.dimensions[0]?.change, null);
    assert.match(other.incomparable ?? '', /not compared/);
  });
});

describe('program outcomes', () => {
  it('computes advancement, completion per track and module NPS from exported events', () => {
    const events = [
      // ann: advances two levels in fundamentals, finishes foundations
      assessment('ann', '2026-01-05T09:00:00Z', 'before', allAware),
      assessment('ann', '2026-02-05T09:00:00Z', 'after', { ...allAware, fundamentals: 'proficient' }),
      // bob: no change, finishes foundations via the last survey (skipped the re-assessment)
      assessment('bob', '2026-01-05T09:00:00Z', 'before', allAware),
      assessment('bob', '2026-02-06T09:00:00Z', 'after', allAware, { track: 'ai-app-dev' }),
      survey('bob', '2026-02-05T09:00:00Z', 'ai-quality-ethics', 6, { trackCompleted: true, minutesTaken: 400 }),
      // cat: baseline only, two surveys on the same module (the latest counts)
      assessment('cat', '2026-01-05T09:00:00Z', 'before', { ...allAware, 'ai-assisted-dev': 'practicing' }),
      survey('cat', '2026-01-20T09:00:00Z', 'ai-landscape', 3),
      survey('cat', '2026-01-21T09:00:00Z', 'ai-landscape', 10, { minutesTaken: 200 }),
      survey('ann', '2026-01-20T09:00:00Z', 'ai-landscape', 9, { minutesTaken: 360 }),
      survey('bob', '2026-01-20T09:00:00Z', 'ai-landscape', 7, { minutesTaken: null }),
      // other event types are ignored
      { schema: 'practicum.event/v1', id: 'x1', type: 'session', at: '2026-01-05T09:00:00Z', learner: 'ann', cohort: null, data: { seconds: 60 } },
    ];
    const { records, warnings } = collectRecords([{ source: 'events.json', value: events }]);
    assert.deepEqual(warnings, []);
    const o = ProgramOutcomesSchema.parse(programOutcomes(records));
    assert.equal(o.learners, 3);
    assert.deepEqual(o.assessed, { baseline: 3, reassessed: 2 });
    assert.deepEqual(o.advancement, { learners: 2, advancedAtLeastOneLevel: 1, share: 0.5 });
    const fundamentals = o.dimensions.find((d) => d.dimension === 'fundamentals');
    assert.deepEqual(fundamentals, { dimension: 'fundamentals', learners: 2, averageBefore: 1, averageAfter: 2, averageAdvancement: 1, advancedShare: 0.5 });
    assert.deepEqual(o.tracks, [
      { track: 'ai-app-dev', enrolled: 3, completed: 1, completionRate: 0.333, meetsTarget: false },
      { track: 'foundations', enrolled: 3, completed: 2, completionRate: 0.667, meetsTarget: false },
    ]);
    const landscape = o.modules.find((m) => m.module === 'ai-landscape');
    // latest answers: cat 10 (promoter), ann 9 (promoter), bob 7 (passive) -> NPS 66.7
    assert.deepEqual(landscape, { module: 'ai-landscape', track: 'foundations', responses: 3, npsResponses: 3, nps: 66.7, promoters: 2, passives: 1, detractors: 0, medianMinutesTaken: 280 });
    assert.equal(o.modules.find((m) => m.module === 'ai-quality-ethics')?.nps, -100);
  });

  it('counts an event seen twice (outbox and batch) once, and names malformed records without failing', () => {
    const e = survey('ann', '2026-01-20T09:00:00Z', 'ai-landscape', 10);
    const bad = { ...survey('bob', '2026-01-20T09:00:00Z', 'ai-landscape', 10) };
    (bad.data as Record<string, unknown>).nps = 11;
    const { records, warnings } = collectRecords([
      { source: 'outbox.jsonl:1', value: e },
      { source: 'batch.json', value: { schema: 'practicum.batch/v1', sentAt: '2026-01-20T10:00:00Z', events: [e, bad, 42] } },
    ]);
    assert.equal(records.length, 1);
    assert.deepEqual(warnings, [
      'batch.json.events[1]: survey.completed event, field data.nps: Too big: expected number to be <=10; skipped.',
      'batch.json.events[2]: not a JSON object; skipped.',
    ]);
    assert.deepEqual(programOutcomes(records, warnings).warnings, warnings);
  });

  it('reads outbox JSON lines and profile exports from files', async () => {
    const t = tempDir();
    try {
      const outbox = path.join(t.dir, 'a.jsonl');
      writeFileSync(outbox, [JSON.stringify(assessment('ann', '2026-01-05T09:00:00Z', 'before', allAware)), '{oops', JSON.stringify(assessment('ann', '2026-02-05T09:00:00Z', 'after', { ...allAware, fundamentals: 'practicing' })), ''].join('\n'));
      const p = emptyProfile(new Date('2026-01-05T09:00:00Z'));
      p.role = 'data';
      p.path = { tracks: ['foundations', 'data-for-ai'], testOut: [], suggestedTestOut: [] };
      p.assessments.push({ at: '2026-01-05T09:00:00.000Z', phase: 'before', track: null, rubric, levels: allAware });
      p.assessments.push({ at: '2026-03-01T09:00:00.000Z', phase: 'after', track: 'data-for-ai', rubric, levels: { ...allAware, 'data-for-ai': 'proficient' } });
      p.modules['ai-landscape'] = { track: 'foundations', at: '2026-01-12T09:00:00.000Z' };
      p.completedTracks.foundations = '2026-02-01T09:00:00.000Z';
      p.surveys['ai-landscape'] = { status: 'done', at: '2026-01-12T10:00:00.000Z', answers: { nps: 8, helped: 'x', didNotHelp: null, minutesTaken: 240 }, reminded: false };
      const exp = path.join(t.dir, 'profile.json');
      writeFileSync(exp, JSON.stringify(exportProfile(p, new Date('2026-03-02T00:00:00Z'))));
      const { records, warnings } = await readOutcomeFiles([outbox, exp]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /a\.jsonl:2: not valid JSON/);
      const o = programOutcomes(records, warnings);
      assert.equal(o.learners, 2);
      assert.deepEqual(o.advancement, { learners: 2, advancedAtLeastOneLevel: 2, share: 1 });
      assert.deepEqual(o.tracks.find((x) => x.track === 'data-for-ai'), { track: 'data-for-ai', enrolled: 1, completed: 1, completionRate: 1, meetsTarget: true });
      assert.deepEqual(o.tracks.find((x) => x.track === 'foundations'), { track: 'foundations', enrolled: 2, completed: 2, completionRate: 1, meetsTarget: true });
      assert.equal(o.modules[0]?.nps, 0);
    } finally {
      t.dispose();
    }
  });

  it('has nothing to say about an empty input', () => {
    const o = programOutcomes([]);
    assert.deepEqual([o.learners, o.advancement.share, o.tracks.length, o.modules.length], [0, null, 0, 0]);
  });
});

import { collectRecords } from '../../src/core/profile/outcomeRecords';
import { programOutcomes } from '../../src/core/profile/outcomes';
import { median, type BenchReport } from './report';

const LEARNERS = 20_000;
const DIMS = ['fundamentals', 'llm-prompting', 'ai-assisted-dev', 'data-for-ai', 'ai-in-production'];
const LEVELS = ['aware', 'practicing', 'proficient', 'expert'];
const MODULES = ['ai-landscape', 'llm-prompting', 'ai-assisted-dev', 'ai-quality-ethics'];

/** A cohort's exported events as outbox lines: baseline, four surveys and a re-assessment per learner. */
function outboxText(): string {
  const lines: string[] = [];
  let id = 0;
  const levels = (shift: number, i: number) => Object.fromEntries(DIMS.map((d, k) => [d, LEVELS[Math.min(3, ((i + k) % 3) + shift)]]));
  const event = (type: string, learner: string, at: string, data: unknown) =>
    lines.push(JSON.stringify({ schema: 'practicum.event/v1', id: `e${++id}`, type, at, learner, cohort: 'spring', data }));
  for (let i = 0; i < LEARNERS; i++) {
    const learner = `l${i.toString(16).padStart(8, '0')}`;
    const path = { tracks: ['foundations', 'ai-app-dev'], testOut: [], suggestedTestOut: [] };
    event('assessment.completed', learner, '2026-01-05T09:00:00Z', { phase: 'before', track: null, role: 'backend', rubric: { id: 'practicum-default', version: 1 }, levels: levels(0, i), path });
    MODULES.forEach((module, m) =>
      event('survey.completed', learner, `2026-0${m + 1}-20T09:00:00Z`, { module, track: 'foundations', trackCompleted: m === 3, reminded: false, nps: (i + m) % 11, helped: m % 2 ? 'the eval table on our own tickets' : null, didNotHelp: null, minutesTaken: 240 + m * 30 }),
    );
    if (i % 5) event('assessment.completed', learner, '2026-05-01T09:00:00Z', { phase: 'after', track: 'foundations', role: 'backend', rubric: { id: 'practicum-default', version: 1 }, levels: levels(i % 2, i), path: null });
  }
  return lines.join('\n');
}

/**
 * Lead aggregates over a 20,000-learner cohort (~115k events): validating every event and computing
 * the outcomes should cost a small multiple of merely parsing the JSON, measured in the same run.
 */
export async function run(): Promise<BenchReport> {
  const text = outboxText();
  const parseMs: number[] = [];
  const outcomeMs: number[] = [];
  let events = 0;
  for (let rep = 0; rep < 5; rep++) {
    let t = performance.now();
    const values = text.split('\n').map((l) => JSON.parse(l) as unknown);
    parseMs.push(performance.now() - t);
    events = values.length;
    t = performance.now();
    const { records, warnings } = collectRecords([{ source: 'outbox', value: values }]);
    const o = programOutcomes(records, warnings);
    outcomeMs.push(performance.now() - t);
    if (o.learners !== LEARNERS || warnings.length) throw new Error(`unexpected outcome: ${o.learners} learners, ${warnings.length} warnings`);
  }
  const parse = median(parseMs);
  const outcomes = median(outcomeMs);
  const ratio = outcomes / parse;
  return {
    figures: [
      { name: 'events', value: events },
      { name: 'JSON.parse of the outbox lines (reference)', value: parse.toFixed(1), unit: 'ms' },
      { name: 'validate + programOutcomes', value: outcomes.toFixed(1), unit: 'ms' },
      { name: 'events per second (validate + aggregate)', value: Math.round(events / (outcomes / 1000)) },
    ],
    targets: [{ name: 'outcomes vs parsing the same events', actual: `${ratio.toFixed(2)}×`, target: '≤ 4×', ok: ratio <= 4 }],
  };
}

import { EVENT_SCHEMA, type EventEnvelope } from '../export/events';
import { learnerId } from '../export/learnerId';

const DAY_MS = 86_400_000;
const HOUR_S = 3600;
const LEVELS = ['aware', 'practicing', 'proficient', 'expert'] as const;
const DIMENSIONS = ['fundamentals', 'llm-prompting', 'ai-assisted-dev', 'data-for-ai', 'ai-in-production'];
const MODULES = ['ai-landscape', 'llm-prompting', 'ai-assisted-dev', 'ai-quality-ethics'];
const HELPED = ['Working on our own service instead of a toy repo', 'The eval harness exercise', 'Pairing with my mentor on the review', 'Short briefs with clear checks', 'Seeing the failure modes before shipping'];
const DID_NOT_HELP = ['The reading list was long', 'Setup took an afternoon', 'Hard to protect the hours in a release week'];

/** A small deterministic PRNG (mulberry32), so the demo cohort is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoOptions {
  cohort: string;
  members: number;
  /** First day of the program (00:00 UTC). */
  startMs: number;
  weeks: number;
  seed?: number;
}

/** UUID v4 shape from the PRNG (the ids must be stable for a re-run to store nothing twice). */
function uuid(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(r() * 4)]!;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A generated cohort with every kind of event a program produces: weekly hands-on sessions, AI
 * commits before and during the program, skill assessments before and after, module surveys with
 * comments, and mentor reviews. For `npm run serve:demo` and the benchmark; never real people.
 */
export function demoEvents(o: DemoOptions): EventEnvelope[] {
  const r = rng(o.seed ?? 17);
  const out: EventEnvelope[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const emit = (type: EventEnvelope['type'], learner: string, atMs: number, data: Record<string, unknown>) =>
    out.push({ schema: EVENT_SCHEMA, id: uuid(r), type, at: iso(atMs), learner, cohort: o.cohort, data } as EventEnvelope);
  const endMs = o.startMs + o.weeks * 7 * DAY_MS;
  for (let m = 0; m < o.members; m++) {
    const learner = learnerId(`member${m + 1}@demo.example`, 'practicum-demo');
    const engaged = 0.4 + r() * 0.8;
    // Hands-on sessions, week by week.
    for (let w = 0; w < o.weeks; w++) {
      const target = Math.max(0, (2 + r() * 5) * engaged) * HOUR_S;
      let done = 0;
      while (done < target) {
        const seconds = Math.round(Math.min(target - done, (0.5 + r() * 1.5) * HOUR_S));
        const start = o.startMs + w * 7 * DAY_MS + Math.floor(r() * 5) * DAY_MS + (9 + Math.floor(r() * 8)) * HOUR_S * 1000;
        emit('session', learner, start + seconds * 1000, { start: iso(start), end: iso(start + seconds * 1000), seconds, exercise: null, aiAssistedSeconds: Math.round(seconds * r() * 0.5) });
        done += Math.max(seconds, 60);
      }
    }
    // AI commits: a few before the program for some, a first one during it for most.
    const before = r() < 0.3 ? 1 + Math.floor(r() * 3) : 0;
    for (let i = 0; i < before; i++) {
      const at = o.startMs - Math.floor(1 + r() * o.weeks * 7) * DAY_MS;
      emit('ai.commit', learner, at, { authoredAt: iso(at), kinds: ['assisted'], signals: ['co-author:claude'], exercise: null });
    }
    if (r() < 0.8) {
      const first = o.startMs + Math.floor(r() * r() * o.weeks * 7 * DAY_MS);
      for (let t = first; t < endMs; t += Math.floor((1 + r() * 6) * DAY_MS)) {
        emit('ai.commit', learner, t, { authoredAt: iso(t), kinds: r() < 0.3 ? ['assisted', 'building'] : ['assisted'], signals: [pick(['co-author:claude', 'trailer:copilot', 'sdk:openai'])], exercise: null });
      }
    }
    // Skills before and (for most) after.
    const tracks = r() < 0.5 ? ['foundations', 'ai-app-dev'] : ['foundations'];
    const before0 = Object.fromEntries(DIMENSIONS.map((d) => [d, Math.floor(r() * 2)]));
    emit('assessment.completed', learner, o.startMs + 3600_000, {
      phase: 'before',
      track: null,
      role: null,
      rubric: { id: 'practicum-default', version: 1 },
      levels: Object.fromEntries(DIMENSIONS.map((d) => [d, LEVELS[before0[d]!]])),
      path: { tracks, testOut: [], suggestedTestOut: [] },
    });
    const finished = r() < 0.85;
    if (finished) {
      emit('assessment.completed', learner, endMs - 2 * DAY_MS, {
        phase: 'after',
        track: 'foundations',
        role: null,
        rubric: { id: 'practicum-default', version: 1 },
        levels: Object.fromEntries(DIMENSIONS.map((d) => [d, LEVELS[Math.min(3, before0[d]! + (r() < 0.55 ? 1 : 0) + (r() < 0.1 ? 1 : 0))]])),
        path: null,
      });
    }
    // Module surveys.
    MODULES.forEach((module, i) => {
      if (r() < 0.15) return;
      const at = o.startMs + Math.floor(((i + 1) * o.weeks * 7 * DAY_MS) / (MODULES.length + 1));
      const nps = Math.min(10, Math.max(0, Math.round(6 + r() * 5 - (i === 3 ? 2 : 0))));
      emit('survey.completed', learner, at, {
        module,
        track: 'foundations',
        nps,
        minutesTaken: 60 + Math.floor(r() * 240),
        helped: r() < 0.4 ? pick(HELPED) : null,
        didNotHelp: r() < 0.25 ? pick(DID_NOT_HELP) : null,
        trackCompleted: finished && i === MODULES.length - 1,
        reminded: r() < 0.2,
      });
    });
    // Mentor reviews of two exercises, some needing a second round.
    for (const exercise of ['prompt-contract', 'rag-prototype']) {
      const at = o.startMs + Math.floor(r() * o.weeks * 7 * DAY_MS);
      const approved = r() < 0.7;
      emit('review.completed', learner, at, { exercise, verdict: approved ? 'approve' : 'changes', round: 1, turnaroundHours: Math.round((4 + r() * 66) * 10) / 10, firstReview: true, comments: Math.floor(r() * 6) });
      if (!approved) emit('review.completed', learner, at + 3 * DAY_MS, { exercise, verdict: 'approve', round: 2, turnaroundHours: Math.round((2 + r() * 30) * 10) / 10, firstReview: true, comments: Math.floor(r() * 3) });
    }
  }
  return out;
}

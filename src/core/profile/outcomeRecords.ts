import { promises as fs } from 'node:fs';
import { errorMessage, PracticumError } from '../errors';
import {
  ASSESSMENT_COMPLETED,
  AssessmentCompletedSchema,
  EventEnvelopeSchema,
  SURVEY_COMPLETED,
  SurveyCompletedSchema,
  type AssessmentCompleted,
  type SurveyCompleted,
} from './events';
import { fieldPath } from './rubric';
import { PROFILE_EXPORT_SCHEMA, ProfileExportSchema, type ProfileExport } from './profileExport';

/** A learner-level fact the program outcomes are computed from. */
export type OutcomeRecord =
  | { kind: 'assessment'; learner: string; at: string; data: AssessmentCompleted }
  | { kind: 'survey'; learner: string; at: string; data: SurveyCompleted }
  | { kind: 'track-completed'; learner: string; at: string; track: string };

/** Records plus what could not be read (named, never fatal). */
export interface CollectedRecords {
  records: OutcomeRecord[];
  warnings: string[];
}

/** Turns a profile export into records under its learner id. */
export function recordsFromProfileExport(x: ProfileExport): OutcomeRecord[] {
  const out: OutcomeRecord[] = [];
  const firstBefore = x.assessments.filter((a) => a.phase === 'before').sort((a, b) => a.at.localeCompare(b.at))[0];
  for (const a of x.assessments) {
    const data: AssessmentCompleted = { phase: a.phase, track: a.track, role: x.role, rubric: a.rubric, levels: a.levels, path: a === firstBefore ? x.path : null };
    out.push({ kind: 'assessment', learner: x.learner, at: a.at, data });
  }
  for (const { at, ...data } of x.surveys) out.push({ kind: 'survey', learner: x.learner, at, data });
  for (const t of x.completedTracks) out.push({ kind: 'track-completed', learner: x.learner, at: t.at, track: t.track });
  return out;
}

/**
 * Collects records from anything a lead may have: event envelopes (`practicum.event/v1`, one per
 * outbox line or in an array), batches (`practicum.batch/v1`), or profile exports. Other event types
 * are ignored; a malformed item is skipped and named in `warnings`. Events seen twice (same id) count once.
 */
export function collectRecords(docs: Array<{ source: string; value: unknown }>): CollectedRecords {
  const records: OutcomeRecord[] = [];
  const warnings: string[] = [];
  const seenIds = new Set<string>();
  const visit = (value: unknown, where: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${where}[${i}]`));
    if (!value || typeof value !== 'object') return void warnings.push(`${where}: not a JSON object; skipped.`);
    const obj = value as Record<string, unknown>;
    if (obj.schema === 'practicum.batch/v1' && Array.isArray(obj.events)) return visit(obj.events, `${where}.events`);
    if (obj.schema === PROFILE_EXPORT_SCHEMA) {
      const x = ProfileExportSchema.safeParse(value);
      if (!x.success) return void warnings.push(`${where}: profile export, field ${fieldPath(x.error.issues[0]?.path ?? [])}: ${x.error.issues[0]?.message}; skipped.`);
      records.push(...recordsFromProfileExport(x.data));
      return;
    }
    if (obj.type !== ASSESSMENT_COMPLETED && obj.type !== SURVEY_COMPLETED) {
      if (typeof obj.type !== 'string') warnings.push(`${where}: neither an event, a batch nor a profile export; skipped.`);
      return;
    }
    const env = EventEnvelopeSchema.safeParse(value);
    if (!env.success) return void warnings.push(`${where}: ${obj.type} event, field ${fieldPath(env.error.issues[0]?.path ?? [])}: ${env.error.issues[0]?.message}; skipped.`);
    const { id, type, at, learner, data } = env.data;
    if (id !== undefined) {
      if (seenIds.has(id)) return;
      seenIds.add(id);
    }
    const parsed = type === ASSESSMENT_COMPLETED ? AssessmentCompletedSchema.safeParse(data) : SurveyCompletedSchema.safeParse(data);
    if (!parsed.success) return void warnings.push(`${where}: ${type} event, field data.${fieldPath(parsed.error.issues[0]?.path ?? [])}: ${parsed.error.issues[0]?.message}; skipped.`);
    if (type === ASSESSMENT_COMPLETED) records.push({ kind: 'assessment', learner, at, data: parsed.data as AssessmentCompleted });
    else records.push({ kind: 'survey', learner, at, data: parsed.data as SurveyCompleted });
  };
  for (const d of docs) visit(d.value, d.source);
  return { records, warnings };
}

/** Parses a file's text as JSON, or as JSON lines (an outbox file), naming bad lines. */
export function parseOutcomeText(text: string, source: string): { docs: Array<{ source: string; value: unknown }>; warnings: string[] } {
  try {
    return { docs: [{ source, value: JSON.parse(text) }], warnings: [] };
  } catch {
    /* not one JSON document: try JSON lines */
  }
  const docs: Array<{ source: string; value: unknown }> = [];
  const warnings: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      docs.push({ source: `${source}:${i + 1}`, value: JSON.parse(line) });
    } catch (e) {
      warnings.push(`${source}:${i + 1}: not valid JSON (${errorMessage(e)}); skipped.`);
    }
  });
  return { docs, warnings };
}

/** Reads event files, outbox `.jsonl` files, batches and profile exports into records. */
export async function readOutcomeFiles(files: string[]): Promise<CollectedRecords> {
  const docs: Array<{ source: string; value: unknown }> = [];
  const warnings: string[] = [];
  for (const f of files) {
    const text = await fs.readFile(f, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new PracticumError('usage', `${f}: cannot read the outcomes file (${e.code ?? e.message}). Check the path.`);
    });
    const parsed = parseOutcomeText(text, f);
    docs.push(...parsed.docs);
    warnings.push(...parsed.warnings);
  }
  const collected = collectRecords(docs);
  return { records: collected.records, warnings: [...warnings, ...collected.warnings] };
}

import { z } from 'zod';
import { ProbeFaultsSchema } from '../../catalog/probeSchema';

/** One line of a probe's case file (JSONL). The learner's command sees `{ id, input }`, never `expect`. */
export const ProbeCaseSchema = z
  .object({
    id: z.string().min(1).max(200),
    input: z.record(z.string(), z.unknown()),
    expect: z.record(z.string(), z.unknown()).default({}),
    /** A fault script for this case alone; a fresh provider serves it. */
    faults: ProbeFaultsSchema.optional(),
  })
  .strict();
export type ProbeCase = z.infer<typeof ProbeCaseSchema>;

/** Parses JSONL case lines; throws one line naming the file, line and problem. */
export function parseCases(text: string, source: string): ProbeCase[] {
  const out: ProbeCase[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not a JSON object; write one case per line: {"id": "...", "input": {...}, "expect": {...}}`);
    }
    const r = ProbeCaseSchema.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new Error(`${source}:${i + 1}: ${issue?.path.join('.') || 'case'}: ${issue?.message}; a case is {"id": "...", "input": {...}, "expect": {...}}`);
    }
    if (seen.has(r.data.id)) throw new Error(`${source}:${i + 1}: case id "${r.data.id}" is used twice; ids must be unique`);
    seen.add(r.data.id);
    out.push(r.data);
  });
  return out;
}

/** What a case's `expect` says about a field, typed loosely (authors write JSON). */
export const expectBool = (c: ProbeCase, key: string): boolean | undefined => (typeof c.expect[key] === 'boolean' ? (c.expect[key] as boolean) : undefined);
export const expectStrings = (c: ProbeCase, key: string): string[] => {
  const v = c.expect[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
};

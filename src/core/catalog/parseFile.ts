import { promises as fs } from 'node:fs';
import type { z } from 'zod';
import { jsonSyntaxErrorSpan, locateJsonPath, type TextSpan } from './jsonLocate';
import { checkKinds, ExerciseSchema, ModuleSchema, TrackSchema, type Exercise, type Module, type Track } from './schema';
import { globToRegExp } from '../glob';
import { inputFields } from './checkFields';
import { patternProblem } from '../safeRegex';

/** A problem in one file before it is tied to a source: field path (or null) and message, with its place in the text. */
export interface FileProblem {
  path: string | null;
  message: string;
  span?: TextSpan;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FileProblem[] };

type Path = Array<string | number>;
interface Problem {
  path: Path | null;
  message: string;
}

/** Reads a track, module or exercise file: JSON syntax, the zod schema, then rules the schema cannot express. */
export async function parseCatalogFile(kind: 'track', file: string, folderName: string): Promise<Parsed<Track>>;
export async function parseCatalogFile(kind: 'module', file: string, folderName: string): Promise<Parsed<Module>>;
export async function parseCatalogFile(kind: 'exercise', file: string, folderName: string): Promise<Parsed<Exercise>>;
export async function parseCatalogFile(kind: 'track' | 'module' | 'exercise', file: string, folderName: string): Promise<Parsed<Track | Module | Exercise>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, problems: [{ path: null, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const message = (e as Error).message;
    return { ok: false, problems: [{ path: null, message: `not valid JSON: ${message}`, span: jsonSyntaxErrorSpan(text, message) }] };
  }
  const schema: z.ZodType<Track | Module | Exercise> = kind === 'track' ? TrackSchema : kind === 'module' ? ModuleSchema : ExerciseSchema;
  const parsed = schema.safeParse(json);
  const problems: Problem[] = parsed.success ? rules(kind, parsed.data, folderName) : parsed.error.issues.flatMap((i) => fromIssue(i, json));
  if (problems.length === 0 && parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: problems.map((p) => ({
      path: p.path && p.path.length > 0 ? p.path.join('.') : null,
      message: p.message,
      span: locateJsonPath(text, p.path ?? []),
    })),
  };
}

/** Turns a zod issue into messages an author can act on. */
function fromIssue(issue: z.core.$ZodIssue, json: unknown): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({ path: [...path, k], message: `unknown field "${k}"; remove it or check its spelling` }));
  }
  if (issue.code === 'invalid_union' && path[path.length - 1] === 'kind') {
    const value = valueAt(json, path);
    const kinds = checkKinds.join(', ');
    return [{ path, message: value === undefined ? `missing check kind; use one of ${kinds}` : `unknown check kind ${JSON.stringify(value)}; use one of ${kinds}` }];
  }
  if (issue.code === 'invalid_type' && valueAt(json, path) === undefined) {
    return [{ path, message: `missing required field "${String(path[path.length - 1] ?? '')}" (${issue.expected})` }];
  }
  return [{ path, message: issue.message }];
}

function valueAt(json: unknown, path: Path): unknown {
  let v: unknown = json;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function rules(kind: 'track' | 'module' | 'exercise', value: Track | Module | Exercise, folderName: string): Problem[] {
  const out: Problem[] = [];
  if (value.id !== folderName) out.push({ path: ['id'], message: `id "${value.id}" must be the same as its folder name "${folderName}"; rename one of them` });
  if (kind === 'track') {
    const t = value as Track;
    if (t.kind === 'role' && t.role === null) out.push({ path: ['role'], message: 'a role track must name its role' });
    if (t.kind === 'foundational' && t.role !== null) out.push({ path: ['role'], message: 'the foundational track has no role; set it to null' });
  }
  if (kind === 'exercise') out.push(...exerciseRules(value as Exercise));
  return out;
}

function exerciseRules(e: Exercise): Problem[] {
  const out: Problem[] = [];
  const inputIds = new Set<string>();
  e.inputs.forEach((input, i) => {
    if (inputIds.has(input.id)) out.push({ path: ['inputs', i, 'id'], message: `duplicate input id "${input.id}"` });
    inputIds.add(input.id);
  });
  const checkIds = new Set<string>();
  e.checks.forEach((check, i) => {
    if (checkIds.has(check.id)) out.push({ path: ['checks', i, 'id'], message: `duplicate check id "${check.id}" in this exercise` });
    checkIds.add(check.id);
    for (const [field, text] of inputFields(check)) {
      for (const m of text.matchAll(/\$\{input:([^}]*)\}/g)) {
        if (!inputIds.has(m[1] as string)) out.push({ path: ['checks', i, ...field], message: `\${input:${m[1]}} is not declared in "inputs"; add it there` });
      }
    }
    if (check.kind === 'command' && check.outputPattern !== undefined) out.push(...regex(check.outputPattern, ['checks', i, 'outputPattern']));
    if (check.kind === 'probe' && check.evaluator.type === 'streaming' && check.server === undefined) {
      out.push({ path: ['checks', i, 'server'], message: 'the streaming evaluator talks to the learner\'s endpoint; add "server": { "command", "url" }' });
    }
    if (check.kind === 'diff') out.push(...regex(check.pattern, ['checks', i, 'pattern']));
    if ((check.kind === 'files' || check.kind === 'diff') && check.glob !== undefined) {
      try {
        globToRegExp(check.glob);
      } catch (err) {
        out.push({ path: ['checks', i, 'glob'], message: (err as Error).message });
      }
    }
  });
  e.acceptance.forEach((item, i) => {
    if (typeof item !== 'object' || !('checks' in item)) return;
    item.checks.forEach((id, j) => {
      if (!checkIds.has(id)) out.push({ path: ['acceptance', i, 'checks', j], message: `no check with id "${id}" in this exercise; use one of ${[...checkIds].join(', ')}` });
    });
  });
  return out;
}

/** Catalog patterns run on the linear-time engine (safeRegex); one it cannot compile is named here. */
function regex(pattern: string, path: Path): Problem[] {
  const problem = patternProblem(pattern);
  return problem ? [{ path, message: problem }] : [];
}

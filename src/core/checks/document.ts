import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DocumentCheck } from '../catalog/schema';
import type { CheckEnvironment } from './environment';
import { substituteInputs, type Verdict } from './kinds';
import { repoReader } from './probe/checkout';
import { formatFigures } from './probe/figures';
import type { FailingCase } from './result';
import type { CheckedExercise } from './runner';

/** Markdown sections by normalised heading: the body text under each heading, up to the next heading of the same or a higher level. */
export function markdownSections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let fence = false;
  const stack: Array<{ key: string; level: number; body: string[] }> = [];
  const close = (level: number) => {
    while (stack.length > 0 && (stack[stack.length - 1] as { level: number }).level >= level) {
      const s = stack.pop() as { key: string; body: string[] };
      if (!out.has(s.key)) out.set(s.key, s.body.join('\n'));
    }
  };
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = fence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) {
      close((m[1] as string).length);
      stack.push({ key: normHeading(m[2] as string), level: (m[1] as string).length, body: [] });
    } else for (const s of stack) s.body.push(line);
  }
  close(0);
  return out;
}

export const normHeading = (h: string): string => h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The section for `heading`: exactly that heading, or one that starts with it ("Results (v2)"). */
function findSection(sections: Map<string, string>, heading: string): string | undefined {
  const want = normHeading(heading);
  if (sections.has(want)) return sections.get(want);
  for (const [k, v] of sections) if (k.startsWith(`${want} `)) return v;
  return undefined;
}

const words = (t: string): string[] => t.replace(/<!--[\s\S]*?-->/g, ' ').toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
const numbers = (t: string): string[] => t.replace(/<!--[\s\S]*?-->/g, ' ').replace(/^\s*\d+[.)]\s/gm, ' ').match(/(?<![\p{L}\d.])\d+(?:[.,]\d+)?\s*%?/gu)?.map((n) => n.replace(/\s+/g, '')) ?? [];

/** Items of `mine` left after taking away each item of `theirs` once (multiset difference). */
function minus(mine: string[], theirs: string[]): string[] {
  const left = new Map<string, number>();
  for (const w of theirs) left.set(w, (left.get(w) ?? 0) + 1);
  return mine.filter((w) => {
    const n = left.get(w) ?? 0;
    if (n === 0) return true;
    left.set(w, n - 1);
    return false;
  });
}

const placeholder = /\b(TODO|TBD|FIXME|lorem ipsum)\b|\[(?:fill|write|add|your)[^\]]*\]/i;

/** Why one section does not count, or undefined when it does. */
export function sectionProblem(mine: string | undefined, template: string | undefined, want: DocumentCheck['sections'][number]): string | undefined {
  if (mine === undefined) return `no "${want.heading}" heading; add it (any level, e.g. "## ${want.heading}")`;
  const own = minus(words(mine), words(template ?? ''));
  const distinct = new Set(own).size;
  if (own.length < want.minWords || distinct < Math.ceil(want.minWords / 2)) {
    return `${own.length} word(s) of your own${template !== undefined ? ' beyond the template' : ''}; write at least ${want.minWords}`;
  }
  const p = placeholder.exec(mine);
  if (p) return `still holds the placeholder "${p[0]}"; replace it with what you found`;
  const figures = minus(numbers(mine), numbers(template ?? '')).length;
  if (figures < want.figures) return `${figures} figure(s); give at least ${want.figures} measured numbers (e.g. 0.73, 412 ms, 95%)`;
  return undefined;
}

/**
 * A markdown file at the checked commit has each named section filled with the learner's own words
 * (words that are not the template's placeholder text, counted as a multiset so copying the
 * template or shuffling it adds nothing) and the figures a section asks for.
 */
export async function documentCheck(check: DocumentCheck, exercise: CheckedExercise, env: CheckEnvironment): Promise<Verdict> {
  const { command: file, missing } = substituteInputs(check.path, env.answers);
  if (missing.length > 0) return { status: 'skipped', message: `Needs your answer to "${exercise.inputs.find((i) => i.id === missing[0])?.prompt ?? missing[0]}" before it can run.` };
  const reader = await repoReader(env);
  const text = await reader.read(file);
  if (text === undefined) return { status: 'fail', message: `${file} is not ${reader.commit ? `committed on the branch (at ${reader.commit.slice(0, 7)})` : 'in the repository'} yet; write it${check.template ? ` starting from the template ${check.template}` : ''}.` };
  let template: Map<string, string> | undefined;
  if (check.template !== undefined && exercise.location) {
    const t = await fs.readFile(path.join(exercise.location.dir, check.template), 'utf8').catch(() => undefined);
    if (t !== undefined) template = markdownSections(t);
  }
  const sections = markdownSections(text);
  const failing: FailingCase[] = [];
  for (const want of check.sections) {
    const problem = sectionProblem(findSection(sections, want.heading), template && findSection(template, want.heading), want);
    if (problem) failing.push({ id: want.heading, reason: problem });
  }
  const done = check.sections.length - failing.length;
  const metrics = { sectionsComplete: done };
  const targets = { sectionsComplete: { op: '>=' as const, value: check.sections.length } };
  const first = failing[0];
  return {
    status: failing.length === 0 ? 'pass' : 'fail',
    message: `${formatFigures(metrics, targets)} in ${file}.${first ? ` "${first.id}": ${first.reason}.` : ''}`,
    metrics,
    targets,
    ...(failing.length > 0 ? { failingCases: failing } : {}),
  };
}

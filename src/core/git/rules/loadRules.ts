import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { LIMITS } from '../../limits';
import { readTextBounded } from '../../store/boundedRead';
import { gitTry } from '../gitProcess';
import { builtinRules, builtinRulesVersion } from './builtinRules';
import { compileRules, type CompiledRules } from './compileRules';
import { RuleSetSchema, TeamRulesFileSchema, type RuleSet } from './ruleSchema';

/** Where a team keeps its additions, relative to the repository root. */
export const teamRulesPath = '.practicum/ai-rules.json';

/** The rules a scan runs with. */
export interface LoadedRules {
  compiled: CompiledRules;
  /** `2026.12-1`, or `2026.12-1+team.<hash>` when the team file added rules. */
  version: string;
  /** Why the team file was ignored (the built-in rules still apply), naming the field to fix. */
  problems: string[];
}

let builtins: RuleSet | undefined;

/** The built-in rules, validated by the same schema as a team's file. */
export function builtinRuleSet(): RuleSet {
  return (builtins ??= RuleSetSchema.parse(builtinRules));
}

function merge(a: RuleSet, b: RuleSet): RuleSet {
  return {
    identities: [...a.identities, ...b.identities],
    bots: [...new Set([...a.bots, ...b.bots])],
    trailers: [...a.trailers, ...b.trailers],
    messages: [...a.messages, ...b.messages],
    sdks: [...a.sdks, ...b.sdks],
    files: [...a.files, ...b.files],
  };
}

/** The team file's text (from HEAD in a bare repository), undefined when there is none. */
async function readTeamFile(root: string, bare: boolean, gitPath?: string): Promise<string | undefined> {
  if (bare) return gitTry({ cwd: root, ...(gitPath ? { gitPath } : {}) }, ['show', `HEAD:${teamRulesPath}`]);
  try {
    return await readTextBounded(path.join(root, teamRulesPath), LIMITS.rulesFileBytes, 'a team rules file');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Parses a team rules file. Returns the rules, or the problems that make it unusable, each naming
 * the field (`sdks.0.python.1: a module or package name…`).
 */
export function parseTeamRules(text: string): { rules?: RuleSet; problems: string[] } {
  const where = teamRulesPath;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { problems: [`${where} is not valid JSON (${(e as Error).message}); fix the syntax. The built-in rules still apply.`] };
  }
  const parsed = TeamRulesFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((i) => `${where}: field ${i.path.join('.') || '(root)'}: ${i.message}. Fix that field; the built-in rules still apply.`);
    return { problems };
  }
  const { $schema: _s, version: _v, ...rules } = parsed.data;
  return { rules, problems: [] };
}

/**
 * The built-in rules plus the team's `.practicum/ai-rules.json` when `team` is true (the editor
 * passes false for untrusted workspaces: a repository's own regexes never run there).
 */
export async function loadRules(root: string, opts: { bare: boolean; team: boolean; gitPath?: string }): Promise<LoadedRules> {
  const base = builtinRuleSet();
  let text: string | undefined;
  try {
    text = opts.team ? await readTeamFile(root, opts.bare, opts.gitPath) : undefined;
  } catch (e) {
    const problems = [`${teamRulesPath} could not be read (${(e as Error).message}); the built-in rules still apply.`];
    return { compiled: compileRules(base), version: builtinRulesVersion, problems };
  }
  if (text === undefined) return { compiled: compileRules(base), version: builtinRulesVersion, problems: [] };
  const { rules, problems } = parseTeamRules(text);
  if (!rules) return { compiled: compileRules(base), version: builtinRulesVersion, problems };
  const hash = createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 8);
  return { compiled: compileRules(merge(base, rules)), version: `${builtinRulesVersion}+team.${hash}`, problems };
}

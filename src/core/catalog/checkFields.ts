import type { Check } from './schema';

type Path = Array<string | number>;

/** The fields of a check that may hold `${input:<id>}`, with their paths (for validation and for asking answers up front). */
export function inputFields(check: Check): Array<[Path, string]> {
  switch (check.kind) {
    case 'command':
      return [[['command'], check.command]];
    case 'probe': {
      const out: Array<[Path, string]> = [[['command'], check.command]];
      if (check.learnerCases !== undefined) out.push([['learnerCases'], check.learnerCases]);
      if (check.server) out.push([['server', 'command'], check.server.command]);
      if (check.evaluator.type === 'jsonSchema') out.push([['evaluator', 'schema'], check.evaluator.schema]);
      return out;
    }
    case 'document':
      return [[['path'], check.path]];
    default:
      return [];
  }
}

/** The shell commands a check runs (templates with `${input:<id>}`): what trust and approval guard. */
export function commandTemplates(check: Check): string[] {
  if (check.kind === 'command') return [check.command];
  if (check.kind === 'probe') return check.server ? [check.command, check.server.command] : [check.command];
  return [];
}

import type { SdkRule } from './ruleSchema';
import { compilePattern, type Pattern } from '../../safeRegex';

/** Which import syntax a file uses, from its name. */
export type SourceKind = 'python' | 'js' | 'go' | 'java' | 'npm' | 'pypi' | 'gomod';

const extKinds: Record<string, SourceKind> = {
  py: 'python', pyi: 'python', ipynb: 'python',
  js: 'js', jsx: 'js', mjs: 'js', cjs: 'js', ts: 'js', tsx: 'js', mts: 'js', cts: 'js', vue: 'js', svelte: 'js', astro: 'js',
  go: 'go',
  java: 'java', kt: 'java', kts: 'java', scala: 'java', groovy: 'java',
};

/** The kind of a repository path, or undefined for files the building rules never read. */
export function sourceKind(path: string): SourceKind | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'package.json') return 'npm';
  if (base === 'go.mod') return 'gomod';
  if (base === 'pyproject.toml' || base === 'Pipfile' || /^requirements.*\.(txt|in)$/.test(base)) return 'pypi';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? extKinds[base.slice(dot + 1).toLowerCase()] : undefined;
}

/**
 * A gitattributes file for the scan's `git log -p`: every file is `-diff` (git prints "Binary files
 * differ" without reading or diffing it) except the source files and manifests the SDK rules read.
 * Vendored and minified code never counts. This is what keeps the cold scan cheaper than a plain
 * `git log -p`: git does no diff work for documents, data, lockfiles or images.
 */
export function diffAttributes(): string {
  const keep = [...Object.keys(extKinds).map((e) => `*.${e}`), 'package.json', 'go.mod', 'pyproject.toml', 'Pipfile', 'requirements*.txt', 'requirements*.in'];
  const drop = ['*.min.js', '**/node_modules/**', '**/vendor/**', '**/site-packages/**'];
  return ['* -diff', ...keep.map((k) => `${k} !diff`), ...drop.map((d) => `${d} -diff`)].join('\n') + '\n';
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A name with an optional trailing `*` as a regex fragment; `rest` is what `*` may stand for. */
function name(n: string, rest: string): string {
  return n.endsWith('*') ? esc(n.slice(0, -1)) + rest : esc(n);
}

function pypiName(n: string): string {
  // PyPI names compare with -, _ and . as the same character, case-insensitively.
  const base = n.endsWith('*') ? n.slice(0, -1) : n;
  return base.split(/[-_.]/).map(esc).join('[-_.]') + (n.endsWith('*') ? '[\\w.-]*' : '');
}

/** One SDK's compiled matchers for added lines, per source kind. */
export interface SdkMatcher {
  id: string;
  byKind: Partial<Record<SourceKind, RegExp>>;
  /** Raw patterns, tried on every source file (not manifests) whose line holds one of `keywords`. */
  any?: { re: Pattern; keywords: string[] };
}

/**
 * A cheap test every matching line passes, so the regexes only run on the few import lines among
 * the added lines (Go import blocks list bare quoted paths, hence the quote).
 */
export const lineGates: Record<SourceKind, (line: string) => boolean> = {
  python: (l) => l.includes('import'),
  js: (l) => l.includes('from') || l.includes('require') || l.includes('import'),
  go: (l) => l.includes('"'),
  java: (l) => l.includes('import'),
  npm: (l) => l.includes('"'),
  pypi: () => true,
  gomod: () => true,
};

function alt(parts: string[]): string {
  return parts.length === 1 ? (parts[0] as string) : `(?:${parts.join('|')})`;
}

/**
 * Builds the regexes that recognise an SDK's imports and dependency lines. The per-kind templates
 * are ours (names are restricted and escaped) and keep native RegExp for their lookaheads; a rule's
 * raw `patterns` are outside input and run on the linear-time engine.
 */
export function compileSdk(rule: SdkRule): SdkMatcher {
  const byKind: Partial<Record<SourceKind, RegExp>> = {};
  if (rule.python.length) {
    const mod = alt(rule.python.map((m) => name(m, '\\w*')));
    // `from x import`, `import x`, `import a, x as y`; ipynb cells are JSON strings, hence the optional quote.
    byKind.python = new RegExp(`^\\s*"?(?:from\\s+${mod}(?!\\w)|import\\s+(?:[\\w.]+(?:\\s+as\\s+\\w+)?\\s*,\\s*)*${mod}(?!\\w))`);
  }
  if (rule.js.length) {
    const pkg = alt(rule.js.map((p) => (p.endsWith('*') ? name(p, `[^'"\`/]*`) : esc(p))));
    byKind.js = new RegExp(`(?:\\bfrom\\s*|\\brequire\\s*\\(\\s*|\\bimport\\s*\\(?\\s*)['"\`]${pkg}(?:/[^'"\`]*)?['"\`]`);
    byKind.npm = new RegExp(`^\\s*"${pkg}"\\s*:`);
  }
  if (rule.go.length) {
    const path = alt(rule.go.map((p) => name(p, '[^"/\\s]*')));
    byKind.go = new RegExp(`^\\s*(?:import\\s+)?(?:[\\w.]+\\s+)?"${path}(?:/[^"]*)?"`);
    byKind.gomod = new RegExp(`^\\s*(?:require\\s+)?${path}(?:/\\S*)?\\s+v\\d`);
  }
  if (rule.java.length) {
    const pkg = alt(rule.java.map((p) => name(p, '\\w*')));
    byKind.java = new RegExp(`^\\s*import\\s+(?:static\\s+)?${pkg}(?![\\w])`);
  }
  if (rule.pypi.length) {
    const dist = alt(rule.pypi.map(pypiName));
    byKind.pypi = new RegExp(`^\\s*["']?${dist}(?:\\[[^\\]]*\\])?\\s*(?:[=<>!~;@,"']|$)`, 'i');
  }
  const any = rule.patterns.length ? { re: compilePattern(alt(rule.patterns.map((p) => `(?:${p.regex})`))), keywords: rule.patterns.map((p) => p.keyword) } : undefined;
  return { id: rule.id, byKind, ...(any ? { any } : {}) };
}

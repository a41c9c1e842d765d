import { createHash } from 'node:crypto';
import { parseIdent, parseTrailers } from '../trailers';
import { globToRegExp } from '../../glob';
import { compilePattern, type Pattern } from '../../safeRegex';
import type { FileRule, IdentityRule, RuleSet } from './ruleSchema';
import { aiTrailerValue, type AiValueMatch } from './aiTrailerValue';
import { modelEndpoint } from './modelEndpoints';
import { compileSdk, lineGates, sourceKind, type SdkMatcher, type SourceKind } from './sdkPatterns';

/** The parts of a commit the assisted rules read (raw, not mailmapped: a mailmap could hide "(aider)"). */
export interface CommitIdentity {
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  message: string;
}

/** What the message rules found: signals that count, and signals only worth showing beside them. */
export interface AssistedMatch {
  assisted: string[];
  informational: string[];
}

interface IdentityMatcher {
  id: string;
  emails: Set<string>;
  emailPatterns: Pattern[];
  namePatterns: Pattern[];
  committerCounts: boolean;
}

/** Rules ready to run: built once per scan. */
export interface CompiledRules {
  /** Hash of the effective rules; a cache made with other rules is stale. */
  fingerprint: string;
  /** Signals from the commit's people, trailers and message. */
  assisted(c: CommitIdentity): AssistedMatch;
  /**
   * Tests a line of `path` (added or removed) against the SDK and endpoint rules for its kind; undefined when no rule reads
   * such files. Returns `sdk:<id>` / `dep:<id>` signal stems for the line.
   */
  addedLineMatcher(path: string): AddedLineMatcher | undefined;
  /** The file rule an added path matches, if any. */
  fileRuleFor(path: string): string | undefined;
}

/** See CompiledRules.addedLineMatcher. */
export type AddedLineMatcher = (line: string) => string[] | undefined;

const botEmail = /^(?:\d+\+)?([a-z0-9-]+)\[bot\]@users\.noreply\.github\.com$/;
const botName = /^([a-z0-9-]+)\[bot\]$/;

function identityMatcher(r: IdentityRule): IdentityMatcher {
  return {
    id: r.id,
    emails: new Set(r.emails.map((e) => e.toLowerCase())),
    emailPatterns: r.emailPatterns.map((p) => compilePattern(p, 'i')),
    namePatterns: r.namePatterns.map((p) => compilePattern(p, 'i')),
    committerCounts: r.committerOnly === 'assisted',
  };
}

function matches(m: IdentityMatcher, name: string, email: string): boolean {
  const e = email.toLowerCase();
  return m.emails.has(e) || m.emailPatterns.some((p) => p.test(e)) || m.namePatterns.some((p) => p.test(name));
}

/** The GitHub App account behind an identity (`claude` for `claude[bot]`), if it is one. */
function botAccount(name: string, email: string): string | undefined {
  return botEmail.exec(email.toLowerCase())?.[1] ?? botName.exec(name.trim().toLowerCase())?.[1];
}

function shortValue(v: string): string {
  const s = v.replace(/<[^>]*>/g, '').replace(/[()]/g, '').replace(/\s+/g, ' ').trim();
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}

/** Compiles a (validated) rule set into matchers. */
export function compileRules(rules: RuleSet): CompiledRules {
  const fingerprint = createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 16);
  const identities = rules.identities.map(identityMatcher);
  const bots = new Set(rules.bots);
  const trailers = rules.trailers.map((t) => ({ ...t, key: t.key.toLowerCase(), value: t.valuePattern ? compilePattern(t.valuePattern, 'i') : undefined }));
  // Team rules are outside input: every pattern and glob here runs on the linear-time engine (safeRegex).
  const messages = rules.messages.map((m) => ({ id: m.id, re: compilePattern(m.pattern, 'm') }));
  const sdks: SdkMatcher[] = rules.sdks.map(compileSdk);
  const files = rules.files.map((f: FileRule) => ({ id: f.id, res: f.globs.map(globToRegExp) }));
  const isAiEmail = (email: string) => {
    const e = email.toLowerCase();
    if (identities.some((m) => m.emails.has(e) || m.emailPatterns.some((p) => p.test(e)))) return true;
    const bot = botEmail.exec(e)?.[1];
    return bot !== undefined && bots.has(bot);
  };
  const lineMatchers = new Map<SourceKind, AddedLineMatcher | undefined>();

  function buildLineMatcher(kind: SourceKind): AddedLineMatcher | undefined {
    const manifest = kind === 'npm' || kind === 'pypi' || kind === 'gomod';
    const exact = sdks.flatMap((s) => (s.byKind[kind] ? [{ stem: `${manifest ? 'dep' : 'sdk'}:${s.id}`, re: s.byKind[kind] as RegExp }] : []));
    const raw = manifest ? [] : sdks.flatMap((s) => (s.any ? [{ stem: `sdk:${s.id}`, ...s.any }] : []));
    if (manifest && exact.length === 0) return undefined;
    const gate = lineGates[kind];
    return (line) => {
      let hits: string[] | undefined;
      if (gate(line)) for (const m of exact) if (m.re.test(line)) (hits ??= []).push(m.stem);
      for (const m of raw) if (m.keywords.some((k) => line.includes(k)) && m.re.test(line)) (hits ??= []).push(m.stem);
      const endpoint = manifest ? undefined : modelEndpoint(line, kind);
      if (endpoint) (hits ??= []).push(`http:${endpoint}`);
      return hits;
    };
  }

  return {
    fingerprint,
    fileRuleFor(path) {
      return files.find((f) => f.res.some((r) => r.test(path)))?.id;
    },
    addedLineMatcher(path) {
      const kind = sourceKind(path);
      if (!kind) return undefined;
      if (!lineMatchers.has(kind)) lineMatchers.set(kind, buildLineMatcher(kind));
      return lineMatchers.get(kind);
    },
    assisted(c) {
      const assisted: string[] = [];
      const informational: string[] = [];
      const parsed = parseTrailers(c.message);
      const people = parsed.filter((t) => t.key === 'co-authored-by').map((t) => parseIdent(t.value));
      for (const m of identities) {
        if (matches(m, c.authorName, c.authorEmail)) assisted.push(`author:${m.id}`);
        else if (matches(m, c.committerName, c.committerEmail)) (m.committerCounts ? assisted : informational).push(`committer:${m.id}`);
        if (people.some((p) => matches(m, p.name, p.email))) assisted.push(`co-author:${m.id}`);
      }
      const accounts = new Set<string>();
      for (const [name, email] of [[c.authorName, c.authorEmail], [c.committerName, c.committerEmail], ...people.map((p) => [p.name, p.email])] as Array<[string, string]>) {
        const a = botAccount(name, email);
        if (a && bots.has(a)) accounts.add(a);
      }
      for (const a of accounts) assisted.push(`bot:${a}`);
      for (const t of trailers) {
        let why: AiValueMatch | undefined;
        const hit = parsed.find((x) => x.key === t.key && (!t.value || t.value.test(x.value)) && (!t.aiValue || (why = aiTrailerValue(x.value, isAiEmail))));
        if (!hit) continue;
        const shown = [t.showValue && hit.value ? shortValue(hit.value) : '', why ? `${why.part} ${why.text}` : ''].filter(Boolean).join('; ');
        assisted.push(`trailer:${t.id}${shown ? `(${shown})` : ''}`);
      }
      for (const m of messages) if (m.re.test(c.message)) assisted.push(`message:${m.id}`);
      return { assisted, informational };
    },
  };
}

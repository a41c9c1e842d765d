import { z } from 'zod';
import { globToRegExp } from '../../glob';
import { patternProblem } from '../../safeRegex';

/** A rule id: becomes part of a signal (`co-author:<id>`), so short, lower-case, no spaces. */
const RuleId = z.string().regex(/^[a-z0-9][a-z0-9._+-]{0,39}$/, 'use 1-40 lower-case letters, digits, ".", "_", "+" or "-"').describe('Rule id, shown in signals such as co-author:<id>');

/**
 * A regular expression source in RE2 syntax (JavaScript's, without backreferences or lookaround: it
 * runs in linear time, see safeRegex); rejected, naming why, when it does not compile or is too long.
 */
const RegexSource = z
  .string()
  .min(1)
  .max(300)
  .superRefine((s, ctx) => {
    const problem = patternProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A module/package name as written in an import; a trailing `*` allows any continuation (`langchain*`, `@ai-sdk/*`). */
const ModuleName = z.string().regex(/^[A-Za-z0-9@][A-Za-z0-9@._/-]*\*?$/, 'a module or package name, optionally ending in *');

/** A glob over repository paths: `**` any folders, `*` any characters but `/`, `?` one character. */
const Glob = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s:!]/, 'a path glob such as **/prompts/**')
  .superRefine((g, ctx) => {
    try {
      globToRegExp(g);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });

/**
 * Who took part in a commit: matched against the author, the committer and every `Co-authored-by`
 * trailer by identity (exact email, an email pattern, or a tool's naming convention), never by a
 * substring of a person's name. Signals: `co-author:<id>`, `author:<id>`, `committer:<id>`.
 */
export const IdentityRuleSchema = z.object({
  id: RuleId,
  /** Exact emails, compared case-insensitively. */
  emails: z.array(z.string().min(3)).default([]).describe('Exact emails (case-insensitive)'),
  /** Email patterns (case-insensitive), e.g. GitHub's `<id>+Copilot@users.noreply.github.com`. */
  emailPatterns: z.array(RegexSource).default([]).describe('Regular expressions (RE2 syntax: no backreferences or lookaround) on the email (case-insensitive)'),
  /** Name patterns (case-insensitive) for a tool's own convention, e.g. aider's ` (aider)` suffix. */
  namePatterns: z.array(RegexSource).default([]).describe("A tool's naming convention (case-insensitive regex), never a person's name"),
  /**
   * Whether a match on the committer alone (the author did not match) makes the commit assisted.
   * `informational` records the signal on commits that are AI-related for other reasons only.
   */
  committerOnly: z.enum(['assisted', 'informational']).default('assisted').describe('Whether matching only the committer makes a commit assisted'),
});
export type IdentityRule = z.infer<typeof IdentityRuleSchema>;

/** A trailer in the final trailer block (key case-insensitive). Signal: `trailer:<id>`. */
export const TrailerRuleSchema = z.object({
  id: RuleId,
  key: z.string().regex(/^[A-Za-z0-9-]+$/, 'a trailer key such as Assisted-by').describe('Trailer key, compared case-insensitively'),
  /** The value must match (case-insensitive); any value when absent. */
  valuePattern: RegexSource.optional().describe('Regex the value must match (case-insensitive); any value when absent'),
  /**
   * The value must name an AI agent or model (an AI identity's email, the kernel's
   * `AGENT:MODEL [TOOL…]` form, a model id, or only known agent/model words): `Name <human@email>`
   * or a bare person's name does not count. The signal then says which part matched.
   */
  aiValue: z.boolean().default(false).describe('The value must name an AI agent or model, not a person'),
  /** Append the (shortened) value to the signal: `trailer:assisted-by(Claude)`. */
  showValue: z.boolean().default(false).describe('Append the shortened value to the signal'),
});
export type TrailerRule = z.infer<typeof TrailerRuleSchema>;

/** A line anywhere in the message (e.g. `Generated with [Claude Code]`). Signal: `message:<id>`. */
export const MessageRuleSchema = z.object({
  id: RuleId,
  pattern: RegexSource.describe('Regex tested on every line of the commit message'),
});
export type MessageRule = z.infer<typeof MessageRuleSchema>;

/** A raw pattern on added source lines; `keyword` is a literal every match contains (git filters on it). */
export const SdkPatternSchema = z.object({
  keyword: z.string().min(3).max(80),
  regex: RegexSource,
});

/**
 * An LLM, embedding or vector-store SDK, found on ADDED lines only. Signals: `sdk:<id>(+path)` for
 * imports in source files, `dep:<id>(+path)` for dependency manifests.
 */
export const SdkRuleSchema = z.object({
  id: RuleId,
  /** Python import roots (`openai`, `google.genai`, `langchain*`). */
  python: z.array(ModuleName).default([]).describe('Python import roots, e.g. openai, google.genai, langchain*'),
  /** npm packages as imported or required (`openai`, `@ai-sdk/*`); also matched in package.json. */
  js: z.array(ModuleName).default([]).describe('npm packages as imported, e.g. openai, @ai-sdk/*; also read in package.json'),
  /** Go import paths (prefix match on path segments); also matched in go.mod. */
  go: z.array(ModuleName).default([]).describe('Go import paths; also read in go.mod'),
  /** Java/Kotlin package prefixes (`com.openai`). */
  java: z.array(ModuleName).default([]).describe('Java/Kotlin package prefixes, e.g. com.openai'),
  /** PyPI distribution names, matched in requirements files, pyproject.toml and Pipfile. */
  pypi: z.array(ModuleName).default([]).describe('PyPI names, read in requirements files, pyproject.toml and Pipfile'),
  /** Other telltale lines in any source file (e.g. `boto3.client("bedrock-runtime")`). */
  patterns: z.array(SdkPatternSchema).default([]).describe('Other telltale lines in any source file'),
});
export type SdkRule = z.infer<typeof SdkRuleSchema>;

/** A commit that ADDS a file matching one of the globs. Signal: `file:<id>(+path)`. */
export const FileRuleSchema = z.object({
  id: RuleId,
  globs: z.array(Glob).min(1).describe('Paths whose addition counts, e.g. **/prompts/**'),
});
export type FileRule = z.infer<typeof FileRuleSchema>;

/** A complete rule set (the built-ins, or a team's additions). */
export const RuleSetSchema = z
  .object({
    /** Rules for commits written with an AI tool. */
    identities: z.array(IdentityRuleSchema).default([]).describe('AI co-authors, authors and committers (assisted)'),
    /** GitHub App accounts of AI agents, without `[bot]`. Signal: `bot:<account>`. */
    bots: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/, 'a GitHub App account such as claude (without [bot])'))
      .default([])
      .describe('GitHub App accounts of AI agents, without [bot] (assisted)'),
    trailers: z.array(TrailerRuleSchema).default([]).describe('Trailers in the final trailer block (assisted)'),
    messages: z.array(MessageRuleSchema).default([]).describe('Lines in the commit message (assisted)'),
    /** Rules for commits that build AI into the product. */
    sdks: z.array(SdkRuleSchema).default([]).describe('SDKs on added lines (building)'),
    files: z.array(FileRuleSchema).default([]).describe('Added files (building)'),
  })
  .strict();
export type RuleSet = z.infer<typeof RuleSetSchema>;
export type RuleSetInput = z.input<typeof RuleSetSchema>;

/** `.practicum/ai-rules.json`: a team's additions to the built-in rules. */
export const TeamRulesFileSchema = RuleSetSchema.extend({
  $schema: z.string().optional(),
  /** Format version of this file. */
  version: z.literal(1).describe('Format version of this file'),
}).strict();
export type TeamRulesFile = z.infer<typeof TeamRulesFileSchema>;

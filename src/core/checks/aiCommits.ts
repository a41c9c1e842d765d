import type { AiCommit } from '../git/scanSchema';
import { parseAddedLines } from './diffParse';
import { git } from './git';

/**
 * Finds the AI-related commits in `base..head`. The `aiCommit` check depends only on this
 * signature, so the repository-wide scanner (`scanRepository` in `src/core/git/scan.ts`) can
 * replace `branchAiCommits` without touching the checks.
 */
export type AiCommitClassifier = (repoDir: string, range: { base: string; head: string }) => Promise<AiCommit[]>;

/** Co-author and author addresses of AI coding tools; matched as whole identities, never as name substrings. */
const aiEmails: Array<[RegExp, string]> = [
  [/^noreply@anthropic\.com$/i, 'claude'],
  [/^cursoragent@cursor\.com$/i, 'cursor'],
  [/^openhands@all-hands\.dev$/i, 'openhands'],
  [/^aider@aider\.chat$/i, 'aider'],
  [/^(?:\d+\+)?copilot@users\.noreply\.github\.com$/i, 'copilot'],
  [/^(?:\d+\+)?copilot-swe-agent\[bot\]@users\.noreply\.github\.com$/i, 'copilot'],
  [/^(?:\d+\+)?claude\[bot\]@users\.noreply\.github\.com$/i, 'claude'],
  [/^(?:\d+\+)?devin-ai-integration\[bot\]@users\.noreply\.github\.com$/i, 'devin'],
  [/^(?:\d+\+)?gemini-code-assist\[bot\]@users\.noreply\.github\.com$/i, 'gemini'],
  [/^(?:\d+\+)?chatgpt-codex-connector\[bot\]@users\.noreply\.github\.com$/i, 'codex'],
  [/^(?:\d+\+)?cursor\[bot\]@users\.noreply\.github\.com$/i, 'cursor'],
];

const toolTrailers = ['assisted-by', 'generated-by', 'made-with'];

/** Imports of LLM, embedding and vector-store SDKs in added lines. */
const sdkPatterns: Array<[RegExp, string]> = [
  [/\b(?:from|import)\s+(openai|anthropic|langchain\w*|llama_index|cohere|mistralai|google\.generativeai|google\.genai|vertexai|sentence_transformers|chromadb|pinecone|qdrant_client|weaviate|litellm|instructor|dspy)\b/, '$1'],
  [/(?:require\(\s*|from\s+|import\s+)['"](openai|@anthropic-ai\/sdk|@google\/genai|@google\/generative-ai|@ai-sdk\/[\w-]+|langchain|@langchain\/[\w-]+|llamaindex|@pinecone-database\/pinecone|chromadb|@qdrant\/js-client-rest|cohere-ai|@mistralai\/mistralai)['"]/, '$1'],
  [/github\.com\/(sashabaranov\/go-openai|openai\/openai-go|anthropics\/anthropic-sdk-go|tmc\/langchaingo)/, '$1'],
  [/\b(com\.openai|com\.anthropic|dev\.langchain4j|org\.springframework\.ai)\b/, '$1'],
];

/** Most commits a branch check classifies; exercise branches are small. */
const maxCommits = 500;

/**
 * A small stand-in for the repository scanner, limited to an exercise branch: "assisted" from AI
 * co-author trailers (read the way git reads trailers), AI bot authors, `(aider)` author names and
 * tool trailers; "building" from added lines that import an LLM, embedding or vector-store SDK.
 */
export const branchAiCommits: AiCommitClassifier = async (repoDir, { base, head }) => {
  // One git call for every commit's identity, trailers, message and added lines: this runs on every save.
  const format = '%x1e' + ['%H', '%an', '%ae', '%aI', '%(trailers:only,unfold)', '%B'].join('%x1f') + '%x1f';
  const log = await git(repoDir, [
    '-c', 'core.quotePath=false', 'log', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/',
    '-p', '-U0', `-n${maxCommits}`, `--format=${format}`, `${base}..${head}`,
  ]);
  const out: AiCommit[] = [];
  for (const record of log.split('\x1e')) {
    const [hash, authorName, authorEmail, authoredAt, trailers, body, ...patch] = record.split('\x1f');
    if (!hash || authorName === undefined || authorEmail === undefined || authoredAt === undefined) continue;
    const assisted = assistedSignals(authorName, authorEmail, trailers ?? '', body ?? '');
    const building = buildingSignals(patch.join('\x1f'));
    if (assisted.length > 0 || building.length > 0) {
      out.push({ hash, authorName, authorEmail, authoredAt, assisted: assisted.length > 0, building: building.length > 0, signals: [...assisted, ...building] });
    }
  }
  return out;
};

function toolFor(email: string): string | undefined {
  return aiEmails.find(([re]) => re.test(email.trim()))?.[1];
}

function assistedSignals(authorName: string, authorEmail: string, trailers: string, body: string): string[] {
  const signals = new Set<string>();
  const authorTool = toolFor(authorEmail);
  if (authorTool) signals.add(`author:${authorTool}`);
  if (/\(aider\)$/i.test(authorName.trim())) signals.add('author:aider');
  for (const line of trailers.split('\n')) {
    const m = /^([\w-]+):\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const key = (m[1] as string).toLowerCase();
    const value = m[2] as string;
    if (key === 'co-authored-by') {
      const email = /<([^>]+)>/.exec(value)?.[1];
      const tool = email ? toolFor(email) : undefined;
      if (tool) signals.add(`co-author:${tool}`);
    } else if (toolTrailers.includes(key)) signals.add(`trailer:${key}`);
  }
  if (/Generated with \[?Claude Code\]?/.test(body)) signals.add('message:claude-code');
  return [...signals];
}

function buildingSignals(patch: string): string[] {
  const signals = new Set<string>();
  for (const { text } of parseAddedLines(patch)) {
    for (const [re, name] of sdkPatterns) {
      const m = re.exec(text);
      if (m) signals.add(`sdk:${name.replace('$1', m[1] ?? '')}`);
    }
  }
  return [...signals];
}

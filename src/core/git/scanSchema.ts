import { z } from 'zod';

/** One AI-related commit in `practicum scan --json` (binding CLI contract `practicum.scan/v1`). */
export const AiCommitSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{40}$/),
  authorName: z.string(),
  authorEmail: z.string(),
  /** Author time, ISO 8601. */
  authoredAt: z.string(),
  assisted: z.boolean(),
  building: z.boolean(),
  /** Rule and what matched, e.g. `co-author:claude`, `sdk:openai(+src/rag.py)`. */
  signals: z.array(z.string()),
});
export type AiCommit = z.infer<typeof AiCommitSchema>;

/** Per-author totals in a scan. */
export const ScanAuthorSchema = z.object({
  email: z.string(),
  name: z.string(),
  commits: z.number().int().nonnegative(),
  aiCommits: z.number().int().nonnegative(),
  firstAiCommitAt: z.string().nullable(),
});
export type ScanAuthor = z.infer<typeof ScanAuthorSchema>;

/** The whole `practicum scan --json` output. */
export const ScanResultSchema = z.object({
  schema: z.literal('practicum.scan/v1'),
  repo: z.string(),
  /** The scanned commit; null in a repository without commits. */
  head: z.string().regex(/^[0-9a-f]{40,64}$/).nullable(),
  rulesVersion: z.string(),
  totalCommits: z.number().int().nonnegative(),
  aiCommits: z.array(AiCommitSchema),
  authors: z.array(ScanAuthorSchema),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;

import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { readJsonStrict, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import type { Store, TokenRecord } from './store';

/** A cohort name as the export setting allows it, or `*` (a lead token for every cohort). */
export const CohortNameSchema = z.string().min(1).max(100);

export const TokenRecordSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the token, hex'),
  cohort: CohortNameSchema,
  role: z.enum(['ingest', 'lead']),
  label: z.string().max(200).nullable().default(null),
  createdAt: z.string(),
});

/** `--tokens FILE`: token hashes kept outside the database (e.g. by configuration management). */
export const TokensFileSchema = z.object({
  schema: z.literal('practicum.server-tokens/v1'),
  tokens: z.array(TokenRecordSchema),
});
export type TokensFile = z.infer<typeof TokensFileSchema>;

/** A new bearer token: 32 random bytes, base64url, with a recognisable prefix. */
export function newToken(): string {
  return `pcm_${randomBytes(32).toString('base64url')}`;
}

/** What is kept at rest: the token's SHA-256 (the token has 256 random bits, so no salt or slow hash is needed). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function readTokensFile(file: string): Promise<TokensFile> {
  return readJsonStrict(file, TokensFileSchema);
}

/** Adds a token hash to a tokens file (created when missing), under the file's lock. */
export async function addToTokensFile(file: string, t: TokenRecord): Promise<void> {
  await withFileLock(`${file}.lock`, async () => {
    let doc: TokensFile = { schema: 'practicum.server-tokens/v1', tokens: [] };
    try {
      doc = await readTokensFile(file);
    } catch (e) {
      if (!/file not found/.test((e as Error).message)) throw e;
    }
    doc.tokens.push(t);
    await writeJsonAtomic(file, doc);
  });
}

/** Looks a presented token up in the database, then in the tokens file's records. */
export async function findToken(store: Store, fileTokens: readonly TokenRecord[], token: string): Promise<TokenRecord | null> {
  const hash = tokenHash(token);
  return (await store.token(hash)) ?? fileTokens.find((t) => t.hash === hash) ?? null;
}

/** The bearer token of an `Authorization` header, if it has one. */
export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/** `schemas/server-tokens.schema.json`, for a tokens file written by configuration management. */
export function serverTokensJsonSchemaText(): string {
  const { $schema, ...rest } = z.toJSONSchema(TokensFileSchema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  return JSON.stringify({ $schema, title: 'Practicum server tokens file (token hashes)', ...rest }, null, 2) + '\n';
}

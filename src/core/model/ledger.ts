import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SurfaceSchema } from './faults';

/** One line of the ledger: one request the local model server received. */
export const LedgerEntrySchema = z.object({
  at: z.string().describe('ISO time the request arrived'),
  startedMs: z.number().describe('epoch ms the request arrived'),
  endedMs: z.number().describe('epoch ms the response ended (or the connection closed)'),
  surface: SurfaceSchema,
  model: z.string(),
  stream: z.boolean(),
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  status: z.number().int().describe('HTTP status sent; 0 when the connection was reset before any'),
  fault: z.string().nullable().describe('fault types served, joined with "+", e.g. "status:429" or "slowFirstToken+cutStream"'),
  ttfbMs: z.number().nullable().describe('ms from arrival to the first body byte; null when none was sent'),
  clientClosed: z.boolean().describe('the client went away before the response was complete'),
  requestHash: z.string().describe('sha256 (hex) of the canonical request body (keys sorted)'),
  attempt: z.number().int().min(1).optional().describe('1-based count of requests with this requestHash so far'),
  tenant: z.string().nullable().optional().describe('X-Tenant header, if present'),
  conversationHash: z.string().optional().describe('chat requests in JSON mode: sha256 of the system prompt, first user message and JSON schema; equal across retries that append messages or switch model'),
  retryAfterSeconds: z.number().optional(),
  error: z.string().optional().describe('why the request was refused, for 4xx'),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** Reads a ledger file; a line that is not a valid entry throws naming its line number. A missing file is an empty ledger. */
export async function readLedger(path: string): Promise<LedgerEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: LedgerEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`${path}:${i + 1}: not JSON`);
    }
    const r = LedgerEntrySchema.safeParse(v);
    if (!r.success) throw new Error(`${path}:${i + 1}: not a ledger entry (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`);
    out.push(r.data);
  });
  return out;
}

/** Entries kept in memory (the file keeps them all). */
export const MEMORY_ENTRIES = 100_000;

/** Appends entries to a ledger file (synchronously, so a reader right after a response sees its line) and keeps the latest in memory. */
export class Ledger {
  readonly entries: LedgerEntry[] = [];
  constructor(
    readonly path: string | undefined,
    private readonly onEntry?: (e: LedgerEntry) => void,
  ) {}
  add(e: LedgerEntry): void {
    this.entries.push(e);
    if (this.entries.length > MEMORY_ENTRIES) this.entries.splice(0, this.entries.length - MEMORY_ENTRIES);
    if (this.path) appendFileSync(this.path, JSON.stringify(e) + '\n');
    this.onEntry?.(e);
  }
}

import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { OUTBOX_PATHS, type OutboxTx } from './outbox';

/**
 * The batch being delivered, pinned on disk (`state/pending.json`): the same events under the same
 * Idempotency-Key on every retry, after a restart, and from whichever process sends it next, so a
 * receiver that honours the key (or deduplicates event ids) counts each event once. While a process
 * is sending it, `lease` names that process; a lease past `expiresAt` is free to take.
 */
export const PendingBatchSchema = z.object({
  schema: z.literal('practicum.outbox-pending/v1'),
  key: z.uuid(),
  format: z.enum(['json', 'otlp']),
  createdAt: z.iso.datetime(),
  ids: z.array(z.string()).min(1),
  /** Outbox files the events were read from (where they are removed after a 2xx). */
  files: z.array(z.string()),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  lease: z.object({ owner: z.string(), expiresAt: z.number() }).nullable().default(null),
});
export type PendingBatch = z.infer<typeof PendingBatchSchema>;

function pendingPath(tx: OutboxTx): string {
  return tx.outbox.path(OUTBOX_PATHS.state, 'pending.json');
}

export async function readPending(tx: OutboxTx): Promise<PendingBatch | undefined> {
  const r = await readJsonValidated(pendingPath(tx), PendingBatchSchema, { lockDir: tx.outbox.path(OUTBOX_PATHS.lock) });
  return r.status === 'ok' ? r.value : undefined;
}

export async function writePending(tx: OutboxTx, p: PendingBatch): Promise<void> {
  await writeJsonAtomic(pendingPath(tx), p);
}

/** Removes the pinned batch; with `key`, only if it is still that batch. */
export async function clearPending(tx: OutboxTx, key?: string): Promise<void> {
  if (key !== undefined && (await readPending(tx))?.key !== key) return;
  await fs.rm(pendingPath(tx), { force: true });
}

/** True when a process other than `owner` is sending this batch right now. */
export function leasedByOther(p: PendingBatch | undefined, owner: string | undefined, now: number): boolean {
  return !!p?.lease && p.lease.owner !== owner && p.lease.expiresAt > now;
}

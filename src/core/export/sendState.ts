import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { OUTBOX_PATHS, type OutboxTx } from './outbox';

/**
 * The batch being delivered, pinned on disk (`state/pending.json`): the same events under the same
 * Idempotency-Key on every retry, after a restart, and from whichever process sends it next, so a
 * receiver that honours the key (or deduplicates event ids) counts each event once.
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
});
export type PendingBatch = z.infer<typeof PendingBatchSchema>;

/** Who is sending right now (`state/lease.json`); a lease past `expiresAt` is free to take. */
const LeaseSchema = z.object({ owner: z.string(), expiresAt: z.number() });

function statePath(tx: OutboxTx, name: string): string {
  return tx.outbox.path(OUTBOX_PATHS.state, name);
}

export async function readPending(tx: OutboxTx): Promise<PendingBatch | undefined> {
  const r = await readJsonValidated(statePath(tx, 'pending.json'), PendingBatchSchema);
  return r.status === 'ok' ? r.value : undefined;
}

export async function writePending(tx: OutboxTx, p: PendingBatch): Promise<void> {
  await writeJsonAtomic(statePath(tx, 'pending.json'), p);
}

export async function clearPending(tx: OutboxTx): Promise<void> {
  await fs.rm(statePath(tx, 'pending.json'), { force: true });
}

/** Takes the send lease for `owner` unless another live owner holds it. */
export async function acquireLease(tx: OutboxTx, owner: string, ttlMs: number): Promise<boolean> {
  const now = tx.outbox.clock.now();
  const r = await readJsonValidated(statePath(tx, 'lease.json'), LeaseSchema);
  if (r.status === 'ok' && r.value.owner !== owner && r.value.expiresAt > now) return false;
  await writeJsonAtomic(statePath(tx, 'lease.json'), { owner, expiresAt: now + ttlMs });
  return true;
}

export async function releaseLease(tx: OutboxTx, owner: string): Promise<void> {
  const r = await readJsonValidated(statePath(tx, 'lease.json'), LeaseSchema);
  if (r.status === 'ok' && r.value.owner === owner) await fs.rm(statePath(tx, 'lease.json'), { force: true });
}

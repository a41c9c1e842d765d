import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { readJsonValidated, writeFileAtomic, writeJsonAtomic } from '../store/atomicFile';
import type { HttpResponse } from './http';
import { OUTBOX_PATHS, type Outbox, type OutboxTx, type StoredLine } from './outbox';

/** Why the endpoint refused a batch, kept beside its events in `rejected/<name>.response.json`. */
export const RejectedResponseSchema = z.object({
  schema: z.literal('practicum.outbox-rejected/v1'),
  key: z.string(),
  rejectedAt: z.iso.datetime(),
  endpoint: z.string(),
  status: z.number().int(),
  contentType: z.string().nullable(),
  /** Where a redirect (3xx) pointed; redirects are not followed. Absent in records of older versions. */
  location: z.string().nullable().optional(),
  body: z.string(),
  events: z.number().int().nonnegative(),
});
export type RejectedResponse = z.infer<typeof RejectedResponseSchema>;

/** One rejected batch: its events file (same line format as the outbox) and the response. */
export interface RejectedBatch {
  name: string;
  events: number;
  response: RejectedResponse | undefined;
}

const BODY_LIMIT = 16 * 1024;

/** Moves a refused batch out of the outbox into `rejected/`, with the response that refused it. */
export async function rejectBatch(tx: OutboxTx, key: string, lines: readonly StoredLine[], res: HttpResponse, endpoint: string): Promise<string> {
  const now = tx.outbox.clock.now();
  const name = `${String(now).padStart(13, '0')}-${key}`;
  const dir = tx.outbox.path(OUTBOX_PATHS.rejected);
  await fs.mkdir(dir, { recursive: true });
  const response: RejectedResponse = {
    schema: 'practicum.outbox-rejected/v1',
    key,
    rejectedAt: new Date(now).toISOString(),
    endpoint,
    status: res.status,
    contentType: res.headers['content-type'] ?? null,
    location: res.headers['location'] ?? null,
    body: res.body.slice(0, BODY_LIMIT),
    events: lines.length,
  };
  // Events first: if we stop between the writes, the batch is in both places, never in neither.
  await writeFileAtomic(`${dir}/${name}.jsonl`, lines.map((l) => l.text + '\n').join(''));
  await writeJsonAtomic(`${dir}/${name}.response.json`, response);
  const ids = new Set(lines.flatMap((l) => (l.event ? [l.event.id] : [])));
  await tx.removeIds([...new Set(lines.map((l) => l.file))], ids);
  return name;
}

/** Rejected batches, oldest first. */
export function listRejected(outbox: Outbox): Promise<RejectedBatch[]> {
  return outbox.transaction(async (tx) => {
    const dir = tx.outbox.path(OUTBOX_PATHS.rejected);
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl')).sort();
    const out: RejectedBatch[] = [];
    for (const file of names) {
      const name = file.slice(0, -'.jsonl'.length);
      const text = await fs.readFile(`${dir}/${file}`, 'utf8').catch(() => '');
      const r = await readJsonValidated(`${dir}/${name}.response.json`, RejectedResponseSchema);
      out.push({ name, events: text.split('\n').filter((l) => l.trim()).length, response: r.status === 'ok' ? r.value : undefined });
    }
    return out;
  });
}

/**
 * Puts rejected batches (all, or the one named) back into the outbox after the cause was fixed; they
 * are sent again with the next flush. Returns how many events were restored.
 */
export function retryRejected(outbox: Outbox, name?: string): Promise<number> {
  return outbox.transaction(async (tx) => {
    const dir = tx.outbox.path(OUTBOX_PATHS.rejected);
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl') && (name === undefined || n === `${name}.jsonl`));
    let restored = 0;
    for (const file of names) {
      const base = file.slice(0, -'.jsonl'.length);
      const text = await fs.readFile(`${dir}/${file}`, 'utf8');
      restored += text.split('\n').filter((l) => l.trim()).length;
      await fs.rename(`${dir}/${file}`, tx.outbox.path(`${base}-retry.jsonl`));
      await fs.rm(`${dir}/${base}.response.json`, { force: true });
    }
    return restored;
  });
}

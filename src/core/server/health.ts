import { z } from 'zod';

/**
 * What `GET /healthz` answers; the extension recognises a Practicum server by `service`. Kept apart
 * from the server so the editor can import it without the database drivers.
 */
export const HealthSchema = z.object({
  service: z.literal('practicum-server'),
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  store: z.enum(['sqlite', 'postgres']),
  schemaVersion: z.number().int(),
});
export type Health = z.infer<typeof HealthSchema>;

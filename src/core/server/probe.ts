import { z } from 'zod';
import { HealthSchema, type Health } from './health';

/** What `GET /v1/token` tells a token's holder: which cohort and role it has. */
export const TokenInfoSchema = z.object({ cohort: z.string(), role: z.enum(['ingest', 'lead']) });
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

/** The server's base URL for an export endpoint (`…/v1/events` or `…/v1/logs` → the origin and prefix before it). */
export function serverBase(endpoint: URL): URL {
  const base = new URL(endpoint.toString());
  base.pathname = base.pathname.replace(/\/v1\/(?:events|logs)\/?$/, '/').replace(/\/?$/, '/');
  base.search = '';
  base.hash = '';
  return base;
}

/** Asks `<base>/healthz`; the answer when it is a Practicum server, else null (never throws). */
export async function probeHealth(base: URL, timeoutMs = 3000): Promise<Health | null> {
  try {
    const res = await fetch(new URL('healthz', base), { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) return null;
    const parsed = HealthSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The cohort and role of `token` on the server, or why it was refused. */
export async function tokenInfo(base: URL, token: string, timeoutMs = 5000): Promise<TokenInfo | { problem: string }> {
  try {
    const res = await fetch(new URL('v1/token', base), { headers: { authorization: `Bearer ${token}` }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 401) return { problem: 'the server does not know this token; ask its operator for one (practicum serve token add)' };
    if (res.status !== 200) return { problem: `the server answered HTTP ${res.status}` };
    const parsed = TokenInfoSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : { problem: 'the server did not answer with a token description' };
  } catch (e) {
    return { problem: `the server could not be reached (${(e as Error).name})` };
  }
}

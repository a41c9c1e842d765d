import { randomUUID } from 'node:crypto';
import { PracticumError } from '../errors';
import { displayEndpoint, resolveEndpoint } from '../export/endpoint';

/**
 * POSTs the stats document to the team endpoint with the export's transport rules: https unless
 * loopback, bearer token when set, an Idempotency-Key, 30 s timeout. A non-2xx answer or a network
 * failure is an error naming the cause and the fix.
 */
export async function postJson(url: string, body: unknown, opts: { token?: string; timeoutMs?: number } = {}): Promise<{ status: number }> {
  const u = resolveEndpoint(url, 'json');
  let res: Response;
  try {
    res = await fetch(u, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new PracticumError('network', `Could not reach ${displayEndpoint(u)} (${cause}). Check the endpoint URL and that the server is up, then retry.`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status > 299) {
    const hint = res.status === 401 || res.status === 403 ? 'check the token' : 'check the endpoint';
    throw new PracticumError('network', `${displayEndpoint(u)} answered HTTP ${res.status}; nothing was accepted. ${hint[0]?.toUpperCase()}${hint.slice(1)}, then retry.`);
  }
  return { status: res.status };
}

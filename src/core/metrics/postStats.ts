import { randomUUID } from 'node:crypto';
import { PracticumError } from '../errors';
import { checkToken, displayEndpoint, resolveEndpoint } from '../export/endpoint';
import { NodeHttpClient, redirectRefusal, TransportError, type HttpClient, type HttpResponse } from '../export/http';

/**
 * POSTs the stats document to the team endpoint with the export's transport rules: https unless
 * loopback, bearer token when set, an Idempotency-Key, 30 s timeout, and the same client as the
 * outbox, so a redirect is refused, never followed (member emails must not go to another host).
 * A non-2xx answer or a network failure is an error naming the cause and the fix.
 */
export async function postJson(url: string, body: unknown, opts: { token?: string; timeoutMs?: number; http?: HttpClient } = {}): Promise<{ status: number }> {
  const u = resolveEndpoint(url, 'json');
  if (opts.token) checkToken(opts.token, 'The endpoint token');
  const own = opts.http ? undefined : new NodeHttpClient();
  let res: HttpResponse;
  try {
    res = await (opts.http ?? (own as NodeHttpClient)).post({
      url: u,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: JSON.stringify(body),
      timeoutMs: opts.timeoutMs ?? 30_000,
    });
  } catch (e) {
    if (!(e instanceof TransportError)) throw e;
    throw new PracticumError('network', `Could not reach ${displayEndpoint(u)} (${e.code}). Check the endpoint URL and that the server is up, then retry.`);
  } finally {
    own?.dispose();
  }
  const redirect = redirectRefusal(res, 'redirects are never followed, so nothing went there. Post to that URL instead if you trust it.');
  if (redirect) throw new PracticumError('network', `${displayEndpoint(u)} answered ${redirect}`);
  if (res.status < 200 || res.status > 299) {
    const hint = res.status === 401 || res.status === 403 ? 'check the token' : 'check the endpoint';
    throw new PracticumError('network', `${displayEndpoint(u)} answered HTTP ${res.status}; nothing was accepted. ${hint[0]?.toUpperCase()}${hint.slice(1)}, then retry.`);
  }
  return { status: res.status };
}

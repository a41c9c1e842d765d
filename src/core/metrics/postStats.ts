import { PracticumError } from '../errors';

/** Refuses plain http except to this machine: stats name members, so they travel encrypted. */
export function checkEndpoint(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PracticumError('usage', `"${url}" is not a URL. Give the endpoint as https://host/path.`);
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) {
    throw new PracticumError('usage', `${url}: the endpoint must use https (plain http is allowed only for localhost).`);
  }
  return u;
}

/** POSTs a JSON document (30 s timeout); a non-2xx answer or a network failure is an error naming the cause. */
export async function postJson(url: string, body: unknown, opts: { token?: string; timeoutMs?: number } = {}): Promise<{ status: number }> {
  const u = checkEndpoint(url);
  let res: Response;
  try {
    res = await fetch(u, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new PracticumError('network', `Could not reach ${u.origin} (${cause}). Check the endpoint URL and that the server is up, then retry.`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status > 299) {
    throw new PracticumError('network', `${u.origin} answered HTTP ${res.status}; nothing was accepted. Check the endpoint and token, then retry.`);
  }
  return { status: res.status };
}

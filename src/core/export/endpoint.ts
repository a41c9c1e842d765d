import { PracticumError } from '../errors';
import type { ExportFormat } from './batch';

/** True for hosts that never leave the machine, where plain http is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * Checks and resolves the configured endpoint: http(s) only, https unless loopback, no credentials in
 * the URL (the token belongs in secret storage). For OTLP, a collector base URL gains `/v1/logs`.
 */
export function resolveEndpoint(raw: string, format: ExportFormat): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new PracticumError('usage', `The export endpoint "${raw}" is not a URL. Set a full URL such as https://metrics.example.com/practicum.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PracticumError('usage', `The export endpoint must be an https URL (got ${url.protocol}). Use https://…`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new PracticumError('usage', `The export endpoint ${url.origin} uses plain http; only localhost may. Use https://${url.host}${url.pathname}.`);
  }
  if (url.username || url.password) {
    throw new PracticumError('usage', 'The export endpoint must not contain a user name or password; set the token with "Practicum: Set Export Token" (or --token-env) instead.');
  }
  url.hash = '';
  if (format === 'otlp' && !url.pathname.endsWith('/v1/logs')) url.pathname = url.pathname.replace(/\/+$/, '') + '/v1/logs';
  return url;
}

/** The endpoint for display and logs: without query string, which may carry a key. */
export function displayEndpoint(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}

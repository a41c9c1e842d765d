import { PracticumError } from '../errors';
import type { ExportFormat } from './batch';

/**
 * True for hosts that never leave the machine, where plain http is acceptable: exactly `localhost`,
 * 127.0.0.0/8 and ::1. Not `*.localhost`: Node resolves those names through DNS like any other.
 * (The WHATWG URL parser has already normalised `127.1` or `0x7f.1` to dotted-quad form.)
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const quad = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return !!quad && quad.slice(1).every((n) => Number(n) <= 255);
}

/**
 * Why a bearer token cannot be sent, or undefined when it can: a token is one line of printable
 * text. A CR or LF would end the header (Node refuses to send it), so it is bad usage, never a
 * network error to retry.
 */
export function tokenProblem(token: string): string | undefined {
  if (/[\r\n]/.test(token)) return 'contains a line break (CR or LF)';
  if (/[^\t\x20-\x7e\x80-\xff]/.test(token)) return 'contains a control character or a character that cannot be sent in an HTTP header';
  return undefined;
}

/** Throws a `usage` error when `token` cannot be sent; `what` names where it came from. */
export function checkToken(token: string, what: string): void {
  const problem = tokenProblem(token);
  if (problem) throw new PracticumError('usage', `${what} ${problem}; a token is one line of printable text. Set it again without it.`);
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

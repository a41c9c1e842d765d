import { PracticumError } from '../errors';

/** The port `practicum model serve` uses when none is given (next to Ollama's 11434). */
export const DEFAULT_MODEL_PORT = 11435;
/** The placeholder key SDKs need to be set; the local server accepts any key. */
export const PLACEHOLDER_API_KEY = 'practicum-local-key';

/** A model server base URL without a trailing slash or /v1, or a usage error naming the problem. */
export function normalizeModelUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PracticumError('usage', `"${url}" is not a URL; give the server's base URL, e.g. http://127.0.0.1:${DEFAULT_MODEL_PORT}.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PracticumError('usage', `"${url}" must start with http:// or https://.`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`;
}

/**
 * The environment variables SDKs read to reach the local server: the OpenAI and Anthropic base URLs
 * and placeholder keys, OLLAMA_HOST, and PRACTICUM_MODEL_URL.
 */
export function modelEnv(url: string): Record<string, string> {
  const base = normalizeModelUrl(url);
  return {
    OPENAI_BASE_URL: `${base}/v1`,
    OPENAI_API_KEY: PLACEHOLDER_API_KEY,
    ANTHROPIC_BASE_URL: base,
    ANTHROPIC_API_KEY: PLACEHOLDER_API_KEY,
    OLLAMA_HOST: base,
    PRACTICUM_MODEL_URL: base,
  };
}

export type EnvShell = 'bash' | 'powershell' | 'dotenv';

/** The variables as lines for a shell to evaluate, or a .env file. */
export function formatEnv(vars: Record<string, string>, shell: EnvShell): string {
  const lines = Object.entries(vars).map(([k, v]) => {
    if (shell === 'powershell') return `$env:${k} = "${v.replace(/[`"$]/g, '`$&')}"`;
    if (shell === 'dotenv') return `${k}=${v}`;
    return `export ${k}='${v.replace(/'/g, `'\\''`)}'`;
  });
  return lines.join('\n') + '\n';
}

import * as vscode from 'vscode';
import type { Logger } from '../core/log';

/** The one "Practicum" output channel, adapted to the core's Logger interface. */
export function createLog(): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel('Practicum', { log: true });
  const fmt = (m: string, a: unknown[]) => (a.length ? `${m} ${a.map((x) => (x instanceof Error ? x.stack ?? x.message : typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}` : m);
  const logger: Logger = {
    error: (m, ...a) => channel.error(fmt(m, a)),
    warn: (m, ...a) => channel.warn(fmt(m, a)),
    info: (m, ...a) => channel.info(fmt(m, a)),
    debug: (m, ...a) => channel.debug(fmt(m, a)),
  };
  return { channel, logger };
}

import * as path from 'node:path';
import type { FaultScript } from '../../model/faults';
import type { LedgerEntry } from '../../model/ledger';
import { modelEnv } from '../../model/env';
import { startModelServer } from '../../model/server';

/** `local`: the deterministic local provider, started per run; `env`: the learner's own provider from their environment. */
export type ProviderMode = 'local' | 'env';

/** The provider a probe run talks to. */
export interface ProbeProvider {
  /** Variables the learner's command gets (empty for `env`: their own environment passes through). */
  env: Record<string, string>;
  /** Requests so far (undefined with the learner's own provider: nothing to read). */
  entries(): LedgerEntry[] | undefined;
  close(): Promise<void>;
}

/** Starts the local provider with `faults` and a fresh ledger file in `ledgerDir`, or passes the environment through. */
export async function startProbeProvider(mode: ProviderMode, faults: FaultScript | undefined, ledgerDir: string, name: string): Promise<ProbeProvider> {
  if (mode === 'env') return { env: {}, entries: () => undefined, close: async () => undefined };
  const server = await startModelServer({ port: 0, faults, ledgerPath: path.join(ledgerDir, `${name}.ledger.jsonl`) });
  return { env: modelEnv(server.url), entries: () => server.entries(), close: () => server.close() };
}

/** Ledger entries of requests that arrived within [fromMs, toMs]. */
export function entriesBetween(entries: readonly LedgerEntry[] | undefined, fromMs: number, toMs: number): LedgerEntry[] | undefined {
  return entries?.filter((e) => e.startedMs >= fromMs - 5 && e.startedMs <= toMs + 5);
}

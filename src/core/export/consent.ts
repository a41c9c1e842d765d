import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic } from '../store/atomicFile';
import { withFileLock } from '../store/fileLock';
import type { ExportFormat } from './batch';
import { EVENT_TYPES } from './events';

/** What the user agreed to: this endpoint, this format, these event types (a change asks again). */
export const ConsentSchema = z.object({
  endpoint: z.string(),
  format: z.enum(['json', 'otlp']),
  types: z.array(z.string()),
  acceptedAt: z.iso.datetime(),
  /** The Idempotency-Key of the batch the user saw in the preview when agreeing. */
  previewKey: z.string().nullable(),
  /** Whether commit hashes and messages were part of what was agreed to. */
  commitDetails: z.boolean().default(false),
});
export type Consent = z.infer<typeof ConsentSchema>;

/** Export choices shared by every window (`export/state.json` in global storage). */
export const ExportStateSchema = z.object({
  schema: z.literal('practicum.export-state/v1'),
  consent: ConsentSchema.nullable(),
  paused: z.boolean(),
});
export type ExportState = z.infer<typeof ExportStateSchema>;

export const EMPTY_STATE: ExportState = { schema: 'practicum.export-state/v1', consent: null, paused: false };

/** Why sending is not allowed right now. */
export type GateReason = 'no-endpoint' | 'bad-endpoint' | 'untrusted' | 'telemetry-off' | 'no-consent' | 'consent-outdated' | 'paused';

/** Whether this window may send, and if not, a sentence saying why and what would change it. */
export type Gate = { allowed: true } | { allowed: false; reason: GateReason; message: string };

export interface GateInput {
  /** The endpoint as configured ('' when unset). */
  endpoint: string;
  /** Why the endpoint is unusable (http to a remote host, not a URL…), if it is. */
  endpointProblem?: string;
  format: ExportFormat;
  state: ExportState;
  /** `vscode.env.isTelemetryEnabled`: the product's privacy floor. */
  telemetryEnabled: boolean;
  workspaceTrusted: boolean;
  /** The team's opt-in to commit hashes and messages; turning it on needs fresh consent. */
  includeCommitDetails?: boolean;
}

/**
 * The single rule deciding whether events leave the machine. Order matters: the first unmet
 * condition is the one the user is told about.
 */
export function sendGate(i: GateInput): Gate {
  const no = (reason: GateReason, message: string): Gate => ({ allowed: false, reason, message });
  if (!i.endpoint) return no('no-endpoint', 'No team endpoint is configured (setting practicum.export.endpoint), so nothing is sent.');
  if (i.endpointProblem) return no('bad-endpoint', i.endpointProblem);
  if (!i.workspaceTrusted) return no('untrusted', 'This workspace is not trusted, so Practicum does not send events from it. Trust the workspace to allow sending.');
  if (!i.telemetryEnabled) {
    return no('telemetry-off', 'VS Code telemetry is turned off (telemetry.telemetryLevel), and Practicum treats that as a request to send nothing. Events stay in the local outbox.');
  }
  const c = i.state.consent;
  if (!c) return no('no-consent', 'You have not agreed to share events yet. Review what would be sent and accept to start.');
  if (c.endpoint !== i.endpoint || c.format !== i.format || EVENT_TYPES.some((t) => !c.types.includes(t)) || (i.includeCommitDetails && !c.commitDetails)) {
    return no('consent-outdated', 'The endpoint, format or what is sent changed since you agreed. Review and accept again to resume sending.');
  }
  if (i.state.paused) return no('paused', 'Sending is paused. Resume to send queued events.');
  return { allowed: true };
}

/** Reads and writes the shared export state; a corrupt file is set aside and treated as "no consent". */
export class ExportStateStore {
  constructor(readonly file: string) {}

  async load(): Promise<ExportState> {
    const r = await readJsonValidated(this.file, ExportStateSchema);
    return r.status === 'ok' ? r.value : EMPTY_STATE;
  }

  /** Read-modify-write under a lock, so two windows toggling at once do not undo each other. */
  async update(fn: (s: ExportState) => ExportState): Promise<ExportState> {
    await mkdir(dirname(this.file), { recursive: true });
    return withFileLock(`${this.file}.lock`, async () => {
      const next = fn(await this.load());
      await writeJsonAtomic(this.file, next);
      return next;
    });
  }
}

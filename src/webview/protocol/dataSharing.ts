import { z } from 'zod';

/** One event type as the consent view lists it. */
export interface EventTypeView {
  type: string;
  description: string;
  /** Field names of its data (never values). */
  fields: string[];
  queued: number;
}

/** The next batch exactly as it will be sent (token masked). */
export interface PreviewView {
  key: string | null;
  url: string;
  headers: Record<string, string>;
  /** The exact body; only `sentAt` is set again when it is sent. */
  body: string;
  bytes: number;
  events: number;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

/** Everything the Data Sharing view shows. */
export interface DataSharingState {
  endpoint: string | null;
  format: 'json' | 'otlp';
  /** Why the endpoint cannot be used, if it cannot. */
  endpointProblem: string | null;
  sending: { allowed: true } | { allowed: false; reason: string; message: string };
  consent: { acceptedAt: string; current: boolean } | null;
  paused: boolean;
  tokenSet: boolean;
  learnerIdKey: 'repository' | 'team';
  /** The first characters of this learner's pseudonym, to recognise it. */
  learnerHint: string | null;
  cohort: string | null;
  types: EventTypeView[];
  queued: number;
  preview: PreviewView | null;
  rejected: { batches: number; events: number };
  quarantined: number;
  /** One line about the last send from this window. */
  lastResult: string | null;
}

/** Host → webview. */
export type HostMessage = { type: 'state'; state: DataSharingState };

/** Webview → host, validated on arrival (webview input is untrusted). */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** The preview with this key was put on screen. */
  z.object({ type: z.literal('rendered'), previewKey: z.string().nullable() }),
  /** The user accepted what they saw: this endpoint, this format, this batch. */
  z.object({ type: z.literal('accept'), endpoint: z.string(), format: z.enum(['json', 'otlp']), previewKey: z.string().nullable() }),
  z.object({ type: z.literal('revoke') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('flush') }),
  z.object({ type: z.literal('setToken') }),
  z.object({ type: z.literal('openSettings') }),
  z.object({ type: z.literal('showOutbox') }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

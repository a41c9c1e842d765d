import { z } from 'zod';
import { IdSchema } from '../catalog/schema';

/** What kind of editor activity produced a heartbeat. */
export const HeartbeatKindSchema = z.enum(['edit', 'save', 'select', 'open', 'focus', 'terminal', 'debug', 'task']);
export type HeartbeatKind = z.infer<typeof HeartbeatKindSchema>;

/**
 * One line of the heartbeat log (JSON lines, one heartbeat per line). Deliberately carries no file
 * name, path or content: only when, what kind, which exercise, which language and whether an AI
 * insertion burst was under way.
 */
export const HeartbeatSchema = z
  .object({
    /** ISO 8601 instant. */
    at: z.iso.datetime({ offset: true }),
    kind: HeartbeatKindSchema,
    /** Exercise in progress (its branch was checked out), or null. */
    exercise: IdSchema.nullable(),
    /** VS Code language id of the document, or null for terminal/debug/task activity. */
    language: z.string().regex(/^[A-Za-z0-9_.+#-]{1,64}$/).nullable(),
    /** An AI insertion burst was under way (see aiDetector.ts). */
    ai: z.boolean(),
  })
  .strict();
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

/**
 * One editor event as the tracker sees it. `source` is an opaque in-memory key for the document
 * (or a pseudo-source such as `terminal`), used only to throttle; it never reaches the log.
 */
export interface ActivityEvent {
  /** Milliseconds since the epoch. */
  at: number;
  kind: HeartbeatKind;
  source: string;
  language: string | null;
  exercise: string | null;
  /** The AI detector's verdict for this event (edits only). */
  ai: boolean;
}

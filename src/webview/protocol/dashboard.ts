import { z } from 'zod';
import { StatsResultSchema } from '../../core/metrics/statsSchema';

/** Messages the dashboard webview sends to the extension (validated: webview input is untrusted). */
export const DashboardInboundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('save'), format: z.enum(['json', 'csv']) }),
  z.object({ type: z.literal('post') }),
  z.object({ type: z.literal('chooseCohort') }),
  z.object({ type: z.literal('openReport') }),
]);
export type DashboardInbound = z.infer<typeof DashboardInboundSchema>;

/** Messages the extension sends to the dashboard webview. */
export const DashboardOutboundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stats'), cohortFile: z.string(), stats: StatsResultSchema }),
  z.object({ type: z.literal('busy'), message: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  z.object({ type: z.literal('notice'), message: z.string() }),
  /** The export endpoint is a Practicum server: its program report can be opened. */
  z.object({ type: z.literal('server'), reportUrl: z.string() }),
]);
export type DashboardOutbound = z.infer<typeof DashboardOutboundSchema>;

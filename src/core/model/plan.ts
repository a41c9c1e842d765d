import type { FaultMatch, NormalizedFaultScript, Surface } from './faults';

/** What the server knows about a request before answering it. */
export interface RequestInfo {
  surface: Surface;
  model: string;
  stream: boolean;
  requestHash: string;
  /** 1-based count of requests with this hash so far. */
  attempt: number;
  /** 1-based count of requests the server received. */
  requestNo: number;
  tenant: string | null;
}

export type Terminal = { kind: 'status'; status: number; retryAfterSeconds?: number; name: string } | { kind: 'reset' };

/** The faults that apply to one request, combined from every matching rule. */
export interface FaultPlan {
  terminal?: Terminal;
  slowFirstTokenMs: number;
  chunkDelayMs: number;
  cutAfterChunks?: number;
  /** JSON mode: the first n attempts of a conversation get invalid JSON (0: none). */
  invalidJsonAttempts: number;
  degraded: boolean;
  /** Fault names served so far (the answer adds invalidJson only when JSON mode was on). */
  names: string[];
}

function oneOf<T>(want: T | T[] | undefined, got: T): boolean {
  return want === undefined || (Array.isArray(want) ? want.includes(got) : want === got);
}

export function matches(m: FaultMatch | undefined, r: RequestInfo): boolean {
  if (!m) return true;
  return (
    oneOf(m.surface, r.surface) &&
    oneOf(m.model, r.model) &&
    (m.attempt === undefined || m.attempt === r.attempt) &&
    (m.attemptsUpTo === undefined || r.attempt <= m.attemptsUpTo) &&
    (m.fromRequest === undefined || r.requestNo >= m.fromRequest) &&
    (m.toRequest === undefined || r.requestNo <= m.toRequest) &&
    (m.tenant === undefined || m.tenant === r.tenant)
  );
}

/** Combines the model behaviours and every matching rule into one plan; the first terminal fault wins. */
export function planFaults(script: NormalizedFaultScript, r: RequestInfo): FaultPlan {
  const plan: FaultPlan = { slowFirstTokenMs: 0, chunkDelayMs: 0, invalidJsonAttempts: 0, degraded: false, names: [] };
  const behaviour = script.models?.[r.model];
  if (script.onlyModels && !script.onlyModels.includes(r.model) && !behaviour) {
    plan.terminal = { kind: 'status', status: 404, name: 'unavailableModel' };
  } else if (behaviour?.unavailable) {
    plan.terminal = { kind: 'status', status: behaviour.status ?? 404, retryAfterSeconds: behaviour.retryAfterSeconds, name: 'unavailableModel' };
  }
  if (behaviour?.degraded) plan.degraded = true;
  for (const rule of script.rules) {
    if (!matches(rule.match, r)) continue;
    const f = rule.fault;
    switch (f.type) {
      case 'status':
        plan.terminal ??= { kind: 'status', status: f.status, retryAfterSeconds: f.retryAfterSeconds, name: `status:${f.status}` };
        break;
      case 'reset':
        plan.terminal ??= { kind: 'reset' };
        break;
      case 'unavailableModel':
        plan.terminal ??= { kind: 'status', status: f.status ?? 404, name: 'unavailableModel' };
        break;
      case 'slowFirstToken':
        plan.slowFirstTokenMs = Math.max(plan.slowFirstTokenMs, f.ms);
        break;
      case 'slowStream':
        plan.chunkDelayMs = Math.max(plan.chunkDelayMs, f.chunkDelayMs);
        break;
      case 'cutStream':
        plan.cutAfterChunks = Math.min(plan.cutAfterChunks ?? Infinity, f.afterChunks);
        break;
      case 'invalidJson':
        plan.invalidJsonAttempts = Math.max(plan.invalidJsonAttempts, f.attempts);
        break;
      case 'degraded':
        plan.degraded = true;
        break;
    }
  }
  if (plan.terminal) plan.names.push(plan.terminal.kind === 'reset' ? 'reset' : plan.terminal.name);
  else {
    if (plan.slowFirstTokenMs) plan.names.push('slowFirstToken');
    if (plan.chunkDelayMs) plan.names.push('slowStream');
    if (plan.cutAfterChunks !== undefined) plan.names.push('cutStream');
    if (plan.degraded) plan.names.push('degraded');
  }
  return plan;
}

import type * as http from 'node:http';
import type { Ledger } from './ledger';
import type { FaultPlan, RequestInfo } from './plan';

/** A delay that does not keep the process alive once the server has closed. */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * One request/response: writes the answer with the planned faults (slow first token, delays between
 * chunks, cut streams, resets), notices when the client goes away, and writes the ledger line when
 * the response ends.
 */
export class Exchange {
  readonly startedMs = Date.now();
  status = 0;
  ttfbMs: number | null = null;
  promptTokens = 0;
  completionTokens = 0;
  retryAfterSeconds: number | undefined;
  conversationHash: string | undefined;
  /** Counts JSON-mode attempts of a conversation (set by the server). */
  countJsonAttempt: (key: string) => number = () => 1;
  error: string | undefined;
  private selfDestroyed = false;
  private logged = false;
  private closed = false;

  constructor(
    readonly req: http.IncomingMessage,
    readonly res: http.ServerResponse,
    readonly info: RequestInfo,
    readonly plan: FaultPlan,
    private readonly ledger: Ledger,
  ) {
    res.on('close', () => {
      this.closed = true;
      this.log(!res.writableFinished && !this.selfDestroyed);
    });
  }

  /** The client went away (or the connection was cut). */
  get gone(): boolean {
    return this.closed || this.res.destroyed;
  }

  private firstByte() {
    this.ttfbMs ??= Date.now() - this.startedMs;
  }

  /** Destroys the connection on purpose (reset, cut stream). */
  destroy(): void {
    this.selfDestroyed = true;
    this.req.socket.destroy();
  }

  /** A whole JSON response, delayed by a slow first token and cut half-way by cutStream. */
  async json(status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
    if (this.plan.slowFirstTokenMs && status < 400) await sleep(this.plan.slowFirstTokenMs);
    if (this.gone) return;
    const data = Buffer.from(JSON.stringify(body));
    this.status = status;
    this.res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(data.length), ...headers });
    this.firstByte();
    if (this.plan.cutAfterChunks !== undefined && status < 400) {
      this.res.write(data.subarray(0, Math.floor(data.length / 2)), () => this.destroy());
      return;
    }
    this.res.end(data);
  }

  /** A stream of pre-serialised events: headers at once, then the events with the planned delays and cut. */
  async stream(contentType: string, events: string[]): Promise<void> {
    this.status = 200;
    this.res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', connection: 'keep-alive' });
    this.res.flushHeaders();
    for (let i = 0; i < events.length; i++) {
      if (i === 0 && this.plan.slowFirstTokenMs) await sleep(this.plan.slowFirstTokenMs);
      else if (i > 0 && this.plan.chunkDelayMs) await sleep(this.plan.chunkDelayMs);
      if (this.gone) return;
      if (this.plan.cutAfterChunks !== undefined && i >= this.plan.cutAfterChunks) {
        await new Promise<void>((r) => this.res.write('', () => r()));
        return this.destroy();
      }
      this.firstByte();
      this.res.write(events[i]!);
    }
    this.res.end();
  }

  /** Writes the ledger line once. */
  log(clientClosed: boolean): void {
    if (this.logged) return;
    this.logged = true;
    const i = this.info;
    this.ledger.add({
      at: new Date(this.startedMs).toISOString(),
      startedMs: this.startedMs,
      endedMs: Date.now(),
      surface: i.surface,
      model: i.model,
      stream: i.stream,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      status: this.status,
      fault: this.plan.names.length ? this.plan.names.join('+') : null,
      ttfbMs: this.ttfbMs,
      clientClosed,
      requestHash: i.requestHash,
      attempt: i.attempt,
      tenant: i.tenant,
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.conversationHash !== undefined ? { conversationHash: this.conversationHash } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
    });
  }
}

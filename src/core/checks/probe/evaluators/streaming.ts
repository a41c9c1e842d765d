import type { LedgerEntry } from '../../../model/ledger';
import type { FailingCase } from '../../result';
import type { ProbeCase } from '../cases';
import { share } from '../figures';
import { post } from '../learnerServer';
import type { Judgement } from '../types';

/** The provider streams slowly so a proxy that buffers the whole answer is told apart from one that streams. */
export const streamingFaults = [{ fault: { type: 'slowStream' as const, chunkDelayMs: 40 } }];

/**
 * An answer this long reaches the client in several reads when it is passed on as it arrives; one
 * read (a "waiting" event) before the provider finished and the rest after is a buffered answer.
 */
const LONG_ANSWER_TOKENS = 20;
const MIN_EARLY_CHUNKS = 3;

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Streaming, judged against the provider's ledger: for each case the endpoint's first body byte must
 * arrive before the upstream stream has ended; then one request is closed after its first byte, and
 * the upstream request must end with the client gone (the server cancelled it) rather than run on.
 */
export async function judgeStreaming(url: string, cases: readonly ProbeCase[], entries: () => LedgerEntry[] | undefined, caseTimeoutMs: number): Promise<Judgement> {
  const failing: FailingCase[] = [];
  let early = 0;
  let streamedAny = false;
  for (const c of cases) {
    const x = await post(url, { id: c.id, input: c.input }, { timeoutMs: caseTimeoutMs });
    const upstream = (entries() ?? []).filter((e) => e.startedMs >= x.startedMs - 5 && e.startedMs <= x.endedMs);
    const streamed = upstream.find((e) => e.stream);
    if (streamed) streamedAny = true;
    const earlyChunks = streamed ? x.chunkMs.filter((t) => t < streamed.endedMs).length : 0;
    if (x.error || x.status !== 200) failing.push({ id: c.id, reason: x.error ?? `answered HTTP ${x.status}` });
    else if (upstream.length === 0) failing.push({ id: c.id, reason: 'answered without a request to the model provider' });
    else if (!streamed) failing.push({ id: c.id, reason: 'asked the provider without stream: true; stream from the provider and pass chunks on' });
    else if (x.firstByteMs === null || x.firstByteMs >= streamed.endedMs) {
      failing.push({ id: c.id, reason: `first byte reached the client ${x.firstByteMs === null ? 'never' : `${x.firstByteMs - streamed.endedMs} ms after`} the provider finished; flush each chunk as it arrives instead of buffering the answer` });
    } else if (streamed.completionTokens >= LONG_ANSWER_TOKENS && earlyChunks < MIN_EARLY_CHUNKS) {
      failing.push({ id: c.id, reason: `only ${earlyChunks} body chunk(s) reached the client before the provider finished its ${streamed.completionTokens}-token answer, the rest after it; pass each chunk on as it arrives (a first "waiting" event followed by the buffered answer is not streaming)` });
    } else early++;
  }
  let closed = 0;
  const first = cases[0];
  // Hanging up is only telling once the server streams from the provider at all (else it would wait out the case timeout).
  if (first && streamedAny) {
    const x = await post(url, { id: first.id, input: first.input }, { timeoutMs: caseTimeoutMs, abortAfterFirstByte: true });
    let upstream: LedgerEntry | undefined;
    const until = Date.now() + caseTimeoutMs;
    while (!upstream && Date.now() < until) {
      upstream = (entries() ?? []).find((e) => e.startedMs >= x.startedMs - 5 && e.stream);
      if (!upstream) await wait(50);
    }
    if (x.firstByteMs === null) failing.push({ id: `${first.id} (client closes)`, reason: x.error ?? 'sent no bytes before the client closed' });
    else if (!upstream) failing.push({ id: `${first.id} (client closes)`, reason: 'the upstream request never ended after the client went away' });
    else if (!upstream.clientClosed) failing.push({ id: `${first.id} (client closes)`, reason: 'the upstream request ran to the end after the client went away; abort it when the client disconnects' });
    else closed = 1;
  }
  const metrics = { earlyFirstByte: share(early, cases.length), upstreamClosed: closed };
  return { pass: cases.length > 0 && early === cases.length && closed === 1, metrics, targets: { earlyFirstByte: { op: '>=', value: 1 }, upstreamClosed: { op: '>=', value: 1 } }, failing };
}

/**
 * Latency of the endpoint: per case the time to a complete answer. With `requireModelCall`, a case
 * (unless its expect has upstream: false) must reach the provider: a canned answer is fast but not measured.
 */
export async function endpointTimes(url: string, cases: readonly ProbeCase[], caseTimeoutMs: number, entries: () => LedgerEntry[] | undefined, requireModelCall: boolean): Promise<{ times: number[]; failing: FailingCase[] }> {
  const times: number[] = [];
  const failing: FailingCase[] = [];
  for (const c of cases) {
    const x = await post(url, { id: c.id, input: c.input }, { timeoutMs: caseTimeoutMs });
    times.push(x.endedMs - x.startedMs);
    const ledger = entries();
    const asked = ledger?.some((e) => e.startedMs >= x.startedMs - 5 && e.startedMs <= x.endedMs);
    if (x.error || x.status !== 200) failing.push({ id: c.id, reason: x.error ?? `answered HTTP ${x.status}` });
    else if (requireModelCall && c.expect.upstream !== false && ledger !== undefined && !asked) failing.push({ id: c.id, reason: 'answered without a request to the model provider; call the model (OPENAI_BASE_URL, ANTHROPIC_BASE_URL or OLLAMA_HOST point at it)' });
  }
  return { times, failing };
}

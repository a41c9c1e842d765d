import { strict as assert } from 'node:assert';
import { BatchBuilder, DEFAULT_LIMITS, encodeBatch } from '../../../src/core/export/batch';
import { EMPTY_STATE, sendGate, type GateInput } from '../../../src/core/export/consent';
import { resolveEndpoint } from '../../../src/core/export/endpoint';
import { EVENT_TYPES, type EventEnvelope } from '../../../src/core/export/events';
import { classifyResponse, parseRetryAfter, retryDelay } from '../../../src/core/export/retryPolicy';
import { sessions } from './fixtures';

/** Survey events with long free text, about 4 KB each. */
function bulky(n: number): EventEnvelope[] {
  return sessions(n).map((e) => ({ ...e, type: 'survey.completed' as const, data: { module: 'rag', track: null, nps: 7, minutesTaken: 30, helped: 'x'.repeat(2000), didNotHelp: 'é'.repeat(1000) } }));
}

describe('export: batches, endpoints, retries, the gate', () => {
  it('a batch holds at most 100 events', () => {
    const b = new BatchBuilder('json');
    const results = sessions(101).map((e) => b.add(e));
    assert.equal(results.filter((r) => r === 'added').length, 100);
    assert.equal(results[100], 'full');
  });

  for (const format of ['json', 'otlp'] as const) {
    it(`a ${format} batch body never exceeds 256 KB, and its size is known exactly before encoding`, () => {
      const b = new BatchBuilder(format);
      for (const e of bulky(100)) if (b.add(e) !== 'added') break;
      assert.ok(b.events.length > 20 && b.events.length < 100, `${b.events.length} events`);
      const body = encodeBatch(b.events, format, new Date().toISOString());
      assert.equal(Buffer.byteLength(body), b.size);
      assert.ok(b.size <= DEFAULT_LIMITS.bytes);
      assert.ok(b.add(bulky(1)[0] as EventEnvelope) === 'full');
      JSON.parse(body);
    });
  }

  it('an event larger than a whole batch is reported as too large, not as full', () => {
    const b = new BatchBuilder('json', { events: 100, bytes: 1000 });
    assert.equal(b.add(bulky(1)[0] as EventEnvelope), 'too-large');
  });

  it('endpoints: https required except on loopback; no credentials; OTLP gets /v1/logs', () => {
    assert.equal(resolveEndpoint('https://m.example.com/in', 'json').href, 'https://m.example.com/in');
    assert.equal(resolveEndpoint('http://localhost:4318', 'otlp').href, 'http://localhost:4318/v1/logs');
    assert.equal(resolveEndpoint('http://127.0.0.1:4318/v1/logs', 'otlp').href, 'http://127.0.0.1:4318/v1/logs');
    assert.equal(resolveEndpoint('http://[::1]:9/x', 'json').hostname, '[::1]');
    assert.throws(() => resolveEndpoint('http://m.example.com/in', 'json'), /plain http; only localhost/);
    assert.throws(() => resolveEndpoint('http://localhost.evil.example/in', 'json'), /plain http/);
    assert.throws(() => resolveEndpoint('https://u:p@m.example.com/', 'json'), /must not contain a user name or password/);
    assert.throws(() => resolveEndpoint('ftp://m.example.com/', 'json'), /must be an https URL/);
    assert.throws(() => resolveEndpoint('metrics', 'json'), /is not a URL/);
  });

  it('responses: 2xx delivered whatever the body; 408/429/5xx retried; other statuses rejected', () => {
    const r = (status: number, headers: Record<string, string> = {}) => classifyResponse({ status, headers, body: 'nope' }, 0).kind;
    assert.deepEqual([200, 201, 202, 204, 299].map((s) => r(s)), ['sent', 'sent', 'sent', 'sent', 'sent']);
    assert.deepEqual([408, 429, 500, 502, 503, 504].map((s) => r(s)), Array(6).fill('retry'));
    assert.deepEqual([301, 400, 401, 403, 404, 413, 422].map((s) => r(s)), Array(7).fill('rejected'));
    const moved = classifyResponse({ status: 301, headers: { location: 'https://metrics.example.com/v2' }, body: '' }, 0);
    assert.deepEqual(moved, { kind: 'rejected', status: 301, reason: 'HTTP 301: the endpoint redirects to https://metrics.example.com/v2; set practicum.export.endpoint to that URL if you trust it' });
  });

  it('Retry-After: seconds or an HTTP date; honoured but within the 1-hour cap', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    const opts = { baseMs: 1000, capMs: 3_600_000, random: () => 0 };
    assert.equal(retryDelay(1, opts, 7000), 7000);
    assert.equal(retryDelay(1, opts, 5 * 3_600_000), 3_600_000);
  });

  it('Retry-After: the three HTTP-date forms are GMT whatever the time zone; other text is unreadable', () => {
    const now = Date.parse('1994-11-06T08:49:00Z');
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo'; // asctime names no zone; read as local time it would be 9 hours off
    try {
      for (const form of ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994']) {
        assert.equal(parseRetryAfter(form, now), 37_000, form);
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    for (const junk of ['1.5', '-1', '2 minutes', '1994-11-06', 'Sun, 06 Nov 1994']) assert.equal(parseRetryAfter(junk, now), undefined, junk);
  });

  it('Retry-After is the earliest retry: a shorter one does not cut the backoff', () => {
    const opts = { baseMs: 1000, capMs: 3_600_000, random: () => 1 };
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelay(a, opts, 0)), [1000, 2000, 4000, 8000]);
    assert.equal(retryDelay(4, opts, 30_000), 30_000);
  });

  it('backoff doubles with jitter in [½, 1] of the step and never passes an hour', () => {
    const lo = { baseMs: 1000, capMs: 3_600_000, random: () => 0 };
    const hi = { ...lo, random: () => 1 };
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelay(a, lo)), [500, 1000, 2000, 4000]);
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelay(a, hi)), [1000, 2000, 4000, 8000]);
    assert.equal(retryDelay(40, hi), 3_600_000);
    assert.ok(retryDelay(40, lo) >= 1_800_000);
  });

  it('the gate: nothing is sent without endpoint, trust, telemetry, current consent, or while paused', () => {
    const consent = { endpoint: 'https://m.example.com/in', format: 'json' as const, types: [...EVENT_TYPES], acceptedAt: '2026-03-01T00:00:00.000Z', previewKey: null, commitDetails: false };
    const ok: GateInput = { endpoint: consent.endpoint, format: 'json', state: { ...EMPTY_STATE, consent }, telemetryEnabled: true, workspaceTrusted: true };
    const reason = (i: GateInput) => {
      const g = sendGate(i);
      return g.allowed ? 'allowed' : g.reason;
    };
    assert.equal(reason(ok), 'allowed');
    assert.equal(reason({ ...ok, endpoint: '' }), 'no-endpoint');
    assert.equal(reason({ ...ok, endpointProblem: 'plain http' }), 'bad-endpoint');
    assert.equal(reason({ ...ok, workspaceTrusted: false }), 'untrusted');
    assert.equal(reason({ ...ok, telemetryEnabled: false }), 'telemetry-off');
    assert.equal(reason({ ...ok, state: EMPTY_STATE }), 'no-consent');
    assert.equal(reason({ ...ok, endpoint: 'https://other.example.com/in' }), 'consent-outdated');
    assert.equal(reason({ ...ok, format: 'otlp' }), 'consent-outdated');
    assert.equal(reason({ ...ok, state: { ...ok.state, consent: { ...consent, types: ['session'] } } }), 'consent-outdated');
    assert.equal(reason({ ...ok, state: { ...ok.state, paused: true } }), 'paused');
    assert.equal(reason({ ...ok, includeCommitDetails: true }), 'consent-outdated', 'commit details need fresh consent');
    assert.equal(reason({ ...ok, includeCommitDetails: true, state: { ...ok.state, consent: { ...consent, commitDetails: true } } }), 'allowed');
    const off = sendGate({ ...ok, telemetryEnabled: false });
    assert.match(off.allowed ? '' : off.message, /telemetry is turned off/);
  });
});

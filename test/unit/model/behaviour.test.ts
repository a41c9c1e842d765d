import { strict as assert } from 'node:assert';
import { cosine, embed } from '../../../src/core/model/embeddings';
import { fillSchema } from '../../../src/core/model/jsonFill';
import { questionAndContext } from '../../../src/core/model/passages';
import { respond } from '../../../src/core/model/respond';
import { startModelServer } from '../../../src/core/model/server';
import { contentTerms, termsPresent } from '../../../src/core/model/text';
import { countTokens } from '../../../src/core/model/tokens';
import { ASK } from './fixtures';

describe('model server: deterministic behaviour', () => {
  it('counts tokens by the documented rule: ceil(letters-and-digits run / 4), 1 per other character', () => {
    assert.equal(countTokens(''), 0);
    assert.equal(countTokens('a'), 1);
    assert.equal(countTokens('tool'), 1);
    assert.equal(countTokens('tokenizer'), 3);
    assert.equal(countTokens('Hello, world!'), 6);
    assert.equal(countTokens('  \n\t '), 0);
    assert.equal(countTokens('src/a.ts:10-20'), 9);
  });

  it('finds question terms in passages exactly as full tokenisation would (fast path = slow path)', () => {
    const texts = ['The retryBudget retries policies; Caches cached caching.', 'Policy POLICIES police polices', 'ünïcode refunds Refunded', 'a1b2 ids IDs id', 'tenant-cache tenants_cache TenantCache'];
    const terms = ['retry', 'budget', 'policy', 'polic', 'cache', 'cach', 'refund', 'id', 'a1b2', 'tenant', 'police'];
    for (const t of texts) assert.deepEqual([...termsPresent(t, terms)].sort(), [...new Set(contentTerms(t).filter((x) => terms.includes(x)))].sort(), t);
  });

  it('embeds with a fixed dimension into unit vectors; related texts score higher than unrelated ones', () => {
    const pairs: Array<[string, string, string]> = [
      ['How do I reset my password?', 'Steps to reset a forgotten password', 'Our office is closed on public holidays'],
      ['refund policy for damaged items', 'Damaged items can be refunded within 30 days', 'The API rate limit is 600 requests per minute'],
      ['kubernetes pod crash loop', 'Why does my pod keep crashing in Kubernetes?', 'Chocolate cake recipe with berries'],
    ];
    for (const [q, rel, unrel] of pairs) {
      const [a, b, c] = [embed(q), embed(rel), embed(unrel)];
      assert.equal(a.length, 256);
      assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-9);
      assert.ok(cosine(a, b) > 0.35, `${q} ~ ${rel}: ${cosine(a, b)}`);
      assert.ok(cosine(a, c) < 0.15, `${q} vs ${unrel}: ${cosine(a, c)}`);
    }
    assert.equal(embed('x', 32).length, 32);
    assert.deepEqual(embed('same text'), embed('same text'));
    assert.ok(embed('').every((x) => x === 0));
  });

  it('gives the same answer, ids included, for the same request, whatever its key order', async () => {
    const s = await startModelServer({ port: 0 });
    try {
      const post = (body: string) => fetch(`${s.url}/v1/chat/completions`, { method: 'POST', body }).then((r) => r.json() as Promise<{ id: string; choices: unknown }>);
      const msgs = JSON.stringify([{ role: 'user', content: ASK }]);
      const a = await post(`{"model":"m","messages":${msgs}}`);
      const b = await post(`{"messages":${msgs},"model":"m"}`);
      assert.deepEqual([a.id, a.choices], [b.id, b.choices]);
    } finally {
      await s.close();
    }
  });

  it('reads documents from JSON tool results, keeping path:start-end and ids', () => {
    const { passages, question } = questionAndContext({
      model: 'm',
      messages: [
        { role: 'user', text: 'Where is the retry limit set?' },
        { role: 'tool', text: JSON.stringify({ results: [{ path: 'src/http/retry.ts', start: 12, end: 30, text: 'MAX_RETRIES limit is set to 5' }, { id: 'doc-7', content: 'Unrelated' }] }) },
      ],
      tools: [],
      toolChoice: 'auto',
      json: null,
      stream: false,
    });
    assert.equal(question, 'Where is the retry limit set?');
    assert.deepEqual(passages.map((p) => p.text), ['src/http/retry.ts:12-30 MAX_RETRIES limit is set to 5', '[doc-7] Unrelated']);
    const r = respond({ model: 'm', messages: [{ role: 'user', text: 'Where is the retry limit set?' }, { role: 'tool', text: passages.map((p) => p.text).join('\n\n') }], tools: [], toolChoice: 'auto', json: null, stream: false }, { degraded: false, invalidJson: false, seed: '' });
    assert.match(r.text, /^src\/http\/retry\.ts:12-30 MAX_RETRIES/);
  });

  it('takes the question from the paragraph with a question mark when there is no "Question:" line', () => {
    const { question, passages } = questionAndContext({ model: 'm', messages: [{ role: 'user', text: '[a] Cats sleep a lot.\n\n[b] Dogs bark.\n\nWhy do dogs bark?' }], tools: [], toolChoice: 'auto', json: null, stream: false });
    assert.equal(question, 'Why do dogs bark?');
    assert.equal(passages.length, 2);
  });

  it('fills schemas with $ref, nullable unions, nested objects, bullet lists and bounds', () => {
    const schema = {
      type: 'object',
      $defs: { contact: { type: 'object', properties: { email: { type: 'string', format: 'email' } } } },
      properties: {
        contact: { $ref: '#/$defs/contact' },
        severity: { anyOf: [{ type: 'null' }, { type: 'string', enum: ['minor', 'major', 'critical'] }] },
        steps: { type: 'array', items: { type: 'string' } },
        score: { type: 'integer', minimum: 1, maximum: 5 },
        urgent: { type: 'boolean' },
      },
    };
    const text = 'Contact ops@acme.io. This is a critical outage, score: 9.\n- restart the queue\n- page the on-call';
    assert.deepEqual(fillSchema(schema, text), { contact: { email: 'ops@acme.io' }, severity: 'critical', steps: ['restart the queue', 'page the on-call'], score: 5, urgent: false });
  });

  it('fills RAG-shaped JSON (answer, citations, abstained) from the context', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' }, citations: { type: 'array', items: { type: 'string' } }, abstained: { type: 'boolean' } }, required: ['answer', 'citations', 'abstained'] };
    const mk = (q: string) => respond({ model: 'm', messages: [{ role: 'user', text: ASK.replace('How long is the refund window?', q) }], tools: [], toolChoice: 'auto', json: { schema }, stream: false }, { degraded: false, invalidJson: false, seed: '' });
    const yes = JSON.parse(mk('How long is the refund window?').text);
    assert.match(yes.answer, /30 days/);
    assert.deepEqual(yes.citations, ['doc-1', 'src/billing/refund.ts:10-20']);
    assert.equal(yes.abstained, false);
    assert.deepEqual(JSON.parse(mk('Who painted the Mona Lisa?').text), { answer: 'INSUFFICIENT_EVIDENCE', citations: [], abstained: true });
  });
});

describe('model server: hostile input', () => {
  it('survives self-referencing schemas, label-like noise and odd content parts', async () => {
    const loop = { $defs: { n: { anyOf: [{ $ref: '#/$defs/n' }] } }, type: 'object', properties: { x: { $ref: '#/$defs/n' } } };
    assert.deepEqual(Object.keys(fillSchema(loop, 'x: 1') as object), ['x']);
    const noise = 'a'.repeat(200_000) + ':1 ' + 'b/'.repeat(50_000) + 'c.ts:1-2';
    const t0 = Date.now();
    questionAndContext({ model: 'm', messages: [{ role: 'user', text: noise }], tools: [], toolChoice: 'auto', json: null, stream: false });
    assert.ok(Date.now() - t0 < 2000, 'linear in the input');
    const s = await startModelServer({ port: 0 });
    try {
      const post = (body: string) => fetch(`${s.url}/v1/chat/completions`, { method: 'POST', body });
      const parts = await post(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }, { type: 'text', text: ASK }] }] }));
      assert.match(((await parts.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, /30 days/);
      for (const bad of ['[]', '"x"', '{"model":"m"}', '{"model":"m","messages":"hi"}', '{"model":1,"messages":[{"role":"user","content":"hi"}]}']) {
        const r = await post(bad);
        assert.equal(r.status, 400, bad);
        assert.ok(((await r.json()) as { error: { message: string } }).error.message.length > 5);
      }
      assert.ok(s.entries().every((e) => e.status === 200 || (e.status === 400 && e.error)));
    } finally {
      await s.close();
    }
  });
});

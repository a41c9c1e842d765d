// The repository `npm start` opens: a small support-ticket triage service with a few weeks of
// history by three people, some commits written with AI assistants (co-author trailers, an aider
// author, a Claude Code footer) and some that build AI into the product (openai imports, prompts,
// evals). Dates are relative to today so weekly figures have something to show.
import { makeGitRepo } from './git-repo.mjs';

/** Bump when the content changes: `npm start` regenerates a demo repo of another version. */
export const DEMO_VERSION = '1';

const ALICE = 'Alice Martin <alice@example.com>';
const BOB = 'Bob Okafor <bob@example.com>';
const CAROL = 'Carol Nguyen <carol@example.com>';
const BOB_AIDER = 'Bob Okafor (aider) <bob@example.com>';
const CLAUDE = 'Co-authored-by: Claude <noreply@anthropic.com>';
const COPILOT = 'Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>';

function daysAgo(days, hour) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - days);
  d.setUTCHours(hour, 17, 0, 0);
  return d.toISOString();
}

const PACKAGE_JSON = `${JSON.stringify({
  name: 'ticket-triage', version: '0.3.0', private: true, type: 'module',
  scripts: { start: 'node src/index.js', test: 'node --test test/' },
  dependencies: { openai: '^4.67.0' },
}, null, 2)}\n`;

const TICKETS = `// Loads support tickets exported from the help desk (one JSON object per line).
import { readFileSync } from 'node:fs';

export function loadTickets(file) {
  return readFileSync(file, 'utf8')
    .split('\\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .map((t) => ({ ...t, createdAt: new Date(t.createdAt) }));
}
`;

const TRIAGE = `// Keyword rules: cheap, predictable, and the fallback when the model is unavailable.
const RULES = [
  { queue: 'billing', words: ['invoice', 'refund', 'charge', 'payment'] },
  { queue: 'access', words: ['password', 'login', 'locked', '2fa'] },
  { queue: 'bug', words: ['error', 'crash', 'broken', 'exception'] },
];

export function triageByRules(ticket) {
  const text = \`\${ticket.subject} \${ticket.body}\`.toLowerCase();
  const hit = RULES.find((r) => r.words.some((w) => text.includes(w)));
  return hit ? hit.queue : 'general';
}
`;

const CLASSIFY = `// Classifies a ticket into a queue with an LLM, falling back to the keyword rules.
import OpenAI from 'openai';
import { readFileSync } from 'node:fs';
import { triageByRules } from './triage.js';

const client = new OpenAI();
const PROMPT = readFileSync(new URL('../prompts/classify.md', import.meta.url), 'utf8');
const QUEUES = ['billing', 'access', 'bug', 'general'];

export async function classify(ticket) {
  try {
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      temperature: 0,
      messages: [
        { role: 'system', content: PROMPT },
        { role: 'user', content: \`Subject: \${ticket.subject}\\n\\n\${ticket.body}\` },
      ],
    });
    const queue = res.choices[0].message.content.trim().toLowerCase();
    return QUEUES.includes(queue) ? queue : triageByRules(ticket);
  } catch {
    return triageByRules(ticket);
  }
}
`;

const CLASSIFY_RETRY = CLASSIFY.replace(
  'const client = new OpenAI();',
  'const client = new OpenAI({ maxRetries: 3, timeout: 20_000 });',
);

const PROMPT_MD = `You route customer support tickets. Answer with exactly one word, the queue:
billing, access, bug or general.

- billing: invoices, refunds, charges, payment methods
- access: passwords, logins, locked accounts, two-factor
- bug: errors, crashes, something that used to work and no longer does
- general: anything else
`;

const EVALS = [
  { subject: 'Charged twice', body: 'My card was charged twice this month.', expected: 'billing' },
  { subject: 'Cannot log in', body: 'The 2FA code never arrives.', expected: 'access' },
  { subject: 'Export fails', body: 'CSV export throws an error since Monday.', expected: 'bug' },
  { subject: 'Feature idea', body: 'Could you add a dark mode?', expected: 'general' },
].map((e) => JSON.stringify(e)).join('\n') + '\n';

const DEDUPE = `// Finds near-duplicate tickets with embeddings (cosine similarity above a threshold).
import OpenAI from 'openai';

const client = new OpenAI();

export async function embed(texts) {
  const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: texts });
  return res.data.map((d) => d.embedding);
}

export function cosine(a, b) {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] ** 2; nb += b[i] ** 2; }
  return dot / Math.sqrt(na * nb);
}

export async function duplicates(tickets, threshold = 0.92) {
  const vectors = await embed(tickets.map((t) => \`\${t.subject}\\n\${t.body}\`));
  const pairs = [];
  for (let i = 0; i < tickets.length; i++)
    for (let j = i + 1; j < tickets.length; j++)
      if (cosine(vectors[i], vectors[j]) >= threshold) pairs.push([tickets[i].id, tickets[j].id]);
  return pairs;
}
`;

const INDEX = `// Reads a ticket export and prints each ticket's queue.
import { loadTickets } from './tickets.js';
import { classify } from './classify.js';

const [file = 'tickets.jsonl'] = process.argv.slice(2);
for (const ticket of loadTickets(file)) {
  console.log(\`\${ticket.id}\\t\${await classify(ticket)}\\t\${ticket.subject}\`);
}
`;

const TRIAGE_TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { triageByRules } from '../src/triage.js';

test('routes refunds to billing', () => {
  assert.equal(triageByRules({ subject: 'Refund please', body: '' }), 'billing');
});

test('falls back to general', () => {
  assert.equal(triageByRules({ subject: 'Hello', body: 'Just saying hi' }), 'general');
});
`;

const README = (extra = '') => `# ticket-triage

Routes incoming support tickets to the right queue (billing, access, bug, general).

\`\`\`sh
npm install
OPENAI_API_KEY=... npm start -- tickets.jsonl
npm test
\`\`\`
${extra}`;

export function demoCommits() {
  return [
    { author: ALICE, date: daysAgo(27, 9), message: 'Initial scaffold: ticket loader and CLI\n',
      files: { 'README.md': README(), 'package.json': PACKAGE_JSON, '.gitignore': 'node_modules/\n*.jsonl\n!evals/*.jsonl\n',
        'src/tickets.js': TICKETS, 'src/index.js': INDEX.replace("import { classify } from './classify.js';\n", '').replace('await classify(ticket)', "'unrouted'") } },
    { author: BOB, date: daysAgo(24, 14), message: 'Add keyword triage rules with tests\n',
      files: { 'src/triage.js': TRIAGE, 'test/triage.test.js': TRIAGE_TEST } },
    { author: ALICE, date: daysAgo(19, 10), message: `Classify tickets with an LLM, keyword rules as fallback\n\n${CLAUDE}\n`,
      files: { 'src/classify.js': CLASSIFY, 'src/index.js': INDEX, 'prompts/classify.md': PROMPT_MD } },
    { author: CAROL, date: daysAgo(15, 16),
      message: `Add classification evals\n\nFour labelled tickets, one per queue.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\n${CLAUDE}\n`,
      files: { 'evals/classify.jsonl': EVALS } },
    { author: BOB, date: daysAgo(12, 11), message: 'Parse ticket dates as UTC\n',
      files: { 'src/tickets.js': TICKETS.replace('new Date(t.createdAt)', "new Date(t.createdAt.endsWith('Z') ? t.createdAt : `${t.createdAt}Z`)") } },
    { author: BOB_AIDER, date: daysAgo(8, 15), message: 'feat: Retry classifier requests with a timeout\n',
      files: { 'src/classify.js': CLASSIFY_RETRY } },
    { author: CAROL, date: daysAgo(4, 13), message: `Detect duplicate tickets with embeddings\n\n${COPILOT}\n`,
      files: { 'src/dedupe.js': DEDUPE } },
    { author: ALICE, date: daysAgo(1, 9), message: 'README: document duplicate detection\n',
      files: { 'README.md': README('\nDuplicates: `duplicates(tickets)` in src/dedupe.js pairs tickets whose embeddings are close.\n') } },
  ];
}

export function makeDemoRepo(dir) {
  return makeGitRepo(dir, demoCommits());
}

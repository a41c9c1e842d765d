import { strict as assert } from 'node:assert';
import type { ScanRun } from '../../../src/core/git/scan';
import { alice, TempRepo, type CommitSpec, type Identity } from '../helpers/gitRepo';
import { aiCommit, scan } from './scanHelpers';

interface Case {
  name: string;
  spec: Omit<CommitSpec, 'files'>;
  /** The exact signals expected on the commit; undefined: not an AI commit. */
  signals?: string[];
}

const msg = (trailers: string) => `Change something\n\nA body paragraph.\n\n${trailers}\n`;
const bot = (account: string): Identity => ({ name: `${account}[bot]`, email: `1234567+${account}[bot]@users.noreply.github.com` });

const cases: Case[] = [
  // AI co-author identities
  { name: 'Claude co-author', spec: { message: msg('Co-Authored-By: Claude <noreply@anthropic.com>') }, signals: ['co-author:claude'] },
  { name: 'Claude with a model name', spec: { message: msg('Co-authored-by: Claude Opus 4.5 <noreply@anthropic.com>') }, signals: ['co-author:claude'] },
  { name: 'Copilot, one numeric id', spec: { message: msg('Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>') }, signals: ['co-author:copilot'] },
  { name: 'Copilot, another numeric id', spec: { message: msg('Co-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>') }, signals: ['co-author:copilot'] },
  { name: 'Copilot, older address', spec: { message: msg('Co-authored-by: GitHub Copilot <copilot@github.com>') }, signals: ['co-author:copilot'] },
  { name: 'Cursor', spec: { message: msg('Co-authored-by: Cursor <cursoragent@cursor.com>') }, signals: ['co-author:cursor'] },
  { name: 'Cursor Agent', spec: { message: msg('Co-authored-by: Cursor Agent <cursoragent@cursor.com>') }, signals: ['co-author:cursor'] },
  { name: 'aider, aider.chat noreply', spec: { message: msg('Co-authored-by: aider (anthropic/claude-sonnet-4) <noreply@aider.chat>') }, signals: ['co-author:aider'] },
  { name: 'aider, aider@aider.chat', spec: { message: msg('Co-authored-by: aider (gpt-4o) <aider@aider.chat>') }, signals: ['co-author:aider'] },
  { name: 'aider, aider.dev', spec: { message: msg('Co-authored-by: aider (o3) <noreply@aider.dev>') }, signals: ['co-author:aider'] },
  { name: 'Amp', spec: { message: msg('Co-authored-by: Amp <amp@ampcode.com>') }, signals: ['co-author:amp'] },
  { name: 'opencode', spec: { message: msg('Co-authored-by: opencode <noreply@opencode.ai>') }, signals: ['co-author:opencode'] },
  // Bot authors and committers
  ...['copilot-swe-agent', 'claude', 'claude-code-action', 'cursor', 'devin-ai-integration', 'google-labs-jules', 'chatgpt-codex-connector', 'openai-codex', 'gemini-code-assist'].map(
    (a): Case => ({ name: `bot author ${a}`, spec: { message: 'Implement the task', author: bot(a) }, signals: [`bot:${a}`] }),
  ),
  { name: 'bot committer only', spec: { message: 'Apply suggestion', author: alice, committer: bot('claude') }, signals: ['bot:claude'] },
  {
    name: 'Copilot coding agent as GitHub records it',
    spec: { message: 'Fix the bug', author: { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com' } },
    signals: ['author:copilot', 'bot:copilot-swe-agent'],
  },
  // aider's naming convention
  { name: 'aider in the author name', spec: { message: 'feat: add cache', author: { name: 'Alice Example (aider)', email: alice.email } }, signals: ['author:aider'] },
  { name: 'aider only as committer (not counted)', spec: { message: 'wip', author: alice, committer: { name: 'Alice Example (aider)', email: alice.email } } },
  {
    name: 'aider committer beside a counting signal',
    spec: { message: msg('Assisted-by: Claude'), author: alice, committer: { name: 'Alice Example (aider)', email: alice.email } },
    signals: ['trailer:assisted-by(Claude; name claude)', 'committer:aider'],
  },
  // Messages and trailers
  { name: 'Generated with Claude Code', spec: { message: 'Add tests\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n' }, signals: ['message:claude-code'] },
  {
    name: 'Assisted-by (kernel style)',
    spec: { message: msg('Assisted-by: Claude:claude-3-opus coccinelle sparse\nSigned-off-by: Alice Example <alice@corp.example>') },
    signals: ['trailer:assisted-by(Claude:claude-3-opus coccinelle sparse; kernel form Claude:claude-3-opus)'],
  },
  { name: 'Assisted-by, kernel style with an unknown agent', spec: { message: msg('Assisted-by: OpenCode:qwen3-coder') }, signals: ['trailer:assisted-by(OpenCode:qwen3-coder; kernel form OpenCode:qwen3-coder)'] },
  { name: 'Assisted-by a model, as git/git writes it', spec: { message: msg('Assisted-by: Claude Opus 4.6\nSigned-off-by: Alice Example <alice@corp.example>') }, signals: ['trailer:assisted-by(Claude Opus 4.6; name claude)'] },
  { name: 'Assisted-by a bare model name', spec: { message: msg('Assisted-by: Opus 4.7') }, signals: ['trailer:assisted-by(Opus 4.7; name opus)'] },
  { name: 'Assisted-by a model via a tool', spec: { message: msg('Assisted-by: GLM 4.6 via Claude Code') }, signals: ['trailer:assisted-by(GLM 4.6 via Claude Code; name glm)'] },
  { name: 'Assisted-by a model id in prose', spec: { message: msg('Assisted-by: Alice Example using gpt-4o') }, signals: ['trailer:assisted-by(Alice Example using gpt-4o; model id gpt-4o)'] },
  { name: 'Assisted-by an AI identity', spec: { message: msg('Assisted-by: Claude <noreply@anthropic.com>') }, signals: ['trailer:assisted-by(Claude; email noreply@anthropic.com)'] },
  { name: 'Generated-by', spec: { message: msg('Generated-by: GitHub Copilot') }, signals: ['trailer:generated-by(GitHub Copilot; name copilot)'] },
  { name: 'Co-developed-by a model (kernel RFC form)', spec: { message: msg('Co-developed-by: Claude claude-opus-4-20250514') }, signals: ['trailer:co-developed-by(Claude claude-opus-4-20250514; model id claude-opus-4-20250514)'] },
  // People credited with the same keys (git/git's history has both of the first two): not AI.
  { name: 'Assisted-by a person with their email', spec: { message: msg('Assisted-by: Junio C Hamano <gitster@pobox.com>\nSigned-off-by: Phil Hord <hordp@cisco.com>') } },
  { name: 'Assisted-by a person at a GitHub address', spec: { message: msg('Assisted-by: Waldek Maleska <weakcamel@users.github.com>') } },
  { name: 'Co-developed-by a person', spec: { message: msg('Co-developed-by: Jeff King <peff@peff.net>\nSigned-off-by: Jeff King <peff@peff.net>') } },
  { name: 'Assisted-by a bare human name', spec: { message: msg('Assisted-by: Jane Doe') } },
  { name: 'Assisted-by a person named Claude', spec: { message: msg('Assisted-by: Claude Dupont') } },
  { name: 'Assisted-by an AI-looking name at a human address', spec: { message: msg('Assisted-by: Claude <claude@monet.example>') } },
  { name: 'Generated-by a script', spec: { message: msg('Generated-by: scripts/gen-docs.sh') } },
  { name: 'Assisted-by a team, colon form without a model', spec: { message: msg('Assisted-by: Team:Backend') } },
  { name: 'Made-with', spec: { message: msg('Made-with: Cursor') }, signals: ['trailer:made-with(Cursor)'] },
  { name: 'Replit Agent', spec: { message: msg('Replit-Commit-Author: Agent') }, signals: ['trailer:replit-agent(Agent)'] },
  { name: 'Replit Assistant', spec: { message: msg('Replit-Commit-Author: Assistant') }, signals: ['trailer:replit-agent(Assistant)'] },
  { name: 'Claude-Session', spec: { message: msg('Claude-Session: 4f1c2b7e') }, signals: ['trailer:claude-session'] },
  { name: 'Amp-Thread-ID and Amp co-author', spec: { message: msg('Amp-Thread-ID: https://ampcode.com/threads/T-1\nCo-authored-by: Amp <amp@ampcode.com>') }, signals: ['co-author:amp', 'trailer:amp-thread'] },
  { name: 'trailer keys are case-insensitive', spec: { message: msg('ASSISTED-BY: Claude\nco-authored-BY: Claude <NOREPLY@ANTHROPIC.COM>') }, signals: ['co-author:claude', 'trailer:assisted-by(Claude; name claude)'] },
  // Look-alikes: none of these is an AI commit
  { name: 'a human named Claude', spec: { message: 'Refactor', author: { name: 'Claude Monet', email: 'claude@monet.example' } } },
  { name: 'a human co-author named Claude', spec: { message: msg('Co-authored-by: Claude Dupont <claude.dupont@corp.example>') } },
  { name: 'a human named Copilot', spec: { message: msg('Co-authored-by: Copilot Fan <copilotfan@corp.example>'), author: { name: 'Copilot Jones', email: 'jones@corp.example' } } },
  { name: 'a GitHub user whose login contains copilot', spec: { message: msg('Co-authored-by: Sam <99+copilotfan@users.noreply.github.com>') } },
  { name: 'a non-AI bot', spec: { message: 'Bump deps', author: bot('dependabot') } },
  { name: 'co-author line in a body paragraph', spec: { message: 'Fix\n\nCo-authored-by: Claude <noreply@anthropic.com> reviewed an earlier draft.\n\nThe rest is prose.\n' } },
  { name: 'trailer in a subject-only message', spec: { message: 'Assisted-by: Claude' } },
  { name: 'Replit human author', spec: { message: msg('Replit-Commit-Author: Human') } },
  { name: 'mentions Claude Code without the marker', spec: { message: 'Document how we use Claude Code\n' } },
];

describe('assisted rules', () => {
  let repo: TempRepo;
  let run: ScanRun;
  const hashes = new Map<string, string>();

  before(async () => {
    repo = new TempRepo();
    cases.forEach((c, i) => hashes.set(c.name, repo.commit({ ...c.spec, date: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z` })));
    run = await scan(repo);
  });
  after(() => repo.dispose());

  for (const c of cases) {
    it(c.signals ? `${c.name}: ${c.signals.join(', ')}` : `${c.name}: not AI`, () => {
      const found = aiCommit(run, hashes.get(c.name) as string);
      if (!c.signals) return assert.equal(found, undefined, `unexpected signals ${found?.signals.join(', ')}`);
      assert.ok(found, 'not classified');
      assert.deepEqual(found.signals, c.signals);
      assert.equal(found.assisted, true);
      assert.equal(found.building, false);
    });
  }

  it('counts the committer-only aider form separately, as uncounted', () => {
    assert.equal(run.uncounted['committer:aider'], 1);
  });

  it('totals every commit and every AI commit per author', () => {
    assert.equal(run.result.totalCommits, cases.length);
    const ai = cases.filter((c) => c.signals).length;
    assert.equal(run.result.aiCommits.length, ai);
    assert.equal(run.result.authors.reduce((n, a) => n + a.aiCommits, 0), ai);
  });
});

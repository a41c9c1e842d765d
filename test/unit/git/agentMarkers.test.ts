import { strict as assert } from 'node:assert';
import type { ScanRun } from '../../../src/core/git/scan';
import { alice, TempRepo, type CommitSpec } from '../helpers/gitRepo';
import { aiCommit, scan } from './scanHelpers';

/** Markers current agents write, in the exact form each tool writes it; one commit per marker. */
interface Marker {
  name: string;
  spec: Omit<CommitSpec, 'files'>;
  signals: string[];
}

const msg = (trailers: string) => `Implement the change\n\nWhat and why.\n\n${trailers}\n`;
const copilotAgent = { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com' };
const devin = { name: 'devin-ai-integration[bot]', email: '158243242+devin-ai-integration[bot]@users.noreply.github.com' };

const markers: Marker[] = [
  { name: 'Codex cloud author', spec: { message: 'Add retry to the client', author: { name: 'Codex', email: 'codex@openai.com' } }, signals: ['author:codex'] },
  { name: 'Codex CLI co-author', spec: { message: msg('Co-authored-by: Codex <noreply@openai.com>') }, signals: ['co-author:codex'] },
  { name: 'Codex CLI model-named co-author', spec: { message: msg('Co-authored-by: gpt-5-codex <noreply@openai.com>') }, signals: ['co-author:codex'] },
  { name: 'OpenHands co-author', spec: { message: msg('Co-authored-by: openhands <openhands@all-hands.dev>') }, signals: ['co-author:openhands'] },
  { name: 'Gemini CLI co-author', spec: { message: msg('Co-authored-by: gemini-cli <218195315+gemini-cli@users.noreply.github.com>') }, signals: ['co-author:gemini-cli'] },
  {
    name: 'Jules co-author',
    spec: { message: msg('Co-authored-by: google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>') },
    signals: ['bot:google-labs-jules'],
  },
  { name: 'Devin author', spec: { message: 'Fix the flaky test', author: devin }, signals: ['bot:devin-ai-integration'] },
  { name: 'Devin co-author', spec: { message: msg(`Co-authored-by: ${devin.name} <${devin.email}>`) }, signals: ['bot:devin-ai-integration'] },
  { name: 'Copilot coding agent, author and committer', spec: { message: 'Initial plan', author: copilotAgent, committer: copilotAgent }, signals: ['author:copilot', 'bot:copilot-swe-agent'] },
  {
    name: 'Copilot coding agent logs trailer',
    spec: { message: msg('Agent-Logs-Url: https://github.com/acme/app/sessions/5b0e7c1e-3f4a-4e55-9a59-0d1c2b3a4f5e\nCo-authored-by: Alice Example <alice@corp.example>') },
    signals: ['trailer:copilot-agent-logs'],
  },
  { name: 'Copilot in the IDE', spec: { message: msg('Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>') }, signals: ['co-author:copilot'] },
  { name: 'Cursor agent co-author', spec: { message: msg('Co-authored-by: Cursor Agent <cursoragent@cursor.com>') }, signals: ['co-author:cursor'] },
  { name: 'Cursor Made-with', spec: { message: msg('Made-with: Cursor') }, signals: ['trailer:made-with(Cursor)'] },
  { name: 'Amp co-author', spec: { message: msg('Co-authored-by: Amp <amp@ampcode.com>') }, signals: ['co-author:amp'] },
  { name: 'Amp thread', spec: { message: msg('Amp-Thread-ID: https://ampcode.com/threads/T-7f3c2a10-55e1-4b8e-9d2a-1c0b9e8f7a6d') }, signals: ['trailer:amp-thread'] },
  { name: 'Claude Code with a model name', spec: { message: msg('Co-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>') }, signals: ['co-author:claude'] },
];

/** Look-alikes next to the new markers: people and addresses that are not the tools. */
const people: Array<{ name: string; spec: Omit<CommitSpec, 'files'> }> = [
  { name: 'a person at openai.com', spec: { message: msg('Co-authored-by: Sam Example <sam@openai.com>') } },
  { name: 'a person at all-hands.dev', spec: { message: msg('Co-authored-by: Robin <robin@all-hands.dev>') } },
  { name: 'a GitHub user whose login starts with gemini-cli', spec: { message: msg('Co-authored-by: Fan <99+gemini-cli-fan@users.noreply.github.com>') } },
  { name: 'a person named Devin', spec: { message: 'Fix', author: { name: 'Devin Smith', email: 'devin@corp.example' } } },
];

describe('agent markers (exact forms)', () => {
  let repo: TempRepo;
  let run: ScanRun;
  const hashes = new Map<string, string>();

  before(async () => {
    repo = new TempRepo();
    [...markers, ...people].forEach((c, i) => hashes.set(c.name, repo.commit({ author: alice, ...c.spec, date: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z` })));
    run = await scan(repo);
  });
  after(() => repo.dispose());

  for (const m of markers) {
    it(`${m.name}: ${m.signals.join(', ')}`, () => {
      const c = aiCommit(run, hashes.get(m.name) as string);
      assert.ok(c, 'not found');
      assert.deepEqual(c.signals, m.signals);
      assert.equal(c.assisted, true);
    });
  }
  for (const p of people) {
    it(`${p.name}: not AI`, () => {
      const c = aiCommit(run, hashes.get(p.name) as string);
      assert.equal(c, undefined, `unexpected ${c?.signals.join(', ')}`);
    });
  }

  it('the rules version changed with the markers, so caches made with the old rules are not reused', () => {
    assert.equal(run.result.rulesVersion, '2026.12-1');
  });
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { branchAiCommits } from '../../../src/core/checks/aiCommits';
import { BranchChanges } from '../../../src/core/checks/branchChanges';
import type { CheckResult } from '../../../src/core/checks/result';
import { runChecks } from '../../../src/core/checks/runner';
import { exerciseBranch, startExerciseBranch } from '../../../src/core/learn/branch';
import { TempRepo } from '../helpers/gitRepo';
import { repoRoot } from '../profile/fixtures';

/**
 * Submissions a hurried learner might make for the retrieval exercises: the reference solution's cases,
 * code and write-up, with a command that skips the work (a Python module at the top of the repository,
 * so it can reuse the solution's own code). Each must fail the check named, for the reason given.
 */
const solutionsDir = path.join(repoRoot, 'test', 'fixtures', 'solutions');

/** Makes one provider request, as every case must, then prints `out` (a Python expression). */
const callsModelThenPrints = (out: string) => `import json, os, sys, urllib.request
q = json.load(sys.stdin)["input"]["question"]
req = urllib.request.Request(os.environ["OPENAI_BASE_URL"] + "/embeddings", data=json.dumps({"model": "m", "input": [q]}).encode(), headers={"Content-Type": "application/json", "Authorization": "Bearer x"})
urllib.request.urlopen(req).read()
print(json.dumps(${out}))
`;

/** Every group any document grants: the asker is ignored. */
const allGroups = `everything = frozenset(g for rule in json.load(open("docs/kb/acl.json")).values() if isinstance(rule, dict) for g in rule["groups"])`;

const fooled: Array<{ id: string; what: string; input: string; program: string; check: string; reason: RegExp; failing?: string }> = [
  {
    id: 'retrieval-access-control',
    what: 'an ask command that always abstains',
    input: 'askCommand',
    program: callsModelThenPrints(`{"answer": "INSUFFICIENT_EVIDENCE", "abstained": True, "citations": [], "retrieved": []}`),
    check: 'denied-askers-abstain',
    reason: /accuracy 0\.50 < 0\.90 · denied cases \d+ ≥ 6 · answered when answerable 0\.00/,
  },
  {
    id: 'retrieval-access-control',
    what: 'the same RAG path ignoring the asker (everyone reads every group)',
    input: 'askCommand',
    program: `import json, sys
import app.ask as ask
${allGroups}
ask.groups_for = lambda asker: everything
sys.exit(ask.main())
`,
    check: 'denied-askers-abstain',
    reason: /abstained when unanswerable 0\.[0-4]\d/,
    failing: 'leave-topup-eng',
  },
  {
    id: 'retrieval-access-control',
    what: 'permissions as a prompt instruction over unfiltered retrieval',
    input: 'askCommand',
    program: `import json, sys
import app.ask as ask
from app.identity import groups_for
${allGroups}
case = json.load(sys.stdin)["input"]
ask.SYSTEM += f"\\nThe user belongs to the groups {sorted(groups_for(case.get('asker')))}. Only use sources of documents readable by these groups; otherwise reply INSUFFICIENT_EVIDENCE."
ask.groups_for = lambda asker: everything
print(json.dumps(ask.answer(case["question"], case.get("asker"))))
`,
    check: 'denied-askers-abstain',
    reason: /abstained when unanswerable 0\.[0-4]\d/,
    failing: 'heron-sec',
  },
  {
    id: 'embedding-search-probe',
    what: 'the same whole-file ranges for every query, abstaining by the real similarity',
    input: 'searchCommand',
    program: `import json, sys
from tools.probe.rank import by_embedding, load_index
q = json.load(sys.stdin)["input"]["question"]
cs, _ = load_index()
wide = ["docs/ops/config.md:1-26", "docs/ops/deploy.md:1-26", "docs/ops/oncall.md:1-26"]
print(json.dumps({"answer": wide[0], "retrieved": wide, "citations": wide[:1], "abstained": by_embedding(cs, q)[0][0] < 0.2}))
`,
    check: 'first-hit',
    reason: /hit@1 0\.25 < 0\.40/,
  },
  {
    id: 'embedding-search-probe',
    what: 'a search command that always says "no answer"',
    input: 'searchCommand',
    program: callsModelThenPrints(`{"answer": "INSUFFICIENT_EVIDENCE", "retrieved": [], "citations": [], "abstained": True}`),
    check: 'no-answer-threshold',
    reason: /accuracy 0\.50 < 0\.70/,
  },
  {
    id: 'embedding-search-probe',
    what: 'the keyword baseline alone, never asking the embedding model',
    input: 'searchCommand',
    program: `import json, sys
from tools.probe.corpus import chunks
from tools.probe.rank import by_keyword
top = [c["id"] for _, c in by_keyword(chunks(), json.load(sys.stdin)["input"]["question"])[:3]]
print(json.dumps({"answer": top[0], "retrieved": top, "citations": top[:1], "abstained": False}))
`,
    check: 'retrieval-hits',
    reason: /without a single request to the model provider/,
  },
];

const shown = (r: CheckResult) => `${r.id}: ${r.status} ${r.message}\n  ${(r.failingCases ?? []).slice(0, 5).map((f) => `${f.id}: ${f.reason}`).join('\n  ')}`;

describe('reference solutions of the retrieval exercises: hurried submissions fail', function () {
  this.timeout(300_000);

  for (const f of fooled) {
    it(`${f.id}: ${f.what} fails ${f.check}`, async function () {
      if (spawnSync('python3', ['--version'], { stdio: 'ignore' }).status !== 0) this.skip();
      const catalog = await loadCatalog([{ dir: path.join(repoRoot, 'exercises'), origin: 'bundled' }]);
      const e = catalog.exercises.find((x) => x.id === f.id);
      assert.ok(e, `bundled exercise ${f.id}`);
      const repo = new TempRepo();
      try {
        const base = repo.commit({ files: { 'README.md': '# service\n' }, message: 'Initial commit' });
        await startExerciseBranch(repo.dir, f.id, 'carry');
        cpSync(path.join(solutionsDir, f.id, 'repo'), repo.dir, { recursive: true });
        repo.write('fool_cmd.py', f.program);
        repo.git(['add', '-A']);
        repo.commit({ message: 'Looks done' });
        const answers = { ...(JSON.parse(readFileSync(path.join(solutionsDir, f.id, 'answers.json'), 'utf8')) as Record<string, string>), [f.input]: 'python3 -m fool_cmd' };
        const [r] = await runChecks(
          { ...e, checks: e.checks.filter((c) => c.id === f.check) },
          {
            repoDir: repo.dir,
            exerciseId: e.id,
            changes: new BranchChanges(repo.dir, { base, head: `refs/heads/${exerciseBranch(e.id)}`, workingTree: false }),
            answers,
            attested: new Set(),
            classifyAiCommits: branchAiCommits,
            provider: 'local',
          },
        );
        assert.ok(r, `${f.check} ran`);
        assert.equal(r.status, 'fail', shown(r));
        assert.match(r.message, f.reason, shown(r));
        if (f.failing) assert.ok(r.failingCases?.some((c) => c.id === f.failing), `${f.failing} is named: ${shown(r)}`);
      } finally {
        repo.dispose();
      }
    });
  }
});

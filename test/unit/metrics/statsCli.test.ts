import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, runCliAsync } from '../helpers/cli';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { TestServer } from '../helpers/httpServer';

const claude = '\n\nCo-authored-by: Claude <noreply@anthropic.com>';
const ana = { name: 'Ana Lima', email: 'ana@corp.example' };
const anaHome = { name: 'Ana Lima', email: 'ana@home.example' };
const bo = { name: 'Bo Chen', email: 'BO@Corp.Example' };
const cy = { name: 'Cy Park', email: 'cy@corp.example' };
const dee = { name: 'Dee Rao', email: 'dee@corp.example' };

/**
 * Known histories (cohort completes 2026-02-27, as-of 2026-05-28 = 90 days later):
 * ana: AI commit via alias on 02-20 (before completion) and on 03-09 → 10 days from completion, 46.5 from start (01-05)
 * bo:  AI commit 04-28 with an upper-case email in git → 60 days
 * cy:  commits, none AI → censored at 90
 * dee: completedAt 03-29, AI commit 04-08 in the second repository → 10 days
 * eve: never commits → censored at 90, with a warning
 * Hand-computed Kaplan–Meier (from completion): t=10: 2 of 5 → S=0.6; t=60: 1 of 3 → S=0.4; censored 2 at 90.
 */
describe('practicum stats (real repositories)', function () {
  this.timeout(60_000);
  let main: TempRepo;
  let second: TempRepo;
  let dir: ReturnType<typeof tempDir>;
  let cohortFile: string;

  before(() => {
    main = new TempRepo();
    main.commit({ files: { 'README.md': '# app\n' }, message: 'init', author: ana, date: '2026-01-06T09:00:00Z' });
    main.commit({ files: { 'a.ts': 'export const a = 1;\n' }, message: 'try a thing' + claude, author: anaHome, date: '2026-02-20T12:00:00Z' });
    main.commit({ files: { 'b.ts': 'export const b = 1;\n' }, message: 'plain work', author: cy, date: '2026-03-01T12:00:00Z' });
    main.commit({ files: { 'c.ts': 'export const c = 1;\n' }, message: 'add c' + claude, author: ana, date: '2026-03-09T00:00:00Z' });
    main.commit({ files: { 'd.ts': 'export const d = 1;\n' }, message: 'add d' + claude, author: bo, date: '2026-04-28T00:00:00Z' });
    main.commit({ files: { 'e.ts': 'export const e = 1;\n' }, message: 'after as-of' + claude, author: cy, date: '2026-06-15T00:00:00Z' });
    second = new TempRepo();
    second.commit({ files: { 'x.py': 'import os\n' }, message: 'init', author: dee, date: '2026-01-07T09:00:00Z' });
    second.commit({ files: { 'rag.py': 'from openai import OpenAI\nclient = OpenAI()\n' }, message: 'retrieval prototype', author: dee, date: '2026-04-08T00:00:00Z' });
    dir = tempDir();
    cohortFile = path.join(dir.dir, 'cohort.json');
    writeFileSync(
      cohortFile,
      JSON.stringify({
        name: '2026 Q1 pilot',
        start: '2026-01-05',
        end: '2026-02-27',
        members: [
          { email: 'ana@corp.example', name: 'Ana', aliases: ['ana@home.example'] },
          { email: 'bo@corp.example', name: 'Bo' },
          { email: 'cy@corp.example', name: 'Cy' },
          { email: 'dee@corp.example', name: 'Dee', completedAt: '2026-03-29' },
          { email: 'eve@corp.example', name: 'Eve' },
        ],
      }),
    );
  });
  after(() => {
    main.dispose();
    second.dispose();
    dir.dispose();
  });

  const env = () => ({ PRACTICUM_CACHE_DIR: path.join(dir.dir, 'cache') });
  const runAsync = (extra: string[]) => runCliAsync(['stats', '--cohort', cohortFile, '--repo', main.dir, '--repo', second.dir, '--as-of', '2026-05-28', ...extra], { env: env() });
  const run = (extra: string[]) => runCli(['stats', '--cohort', cohortFile, '--repo', main.dir, '--repo', second.dir, '--as-of', '2026-05-28', ...extra], { env: env() });

  it('computes every member from completion, with aliases, case-insensitive emails and censoring', () => {
    const r = run(['--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = r.json();
    assert.equal(s.schema, 'practicum.stats/v1');
    assert.equal(s.from, 'completion');
    assert.equal(s.asOf, '2026-05-28T00:00:00.000Z');
    const by = Object.fromEntries(s.members.map((m: { email: string }) => [m.email, m]));
    assert.equal(by['ana@corp.example'].days, 10);
    assert.equal(by['ana@corp.example'].firstAiCommitAt, '2026-03-09T00:00:00.000Z');
    assert.equal(by['ana@corp.example'].aiCommits, 1, 'the alias commit before completion does not count');
    assert.ok(by['ana@corp.example'].signals.some((x: string) => x.startsWith('co-author:')));
    assert.equal(by['bo@corp.example'].days, 60);
    assert.equal(by['cy@corp.example'].days, null);
    assert.equal(by['cy@corp.example'].censoredDays, 90, 'the commit after as-of is ignored');
    assert.equal(by['dee@corp.example'].days, 10);
    assert.equal(by['dee@corp.example'].anchorAt, '2026-03-29T00:00:00.000Z');
    assert.equal(by['eve@corp.example'].censoredDays, 90);
    assert.match(r.stderr, /eve@corp\.example: no commits/);
    assert.deepEqual(s.summary, { members: 5, reached: 3, medianDays: 60, within: { '30': 0.4, '60': 0.6, '90': 0.6 }, aiCommitsPerMemberWeek: s.summary.aiCommitsPerMemberWeek });
  });

  it('from the cohort start, the alias commit before completion is the first', () => {
    const s = run(['--json', '--from', 'start']).json();
    const ana = s.members.find((m: { email: string }) => m.email === 'ana@corp.example');
    assert.equal(ana.anchorAt, '2026-01-05T00:00:00.000Z');
    assert.equal(ana.firstAiCommitAt, '2026-02-20T12:00:00.000Z');
    assert.equal(ana.days, 46.5);
    assert.equal(ana.aiCommits, 2);
  });

  it('writes one CSV row per member with the same fields', () => {
    const r = run(['--csv']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\r\n');
    assert.equal(lines[0], 'email,name,anchorAt,firstAiCommitAt,days,censoredDays,aiCommits,aiCommitsPerWeek,signals');
    assert.equal(lines.length, 6);
    assert.match(lines.find((l) => l.startsWith('bo@')) ?? '', /^bo@corp\.example,Bo,2026-02-27T00:00:00\.000Z,2026-04-28T00:00:00\.000Z,60,,1,/);
  });

  it('--post sends exactly the JSON it prints to the endpoint', async () => {
    const server = await TestServer.start();
    try {
      const r = await runAsync(['--json', '--post', server.url + '/stats']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0]?.headers['content-type'], 'application/json');
      assert.match(String(server.requests[0]?.headers['idempotency-key']), /^[0-9a-f-]{36}$/);
      assert.deepEqual(JSON.parse(server.requests[0]?.body ?? ''), r.json());
    } finally {
      await server.close();
    }
  });

  it('a failing endpoint exits 1 with a message naming the status', async () => {
    const server = await TestServer.start();
    server.handler = (_q, res) => {
      res.writeHead(503);
      res.end();
    };
    try {
      const r = await runAsync(['--json', '--post', server.url]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /HTTP 503/);
    } finally {
      await server.close();
    }
  });

  it('refuses a plain-http endpoint that is not localhost as bad usage, before computing anything', () => {
    const r = run(['--json', '--post', 'http://stats.corp.example/in']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /uses plain http; only localhost may/);
    assert.equal(r.stdout, '', 'nothing computed or printed');
  });

  it('a broken cohort file names the file and the field; a missing one exits 2', () => {
    const bad = path.join(dir.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'x', start: 'soon', end: '2026-02-01', members: [{ email: 'a@x.example' }] }));
    const r = runCli(['stats', '--cohort', bad, '--repo', main.dir, '--json'], { env: env() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.json: error: start: must be a date/);
    const broken = path.join(dir.dir, 'broken.json');
    writeFileSync(broken, '{"name": ');
    assert.match(runCli(['stats', '--cohort', broken, '--json']).stderr, /broken\.json: not valid JSON/);
    assert.equal(runCli(['stats', '--cohort', path.join(dir.dir, 'nope.json'), '--json']).code, 2);
  });

  it('a bad member is reported (exit 1) and the others are still computed', () => {
    const f = path.join(dir.dir, 'partial.json');
    writeFileSync(f, JSON.stringify({ name: 'p', start: '2026-01-05', end: '2026-02-27', members: [{ email: 'nope' }, { email: 'bo@corp.example' }] }));
    const r = runCli(['stats', '--cohort', f, '--repo', main.dir, '--as-of', '2026-05-28', '--json'], { env: env() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /members\[0\]\.email/);
    assert.equal(r.json().members[0].days, 60);
  });

  it('a folder that is not a repository exits 2 naming the fix', () => {
    const r = runCli(['stats', '--cohort', cohortFile, '--repo', dir.dir, '--json'], { env: env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not in a git repository.*--repo/);
  });

  it('--outcomes adds module NPS from survey records, additively', () => {
    const f = path.join(dir.dir, 'events.jsonl');
    const survey = (learner: string, nps: number) => ({
      schema: 'practicum.event/v1', id: `s-${learner}`, type: 'survey.completed', at: '2026-03-01T09:00:00Z', learner, cohort: null,
      data: { module: 'ai-landscape', track: 'foundations', trackCompleted: false, reminded: false, nps, helped: null, didNotHelp: null, minutesTaken: 300 },
    });
    // promoters 9, 10; passive 8; detractor 3 → NPS = (2 − 1) / 4 = 25
    writeFileSync(f, [survey('a', 9), survey('b', 10), survey('c', 8), survey('d', 3)].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const r = run(['--json', '--outcomes', f]);
    assert.equal(r.code, 0, r.stderr);
    const s = r.json();
    const m = s.outcomes.modules.find((x: { module: string }) => x.module === 'ai-landscape');
    assert.equal(m.nps, 25);
    assert.equal(m.npsResponses, 4);
    assert.equal(s.summary.reached, 3, 'the AI-commit figures are unchanged');
    assert.equal(run(['--json']).json().outcomes, undefined);
  });

  it('bad usage exits 2', () => {
    assert.equal(runCli(['stats', '--json']).code, 2);
    assert.equal(runCli(['stats', '--cohort', cohortFile, '--from', 'never']).code, 2);
    assert.equal(runCli(['stats', '--cohort', cohortFile, '--as-of', 'yesterday']).code, 2);
  });
});

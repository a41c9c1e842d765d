import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { main } from '../../../src/cli';
import type { CliIo } from '../../../src/cli/types';
import { loadCatalog } from '../../../src/core/catalog/loader';
import { parseCatalogFile } from '../../../src/core/catalog/parseFile';
import { parseRetryAfter } from '../../../src/core/export/retryPolicy';
import { Outbox, parseLine } from '../../../src/core/export/outbox';
import { compileRules } from '../../../src/core/git/rules/compileRules';
import { builtinRuleSet, parseTeamRules } from '../../../src/core/git/rules/loadRules';
import { silentLogger } from '../../../src/core/log';
import { validateCohort } from '../../../src/core/metrics/cohort';
import { mentorLearners } from '../../../src/core/review/cohort';
import { readRecords } from '../../../src/core/review/store';
import { submitExercise } from '../../../src/core/review/submit';
import { parseHeartbeatLine, readHeartbeatFile } from '../../../src/core/tracking/heartbeatLog';
import { exercise, exerciseFiles, smallCatalog, writeCatalog } from '../catalog/fixtures';
import { sessions } from '../export/fixtures';
import { TempRepo, tempDir } from '../helpers/gitRepo';
import { learnerId, startExercise, Team } from '../review/team';
import { fuzzRuns, inputsTried, mutatedJson, mutatedText, outsideText, timed, timedAsync } from './fuzzHelpers';

/** Bounds per call: generous, so only a hang or a blow-up trips them on a busy machine. */
const PURE_MS = 1_000;
const FILE_MS = 5_000;
const PROCESS_MS = 20_000;

const jsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const validRules = {
  version: 1,
  identities: [{ id: 'corp-agent', emails: ['agent@ai.corp.example'], namePatterns: ['\\(bot\\)$'] }],
  trailers: [{ id: 'ai-pair', key: 'AI-Pair', valuePattern: '^(claude|copilot)$', showValue: true }],
  messages: [{ id: 'corp-gen', pattern: '^\\[ai-generated\\]' }],
  sdks: [{ id: 'corp-llm', python: ['corp_llm'], js: ['@corp/llm'], patterns: [{ keyword: 'llm', regex: 'llm\\.chat\\(' }] }],
  files: [{ id: 'rubric', globs: ['**/rubrics/*.json', '/{graders,judges}/*.yaml'] }],
};

const member = (i: number) => ({ email: `m${i}@corp.example`, name: `Member ${i}`, mentor: 'mo@corp.example' });
const validCohort = { name: 'Q1', start: '2026-01-05', end: '2026-02-27', members: [member(0), member(1), member(2)] };
const validHeartbeat = { at: '2026-03-01T09:00:00.000Z', kind: 'edit', exercise: 'rag-prototype', language: 'typescript', ai: false };
const validEvent = sessions(1)[0];

/** Regex-heavy text: what a hostile or careless rules file puts in a pattern. */
const regexText = fc.string({ unit: fc.constantFrom('a', 'b', '(', ')', '+', '*', '?', '|', '[', ']', '^', '$', '\\', '1', '{', '}', ',', '.', '=', '!', '<', 'k', 'd', 'w', 's'), maxLength: 40 });

describe('fuzzing: every parser of outside data', function () {
  this.timeout(300_000);
  let tmp: { dir: string; dispose(): void };
  before(() => {
    tmp = tempDir('practicum-fuzz-');
  });
  after(() => {
    tmp.dispose();
    const report = Object.fromEntries([...inputsTried].sort(([a], [b]) => a.localeCompare(b)));
    process.stdout.write(`\n    fuzz inputs per parser (FUZZ_RUNS=${process.env.FUZZ_RUNS ?? 'default'}):\n${Object.entries(report).map(([k, v]) => `      ${k}: ${v}`).join('\n')}\n`);
    try {
      writeFileSync(path.resolve(__dirname, '../../../fuzz-report.json'), JSON.stringify({ runs: process.env.FUZZ_RUNS ?? 'default', inputsTried: report }, null, 2) + '\n');
    } catch {
      // the report is a convenience; the counts were printed
    }
  });

  it('AI rules file: parseTeamRules returns rules or named problems; compiled rules answer at once on hostile text', () => {
    const commit = (message: string, name = 'a'.repeat(30) + '!') => ({ authorName: name, authorEmail: 'x@y.example', committerName: name, committerEmail: 'x@y.example', message });
    fc.assert(
      fc.property(fc.oneof(outsideText(validRules), regexText.map((p) => JSON.stringify({ version: 1, messages: [{ id: 'x', pattern: p }], identities: [{ id: 'y', namePatterns: [p] }] }))), fc.string({ maxLength: 60 }), (text, noise) =>
        timed('ai-rules file', PURE_MS, () => {
          const r = parseTeamRules(text);
          assert.ok(Array.isArray(r.problems));
          if (!r.rules) {
            assert.ok(r.problems.length > 0 && r.problems.every((p) => typeof p === 'string' && p.includes('ai-rules.json')), 'an unusable file names the file');
            return;
          }
          const base = builtinRuleSet();
          const compiled = compileRules({ ...base, messages: [...base.messages, ...r.rules.messages], identities: [...base.identities, ...r.rules.identities], trailers: [...base.trailers, ...r.rules.trailers], files: [...base.files, ...r.rules.files], sdks: [...base.sdks, ...r.rules.sdks] });
          compiled.assisted(commit(`${'a'.repeat(4000)}!\n\nAI-Pair: ${'a'.repeat(200)}!\n${noise}`));
          compiled.fileRuleFor(`${'a/'.repeat(100)}${noise}`);
          compiled.addedLineMatcher('src/x.py')?.(`import ${'a'.repeat(2000)}! llm ${noise}`);
        }),
      ),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('cohort file: validateCohort never throws, and valid members around a bad one still load', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    fc.assert(
      fc.property(outsideText(validCohort), (text) =>
        timed('cohort file', PURE_MS, () => {
          const { cohort, issues } = validateCohort(jsonOrUndefined(text), now);
          assert.ok(cohort !== null || issues.some((i) => i.severity === 'error'), 'a refused file says why');
        }),
      ),
      { numRuns: fuzzRuns(300) },
    );
    fc.assert(
      fc.property(mutatedJson(member(9)), (bad) =>
        timed('cohort file', PURE_MS, () => {
          const { cohort } = validateCohort({ ...validCohort, members: [...validCohort.members, bad] }, now);
          assert.deepEqual(cohort?.members.slice(0, 3).map((m) => m.email), validCohort.members.map((m) => m.email));
        }),
      ),
      { numRuns: fuzzRuns(200) },
    );
  });

  it('cohort files in a repository: a random file beside a valid one never hides the valid one', async () => {
    const repo = path.join(tmp.dir, 'cohort-repo');
    mkdirSync(path.join(repo, '.practicum', 'cohorts'), { recursive: true });
    writeFileSync(path.join(repo, '.practicum', 'cohorts', 'a-good.json'), JSON.stringify(validCohort));
    await fc.assert(
      fc.asyncProperty(outsideText(validCohort), async (text) => {
        writeFileSync(path.join(repo, '.practicum', 'cohorts', 'b-fuzz.json'), text);
        const r = await timedAsync('cohort files (mentorLearners)', FILE_MS, () => mentorLearners(repo, 'MO@corp.example'));
        for (const m of validCohort.members) assert.ok(r.learners.has(m.email), m.email);
      }),
      { numRuns: fuzzRuns(60) },
    );
  });

  it('exercise file: parseCatalogFile returns the exercise or problems naming a field, never throws', async () => {
    const file = path.join(tmp.dir, 'x', 'exercise.json');
    mkdirSync(path.dirname(file), { recursive: true });
    await fc.assert(
      fc.asyncProperty(outsideText(exercise('x', { checks: [{ id: 'd', title: 'D', kind: 'diff', pattern: '(a+)+$', glob: '**/*.ts' }] })), async (text) => {
        writeFileSync(file, text);
        const r = await timedAsync('exercise file', FILE_MS, () => parseCatalogFile('exercise', file, 'x'));
        if (!r.ok) assert.ok(r.problems.length > 0 && r.problems.every((p) => typeof p.message === 'string' && p.message.length > 0));
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it('catalog folder: one random exercise file never takes down the others', async () => {
    const dir = path.join(tmp.dir, 'catalog');
    writeCatalog(dir, { ...smallCatalog(), ...exerciseFiles('t', 'm', 'fuzz') });
    const fuzzFile = path.join(dir, 't', 'm', 'fuzz', 'exercise.json');
    await fc.assert(
      fc.asyncProperty(outsideText(exercise('fuzz')), async (text) => {
        writeFileSync(fuzzFile, text);
        const catalog = await timedAsync('catalog folder (loadCatalog)', FILE_MS, () => loadCatalog([{ dir, origin: 'folder' }]));
        for (const id of ['a', 'b']) assert.ok(catalog.exercise(id), `exercise ${id} still loads`);
      }),
      { numRuns: fuzzRuns(40) },
    );
  });

  it('outbox line: parseLine gives an event or a problem; valid lines around bad ones are all counted', async () => {
    fc.assert(
      fc.property(outsideText(validEvent), (text) =>
        timed('outbox line', PURE_MS, () => {
          const l = parseLine('f.jsonl', 1, text);
          assert.ok((l.event === undefined) !== (l.problem === undefined), 'exactly one of event and problem');
        }),
      ),
      { numRuns: fuzzRuns(300) },
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(outsideText(validEvent).map((t) => t.replace(/[\r\n\u2028\u2029]/g, ' ')), { minLength: 1, maxLength: 4 }), async (bad) => {
        const dir = path.join(tmp.dir, `outbox-${n++}`);
        const good = sessions(3);
        mkdirSync(dir, { recursive: true });
        const lines = [JSON.stringify(good[0]), ...bad, JSON.stringify(good[1]), JSON.stringify(good[2])];
        writeFileSync(path.join(dir, '1-fuzz.jsonl'), lines.join('\n') + '\n');
        const stats = await timedAsync('outbox file (Outbox.stats)', FILE_MS, () => new Outbox({ dir }).stats());
        const badValid = bad.filter((t) => parseLine('f', 1, t).event).length;
        assert.equal(stats.events, 3 + badValid);
        assert.equal(stats.malformed, bad.filter((t) => t.trim() !== '').length - badValid);
      }),
      { numRuns: fuzzRuns(40) },
    );
  });

  it('heartbeat line: parseHeartbeatLine gives a heartbeat or a reason; valid lines around bad ones still load', async () => {
    fc.assert(
      fc.property(outsideText(validHeartbeat), (text) =>
        timed('heartbeat line', PURE_MS, () => {
          const r = parseHeartbeatLine(text);
          assert.ok(typeof r === 'string' ? r.length > 0 : r.at === validHeartbeat.at || typeof r.at === 'string');
        }),
      ),
      { numRuns: fuzzRuns(300) },
    );
    const file = path.join(tmp.dir, 'heartbeats.jsonl');
    await fc.assert(
      fc.asyncProperty(mutatedText(JSON.stringify(validHeartbeat)), async (bad) => {
        writeFileSync(file, [JSON.stringify(validHeartbeat), bad, JSON.stringify({ ...validHeartbeat, at: '2026-03-01T09:01:00.000Z' })].join('\n') + '\n');
        const r = await timedAsync('heartbeat file', FILE_MS, () => readHeartbeatFile(file));
        const ats = r.heartbeats.map((h) => h.at);
        assert.ok(ats.includes('2026-03-01T09:00:00.000Z') && ats.includes('2026-03-01T09:01:00.000Z'));
      }),
      { numRuns: fuzzRuns(60) },
    );
  });

  it('Retry-After: a delay in milliseconds (finite, not negative) or undefined, whatever the header says', () => {
    const now = Date.parse('2026-03-01T09:00:00Z');
    const header = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.integer({ min: 1, max: 400 }).chain((n) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })),
      mutatedText('Sun, 01 Mar 2026 09:00:30 GMT'),
      mutatedText('Sunday, 01-Mar-26 09:00:30 GMT'),
      mutatedText('Sun Mar  1 09:00:30 2026'),
    );
    fc.assert(
      fc.property(header, (v) =>
        timed('Retry-After', PURE_MS, () => {
          const ms = parseRetryAfter(v, now);
          assert.ok(ms === undefined || (Number.isFinite(ms) && ms >= 0), `${JSON.stringify(v)} → ${ms}`);
        }),
      ),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('review records: a random tag message under a record ref is a problem, and the valid record around it still loads', async () => {
    const team = new Team();
    try {
      const lea = team.person(learnerId);
      const head = startExercise(lea, 'prompt-basics', { 'p.ts': 'p\n' });
      const good = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
      const valid = JSON.parse(lea.git(['for-each-ref', '--format=%(contents)', `refs/practicum/submissions/${good.record.id}*`]).trim()) as Record<string, unknown>;
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(outsideText(valid).map((t) => t.replace(/\0/g, '')), { minLength: 1, maxLength: 3 }), async (messages) => {
          const refs = messages.map((m, i) => {
            const ref = i === 2 ? `refs/practicum/reviews/${good.record.id}/fuzz-${n}-${i}` : `refs/practicum/submissions/fuzz-${n}-${i}`;
            const tag = `object ${head}\ntype commit\ntag x\ntagger T <t@x.example> 1767000000 +0000\n\n${m}\n`;
            lea.git(['update-ref', ref, lea.git(['mktag'], {}, tag)]);
            return ref;
          });
          n++;
          try {
            const set = await timedAsync('review records (readRecords)', PROCESS_MS, () => readRecords(lea.dir));
            assert.deepEqual(set.submissions.map((s) => s.id), [good.record.id]);
            const problems = new Set(set.problems.map((p) => p.ref));
            for (const ref of refs) assert.ok(problems.has(ref), `${ref} is reported`);
          } finally {
            for (const ref of refs) lea.git(['update-ref', '-d', ref]);
          }
        }),
        { numRuns: fuzzRuns(15) },
      );
    } finally {
      team.dispose();
    }
  });

  it('CLI arguments: every command exits 0, 1 or 2 with a message, never "unexpected error"', async () => {
    // A repository with the files the commands read, so arguments get past parsing into the work.
    mkdirSync(path.join(tmp.dir, 'cli'));
    const repo = new TempRepo(path.join(tmp.dir, 'cli'));
    const cwd = repo.dir;
    repo.commit({ files: { 'a.ts': "import OpenAI from 'openai';\n" }, message: 'init\n\nCo-authored-by: Claude <noreply@anthropic.com>\n', date: '2026-01-06T09:00:00Z' });
    repo.write('cohort.json', JSON.stringify({ ...validCohort, members: [...validCohort.members, { email: 'alice@corp.example' }] }));
    repo.write('hb.jsonl', [JSON.stringify(validHeartbeat), '{ torn', JSON.stringify({ ...validHeartbeat, at: '2026-03-01T09:05:00.000Z' })].join('\n') + '\n');
    await new Outbox({ dir: path.join(cwd, 'outbox') }).append(sessions(3));
    const bundled = path.join(tmp.dir, 'cli-bundled');
    writeCatalog(bundled, smallCatalog());
    const commands = ['scan', 'stats', 'time', 'exercises', 'exercises list', 'exercises validate', 'review', 'review list', 'review add', 'submit', 'sync', 'outbox', 'outbox show', 'outbox flush', 'outbox retry', '--help', '--version', 'nope'];
    const flags = ['--repo', '--since', '--author', '--json', '--no-cache', '--no-team-rules', '--cohort', '--as-of', '--csv', '--post', '--token-env', '--log', '--idle-minutes', '--tz', '--dir', '--endpoint', '--format', '--max-wait', '--batch', '--catalog', '--status', '--mentor', '--window', '--verdict', '--body', '--from', '--outcomes', '--verbose', '-h', '--', '--since=-5', '--batch='];
    const values = fc.oneof(
      fc.constantFrom('', '-5', '99999', '2026-01-31', '2026-02-30', 'x', 'outbox', 'nowhere/file.json', '.', 'cohort.json', 'hb.jsonl', 'a.ts', 'http://127.0.0.1:9/in', 'http://x.localhost/in', 'https://user:pw@127.0.0.1:9/', '\x1b[2J', '{', 'json', 'otlp', '0', '1e9', 'NaN', 'Europe/Paris', 'Mars/Base', 'approve', 'all', '.jsonl'),
      fc.string({ maxLength: 20 }).filter((s) => !s.includes('/') && s !== '..' && s !== '.'),
    );
    const arg = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...flags) }, { weight: 3, arbitrary: values });
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commands), fc.array(arg, { maxLength: 6 }), async (command, rest) => {
        let out = '';
        let err = '';
        const io: CliIo = {
          out: (t) => void (out += t),
          err: (t) => void (err += t),
          log: silentLogger,
          env: { PRACTICUM_CACHE_DIR: path.join(tmp.dir, 'cache'), PRACTICUM_BUNDLED_CATALOG: bundled, PATH: process.env.PATH ?? '' },
          cwd,
        };
        // A flush to the unreachable test port would retry for --max-wait (60 s by default): keep it short.
        const argv = [...command.split(' '), ...rest, ...(command === 'outbox flush' ? ['--max-wait', '0'] : [])];
        const code = await timedAsync('CLI arguments (main)', PROCESS_MS, () => main(argv, io));
        assert.ok([0, 1, 2].includes(code), `${JSON.stringify(argv)} exited ${code}`);
        assert.doesNotMatch(err, /unexpected error/, `${JSON.stringify(argv)}: ${err}`);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (code === 2) assert.ok(err.trim().length > 0 || out.length > 0, `${JSON.stringify(argv)}: bad usage says why`);
      }),
      { numRuns: fuzzRuns(60) },
    );
    repo.dispose();
    process.stdout.write(`      CLI exit codes seen: ${[...codes].sort().map(([c, n]) => `${c}×${n}`).join(', ')}\n`);
  });
});

/**
 * Review data at team scale, on a real repository: 1,000 records (300 submissions, 700 reviews)
 * read and joined into the queue, and the changed-file list of a 2,000-file submission. Each is
 * timed against the bare git command it builds on, run in the same process on the same data, so
 * the ratio is our own overhead (parsing, validation, joining), independent of this machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { changedFiles } from '../../src/core/review/changes';
import { runGit } from '../../src/core/review/gitExec';
import { listSubmissions } from '../../src/core/review/list';
import { boundLeaf } from '../../src/core/review/recordName';
import { timePair, type BenchReport } from './report';

const SUBMISSIONS = 300;
const REVIEWS = 700;
const FILES = 2_000;
const RUNS = 15;

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-05T09:00:00Z', GIT_COMMITTER_DATE: '2026-01-05T09:00:00Z' } }).trim();
}

/** A repository with one big exercise commit and `SUBMISSIONS` + `REVIEWS` record tags, written in bulk. */
function buildRepo(dir: string): { base: string; head: string } {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Bench']);
  git(dir, ['config', 'user.email', 'bench@example.com']);
  writeFileSync(path.join(dir, 'README.md'), '# bench\n');
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'base']);
  const base = git(dir, ['rev-parse', 'HEAD']);
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, 'src', `m${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `f${i}.ts`), `export const v${i} = ${i};\n`.repeat(20));
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'exercise']);
  const head = git(dir, ['rev-parse', 'HEAD']);

  const tagDir = mkdtempSync(path.join(tmpdir(), 'practicum-bench-tags-'));
  const refs: string[] = [];
  const files: string[] = [];
  const records: object[] = [];
  const tag = (name: string, record: object) => {
    records.push(record);
    const file = path.join(tagDir, `${files.length}.tag`);
    writeFileSync(file, `object ${head}\ntype commit\ntag ${name}\ntagger Bench <bench@example.com> 1767600000 +0000\n\n${JSON.stringify(record)}\n`);
    files.push(file);
  };
  const t0 = Date.parse('2026-01-05T10:00:00Z');
  for (let s = 0; s < SUBMISSIONS; s++) {
    const id = `ex${s % 20}-s${s}`;
    tag(id, { schema: 'practicum.submission/v1', id, exercise: `ex${s % 20}`, learner: { name: `L${s % 40}`, email: `l${s % 40}@corp.example` }, branch: `practicum/ex${s % 20}`, base, head, submittedAt: new Date(t0 + s * 60_000).toISOString(), message: 'done', checks: [], round: 1, previous: null });
    refs.push(`refs/practicum/submissions/${boundLeaf(id, JSON.stringify(records[records.length - 1]))}`);
  }
  for (let r = 0; r < REVIEWS; r++) {
    const s = r % SUBMISSIONS;
    const submission = `ex${s % 20}-s${s}`;
    const id = `r${r}`;
    tag(id, { schema: 'practicum.review/v1', id, submission, reviewer: { name: 'M', email: `m${r % 5}@corp.example` }, at: new Date(t0 + (s + 30) * 60_000 + r).toISOString(), verdict: r % 3 ? 'comment' : 'changes', body: 'see comments', head, comments: [{ id: 'c1', file: 'src/m0/f1.ts', line: 3, body: 'why?' }] });
    refs.push(`refs/practicum/reviews/${submission}/${boundLeaf(id, JSON.stringify(records[records.length - 1]))}`);
  }
  const shas = git(dir, ['hash-object', '-t', 'tag', '-w', '--stdin-paths'], files.join('\n') + '\n').split('\n');
  git(dir, ['update-ref', '--stdin'], refs.map((ref, i) => `create ${ref} ${shas[i]}\n`).join(''));
  rmSync(tagDir, { recursive: true, force: true });
  return { base, head };
}

export async function run(): Promise<BenchReport> {
  const dir = mkdtempSync(path.join(tmpdir(), 'practicum-bench-review-'));
  try {
    const { base, head } = buildRepo(dir);
    let listed = 0;
    let problems = -1;
    // The reads the store needs: sizes first (a record over the limit is never read), then ref, peeled target and message.
    const sizes = ['%(refname)', '%(objectname)', '%(objecttype)', '%(objectsize)'].join('%00');
    const format = ['%(refname)', '%(objectname)', '%(*objecttype)', '%(*objectname)', '%(contents)'].join('%00');
    const [list, rawList] = await timePair(
      async () => {
        const l = await listSubmissions({ repo: dir });
        listed = l.submissions.length;
        problems = l.problems.length;
      },
      async () => {
        await runGit(dir, ['for-each-ref', `--format=${sizes}`, 'refs/practicum/']);
        await runGit(dir, ['for-each-ref', `--format=${format}`, 'refs/practicum/']);
      },
      RUNS,
    );
    let files = 0;
    const [diff, rawDiff] = await timePair(
      async () => (files = (await changedFiles(dir, base, head)).length),
      () => runGit(dir, ['diff', '--name-status', '-z', '-M', base, head]),
      RUNS,
    );
    const listRatio = list / rawList;
    const diffRatio = diff / rawDiff;
    return {
      figures: [
        { name: `list ${SUBMISSIONS} submissions + ${REVIEWS} reviews (validated, joined)`, value: list.toFixed(1), unit: 'ms' },
        { name: 'reference: the same two git for-each-ref reads, unparsed', value: rawList.toFixed(1), unit: 'ms' },
        { name: 'our cost per record (parse, validate, join)', value: (((list - rawList) / (SUBMISSIONS + REVIEWS)) * 1000).toFixed(0), unit: 'µs' },
        { name: `changed files of a ${FILES}-file submission`, value: diff.toFixed(1), unit: 'ms' },
        { name: 'reference: git diff --name-status of the same range', value: rawDiff.toFixed(1), unit: 'ms' },
      ],
      targets: [
        { name: 'every record read, none skipped', actual: `${listed} submissions, ${problems} problems`, target: `${SUBMISSIONS} submissions, 0 problems`, ok: listed === SUBMISSIONS && problems === 0 },
        { name: 'listing vs the git read it needs', actual: `${listRatio.toFixed(2)}x`, target: '<= 2x', ok: listRatio <= 2 },
        { name: 'every changed file listed', actual: String(files), target: String(FILES), ok: files === FILES },
        { name: 'changed-file list vs git diff', actual: `${diffRatio.toFixed(2)}x`, target: '<= 1.5x', ok: diffRatio <= 1.5 },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

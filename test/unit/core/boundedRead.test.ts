import { strict as assert } from 'node:assert';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { Outbox } from '../../../src/core/export/outbox';
import { loadRules } from '../../../src/core/git/rules/loadRules';
import { LIMITS } from '../../../src/core/limits';
import { mentorLearners } from '../../../src/core/review/cohort';
import { forEachLine, readTextBounded, type BoundedLine } from '../../../src/core/store/boundedRead';
import { readHeartbeatFile } from '../../../src/core/tracking/heartbeatLog';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/gitRepo';

const MB = 1024 * 1024;
const heartbeat = (at: string) => JSON.stringify({ at, kind: 'edit', exercise: 'rag', language: 'python', ai: false });

/** A file with `lines`, where a number stands for a line of that many bytes of "x" (written in chunks). */
function writeLines(file: string, lines: Array<string | number>): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(MB, 'x');
  for (const l of lines) {
    if (typeof l === 'string') writeSync(fd, l);
    else for (let left = l; left > 0; left -= MB) writeSync(fd, chunk, 0, Math.min(MB, left));
    writeSync(fd, '\n');
  }
  closeSync(fd);
}

describe('bounded reads of outside files (logs, outbox, cohort and rules files)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('practicum-bounded-')));
  afterEach(() => tmp.dispose());

  it('"practicum time --log /dev/zero" ends with a named error, not a stack trace', () => {
    const r = runCli(['time', '--log', '/dev/zero']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'practicum time: /dev/zero is not a regular file (a device, pipe or socket); pass the file itself\n');
  });

  it('a heartbeat line over the limit is skipped with its size, and the lines around it count', async () => {
    const file = path.join(tmp.dir, 'heartbeats-2026-01.jsonl');
    writeLines(file, [heartbeat('2026-01-14T10:00:00.000Z'), 3 * MB, heartbeat('2026-01-14T10:05:00.000Z')]);
    const read = await readHeartbeatFile(file);
    assert.equal(read.heartbeats.length, 2);
    assert.deepEqual(read.skipped, [{ file, line: 2, problem: 'the line is 3 MB, over the 64 KB limit for a heartbeat line; it was not read' }]);
    const cli = runCli(['time', '--log', file, '--json']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stderr, /:2: the line is 3 MB, over the 64 KB limit for a heartbeat line; it was not read \(skipped\)/);
  });

  it('keeps at most one line in memory and stops at the file limit, saying so', async () => {
    const file = path.join(tmp.dir, 'log.jsonl');
    writeFileSync(file, 'a\r\nbb\n\nccc-over\ndddd\neeeeeeeeee');
    const seen: BoundedLine[] = [];
    const r = await forEachLine(file, { maxLineBytes: 4, maxFileBytes: 1000 }, (l) => seen.push(l));
    assert.deepEqual(seen, [
      { line: 1, text: 'a' },
      { line: 2, text: 'bb' },
      { line: 3, text: '' },
      { line: 4, text: '', tooLong: 8 },
      { line: 5, text: 'dddd' },
      { line: 6, text: '', tooLong: 10 },
    ]);
    assert.equal(r.truncated, false);
    const cut: BoundedLine[] = [];
    const t = await forEachLine(file, { maxLineBytes: 100, maxFileBytes: 9 }, (l) => cut.push(l));
    assert.deepEqual([t, cut.map((l) => l.text)], [{ truncated: true, bytes: 9 }, ['a', 'bb', '']]);
  });

  it('an outbox line over the limit is malformed with a named reason, never read whole', async () => {
    const dir = path.join(tmp.dir, 'outbox');
    mkdirSync(dir);
    writeLines(path.join(dir, 'a.jsonl'), ['{"not":"an event"}', 2 * MB]);
    const outbox = new Outbox({ dir });
    const lines = await outbox.transaction((tx) => tx.read('a.jsonl'));
    assert.deepEqual(lines.map((l) => [l.line, l.problem?.replace(/ \(.*/, '')]), [
      [1, 'not a practicum.event/v1 envelope'],
      [2, 'the line is 2 MB, over the 1 MB limit for an outbox line; it was not read'],
    ]);
    assert.equal((await outbox.stats()).malformed, 2);
  });

  it('cohort and rules files over their limits are named, and everything else still loads', async () => {
    const big = path.join(tmp.dir, 'big.json');
    writeLines(big, [LIMITS.cohortFileBytes + 1]);
    await assert.rejects(readTextBounded(big, LIMITS.cohortFileBytes, 'a cohort file'), /big\.json is 4 MB, over the 4 MB limit for a cohort file\. Split it/);

    const repo = path.join(tmp.dir, 'repo');
    mkdirSync(path.join(repo, '.practicum', 'cohorts'), { recursive: true });
    writeLines(path.join(repo, '.practicum', 'cohorts', 'huge.json'), [5 * MB]);
    writeFileSync(path.join(repo, '.practicum', 'cohorts', 'ok.json'), JSON.stringify({ name: 'c', start: '2026-01-05', end: '2026-02-27', members: [{ email: 'lea@corp.example', mentor: 'mo@corp.example' }] }));
    const a = await mentorLearners(repo, 'mo@corp.example');
    assert.deepEqual([...a.learners], ['lea@corp.example']);
    assert.deepEqual(a.problems.map((p) => [p.file, p.problem.replace(/^.*huge\.json /, '')]), [[path.join('.practicum', 'cohorts', 'huge.json'), 'is 5 MB, over the 4 MB limit for a cohort file. Split it or remove what does not belong in it.']]);

    writeLines(path.join(repo, '.practicum', 'ai-rules.json'), [2 * MB]);
    const rules = await loadRules(repo, { bare: false, team: true });
    assert.equal(rules.problems.length, 1);
    assert.match(rules.problems[0]!, /ai-rules\.json could not be read \(.*is 2 MB, over the 1 MB limit for a team rules file.*the built-in rules still apply/);

    const stats = runCli(['stats', '--cohort', big, '--json']);
    assert.equal(stats.code, 1, stats.stderr);
    assert.match(stats.stderr, /big\.json is 4 MB, over the 4 MB limit for a cohort file/);
  });
});

import { strict as assert } from 'node:assert';
import { ScanProgressView, wantsProgress } from '../../../src/cli/scanProgress';

function view(isTTY: boolean) {
  let t = 0;
  const out: string[] = [];
  const v = new ScanProgressView({ write: (s) => void out.push(s), isTTY, columns: 120 }, { now: () => t, timer: false });
  return { v, out, at: (ms: number) => (t = ms) };
}

describe('scan progress', () => {
  it('shows nothing during the first 2 s', () => {
    const { v, out, at } = view(true);
    v.update({ commits: 5000, total: 100000 });
    at(1999);
    v.tick();
    v.done();
    assert.deepEqual(out, []);
  });

  it('draws a bar in place on a terminal, then clears it', () => {
    const { v, out, at } = view(true);
    v.update({ commits: 25000, total: 100000 });
    at(2500);
    v.tick();
    v.update({ commits: 50000, total: 100000 });
    at(3000);
    v.tick();
    v.done();
    assert.equal(out.length, 3);
    assert.match(out[0] as string, /^\r\x1b\[Kscanning \[#{10}\.{30}\]  25% 25,000\/100,000 commits, 3 s$/);
    assert.match(out[1] as string, /^\r\x1b\[Kscanning \[#{20}\.{20}\]  50% 50,000\/100,000 commits, 3 s$/);
    assert.equal(out[2], '\r\x1b[K');
  });

  it('writes one line every 5 s when stderr is not a terminal, and nothing to clear', () => {
    const { v, out, at } = view(false);
    v.update({ commits: 10000, total: 80000 });
    for (const ms of [2000, 3000, 6000, 7000, 8000]) {
      at(ms);
      v.tick();
    }
    v.done();
    assert.deepEqual(out, ['practicum scan: read 10,000/80,000 commits (12%), 2 s\n', 'practicum scan: read 10,000/80,000 commits (12%), 7 s\n']);
  });

  it('counts without a total while git is still listing', () => {
    const { v, out, at } = view(false);
    v.update({ commits: 1500 });
    at(2100);
    v.tick();
    assert.deepEqual(out, ['practicum scan: read 1,500 commits, 2 s\n']);
  });

  it('is off with --quiet, and with --json to a pipe, unless --progress', () => {
    const cases: Array<[{ progress: boolean; quiet: boolean; json: boolean }, boolean, boolean]> = [
      [{ progress: false, quiet: false, json: false }, false, true],
      [{ progress: false, quiet: true, json: false }, true, false],
      [{ progress: false, quiet: false, json: true }, false, false],
      [{ progress: false, quiet: false, json: true }, true, true],
      [{ progress: true, quiet: true, json: true }, false, true],
    ];
    for (const [flags, tty, want] of cases) assert.equal(wantsProgress(flags, tty), want, JSON.stringify({ flags, tty }));
  });
});

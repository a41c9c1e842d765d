import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A large synthetic repository for the scan bench, written with `git fast-import` in one stream.
 * Deterministic (seeded), so every run builds the same history and the expected AI commits are known:
 * the bench checks the scan found exactly those, at scale, not just that it was fast.
 */
export interface ScanFixture {
  /** Bare repository. */
  dir: string;
  /** `main`: the first `commits` commits; `next`: `extra` more on top. */
  mainHead: string;
  nextHead: string;
  /** AI commits planted on main / on next only. */
  expectedMain: Expected;
  expectedNext: Expected;
}

export interface Expected {
  assisted: number;
  building: number;
  ai: number;
}

const fixtureVersion = 3;

/** Small seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FileState {
  path: string;
  lines: string[];
  lang: 'ts' | 'py' | 'go' | 'md' | 'json';
  sdk: boolean;
}

const humans = [
  ...Array.from({ length: 36 }, (_, i) => ({ name: `Engineer ${i}`, email: `eng${i}@corp.example` })),
  // Look-alikes: people, not tools.
  { name: 'Claude Monet', email: 'claude.monet@corp.example' },
  { name: 'Copilot Fan', email: 'copilot.fan@corp.example' },
];

function line(lang: FileState['lang'], r: () => number): string {
  const n = Math.floor(r() * 100000);
  switch (lang) {
    case 'ts': return `  const value${n} = compute(input${n % 97}, ${n % 13});`;
    case 'py': return `    value_${n} = compute(data_${n % 97}, ${n % 13})`;
    case 'go': return `\tvalue${n} := compute(input${n % 97}, ${n % 13})`;
    case 'md': return `The module handles case ${n} for region ${n % 31}.`;
    case 'json': return `  "key${n}": ${n % 1000},`;
  }
}

/** Builds the fixture in `dir` (reused when a complete one of this version is already there). */
export async function createScanFixture(dir: string, commits: number, extra: number): Promise<ScanFixture> {
  const marker = path.join(dir, 'practicum-fixture.json');
  if (existsSync(marker)) {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as ScanFixture & { version: number; commits: number; extra: number };
    if (saved.version === fixtureVersion && saved.commits === commits && saved.extra === extra) return saved;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', dir]);

  const r = rng(42);
  const langs: FileState['lang'][] = ['ts', 'ts', 'ts', 'py', 'py', 'py', 'go', 'md', 'json'];
  const files: FileState[] = Array.from({ length: 800 }, (_, i) => {
    const lang = langs[i % langs.length] as FileState['lang'];
    return { path: `src/mod${i % 40}/file${i}.${lang}`, lang, sdk: false, lines: Array.from({ length: 30 + Math.floor(r() * 30) }, () => line(lang, r)) };
  });
  const expectedMain: Expected = { assisted: 0, building: 0, ai: 0 };
  const expectedNext: Expected = { assisted: 0, building: 0, ai: 0 };

  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))));
  let pending: string[] = [];
  let size = 0;
  const write = async (s: string) => {
    pending.push(s);
    size += s.length;
    if (size > 1 << 20) {
      const ok = child.stdin.write(pending.join(''));
      pending = [];
      size = 0;
      if (!ok) await new Promise((res) => child.stdin.once('drain', res));
    }
  };
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;

  let time = Date.UTC(2019, 0, 1) / 1000;
  for (let i = 0; i < commits + extra; i++) {
    const branch = i < commits ? 'main' : 'next';
    const exp = i < commits ? expectedMain : expectedNext;
    time += 60 + Math.floor(r() * 1800);
    let author = humans[Math.floor(r() * humans.length)] as { name: string; email: string };
    let committer = author;
    const subject = `Update module ${i % 40}: case ${i}`;
    let body = r() < 0.4 ? `\n\nThis change adjusts the handling of case ${i} and keeps the old path working.\n` : '\n';
    let assisted = false;
    let building = false;
    const pick = r();
    if (pick < 0.02) {
      body += `\nCo-authored-by: Claude <noreply@anthropic.com>\n`;
      assisted = true;
    } else if (pick < 0.025) {
      author = { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com' };
      committer = { name: 'GitHub', email: 'noreply@github.com' };
      assisted = true;
    } else if (pick < 0.03) {
      author = { name: `${author.name} (aider)`, email: author.email };
      committer = author;
      assisted = true;
    } else if (pick < 0.035) {
      committer = { name: `${author.name} (aider)`, email: author.email }; // committer-only: not counted
    } else if (pick < 0.045) {
      // A trailer-looking line inside prose: not a trailer.
      body += `\nCo-authored-by: Claude <noreply@anthropic.com> suggested this in review, see the notes.\nThanks to the team.\n`;
    } else if (pick < 0.05) {
      body += `\nAssisted-by: GitHub Copilot\nSigned-off-by: ${author.name} <${author.email}>\n`;
      assisted = true;
    }
    let ops = '';
    const touched = 1 + (r() < 0.4 ? 1 : 0);
    const sdkOp = r();
    for (let k = 0; k < touched; k++) {
      const f = files[Math.floor(r() * files.length)] as FileState;
      const at = Math.floor(r() * f.lines.length);
      if (k === 0 && sdkOp < 0.004 && (f.lang === 'py' || f.lang === 'ts') && !f.sdk) {
        f.lines.splice(0, 0, f.lang === 'py' ? 'from openai import OpenAI' : `import OpenAI from 'openai';`);
        f.sdk = true;
        building = true;
      } else if (k === 0 && sdkOp > 0.996 && f.sdk) {
        f.lines.splice(0, 1); // removing the import: -G sees it, but it is not building
        f.sdk = false;
      } else {
        const op = r();
        if (op < 0.5) f.lines[at] = line(f.lang, r);
        else if (op < 0.8) f.lines.splice(at, 0, line(f.lang, r), line(f.lang, r));
        else if (f.lines.length > 20) f.lines.splice(at, 1);
      }
      ops += `M 100644 inline ${f.path}\n${data(f.lines.join('\n') + '\n')}`;
    }
    if (assisted) exp.assisted++;
    if (building) exp.building++;
    if (assisted || building) exp.ai++;
    const header = `commit refs/heads/${branch}\nauthor ${author.name} <${author.email}> ${time} +0000\ncommitter ${committer.name} <${committer.email}> ${time} +0000\n`;
    const from = i === commits ? 'from refs/heads/main\n' : '';
    await write(header + data(subject + body) + from + ops);
  }
  pending.push('done\n');
  child.stdin.end(pending.join(''));
  await exited;
  const rev = (ref: string) => execFileSync('git', ['rev-parse', ref], { cwd: dir, encoding: 'utf8' }).trim();
  // What a maintained clone has after `git gc`/`fetch`: a commit-graph (both sides of the comparison use it).
  execFileSync('git', ['commit-graph', 'write', '--reachable'], { cwd: dir, stdio: 'ignore' });
  const fixture: ScanFixture = { dir, mainHead: rev('refs/heads/main'), nextHead: rev('refs/heads/next'), expectedMain, expectedNext };
  writeFileSync(marker, JSON.stringify({ ...fixture, version: fixtureVersion, commits, extra }));
  return fixture;
}

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ProbeCheck } from '../../../catalog/schema';
import type { FailingCase } from '../../result';
import { git } from '../../git';
import { runShell, type ShellResult } from '../../shell';
import type { Judgement } from '../types';

/** Files larger than this are not hashed (weights that big are downloaded and verified in CI, not committed). */
const MAX_ARTIFACT_BYTES = 64 * 1024 * 1024;
/** Files searched for recorded digests (manifests, lockfiles, scripts, docs). */
const MAX_RECORD_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 5000;

/** A committed file whose sha256 is written down in other committed files. */
export interface PinnedArtifact {
  file: string;
  digest: string;
  /** Every other committed text file holding the digest (a manifest, the script, the docs). */
  recordedIn: string[];
}

/** The committed files of `dir` (a private checkout) whose sha256 appears, in hex, in another committed text file. */
export async function pinnedArtifacts(dir: string): Promise<PinnedArtifact[]> {
  const files = (await git(dir, ['ls-files', '-z'])).split('\0').filter(Boolean).slice(0, MAX_FILES);
  const digests = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const file of files) {
    const full = path.join(dir, file);
    const st = await fs.lstat(full).catch(() => undefined);
    if (!st?.isFile() || st.size > MAX_ARTIFACT_BYTES) continue;
    const buf = await fs.readFile(full);
    const digest = createHash('sha256').update(buf).digest('hex');
    if (!digests.has(digest)) digests.set(digest, file);
    if (buf.length <= MAX_RECORD_BYTES && !buf.includes(0)) texts.set(file, buf.toString('utf8').toLowerCase());
  }
  const out: PinnedArtifact[] = [];
  for (const [digest, file] of digests) {
    const recordedIn = [...texts].filter(([f, text]) => f !== file && text.includes(digest)).map(([f]) => f);
    if (recordedIn.length > 0) out.push({ file, digest, recordedIn });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

export interface DrillOptions {
  command: string;
  /** A private checkout of the checked commit: the drill changes files in it. */
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
}

/**
 * The learner's verify command against drift, on a private checkout: it must exit 0 on the checked
 * commit; exit non-zero and name the file after one byte of a pinned artifact is flipped; and exit
 * non-zero after the recorded sha256 of a pinned artifact is changed. The changed files are hidden
 * from `git status`/`git diff` (assume-unchanged), so a command that only asks git whether the tree
 * is clean catches nothing.
 */
export async function runTamperDrill(check: ProbeCheck & { evaluator: { type: 'tamperDrill' } }, opts: DrillOptions): Promise<Judgement & { output: string }> {
  const minPinned = check.evaluator.minPinned;
  const run = () => runShell(opts.command, { cwd: opts.cwd, timeoutMs: opts.timeoutMs, env: opts.env, signal: opts.signal, onOutput: opts.onOutput });
  const tail = (r: ShellResult) => (r.output.trim().split('\n').pop() ?? '').slice(0, 160);
  const pinned = await pinnedArtifacts(opts.cwd);
  const failing: FailingCase[] = [];
  const log: string[] = [];
  if (pinned.length < minPinned) {
    failing.push({ id: 'pins', reason: `${pinned.length} committed file(s) have their sha256 recorded in another committed file; record the sha256 of each committed weight, dataset or prompt file your verify command checks (at least ${minPinned})` });
  }
  const clean = await run();
  log.push(`$ ${opts.command}   (checked commit)\n${clean.output}`);
  if (clean.timedOut) failing.push({ id: 'untouched', reason: `did not finish within ${Math.round(opts.timeoutMs / 1000)} s` });
  else if (clean.exitCode !== 0) failing.push({ id: 'untouched', reason: `exited with ${clean.exitCode} on the checked commit; it must pass before it can catch drift (${tail(clean)})` });

  let caught = 0;
  const first = pinned[0];
  const second = pinned[1] ?? first;
  if (first && second) {
    const artifact = await drill(opts.cwd, [first.file], (buf) => flipByte(buf), run);
    log.push(`$ ${opts.command}   (one byte of ${first.file} flipped)\n${artifact.output}`);
    const named = [first.file, path.posix.basename(first.file), first.digest].some((s) => artifact.fullOutput.includes(s));
    if (artifact.timedOut) failing.push({ id: 'tampered-artifact', reason: `did not finish within ${Math.round(opts.timeoutMs / 1000)} s` });
    else if (artifact.exitCode === 0) failing.push({ id: 'tampered-artifact', reason: `exited 0 after one byte of ${first.file} changed; recompute its sha256 and compare it with the recorded one` });
    else if (!named) failing.push({ id: 'tampered-artifact', reason: `exited ${artifact.exitCode} after ${first.file} changed but never named it; print the drifted file so the failure says what to look at` });
    else caught++;

    const where = second.recordedIn.join(', ');
    const record = await drill(opts.cwd, second.recordedIn, (buf) => Buffer.from(replaceDigest(buf.toString('utf8'), second.digest)), run);
    log.push(`$ ${opts.command}   (recorded sha256 of ${second.file} changed in ${where})\n${record.output}`);
    if (record.timedOut) failing.push({ id: 'changed-record', reason: `did not finish within ${Math.round(opts.timeoutMs / 1000)} s` });
    else if (record.exitCode === 0) failing.push({ id: 'changed-record', reason: `exited 0 after the sha256 recorded for ${second.file} in ${where} changed; compare every recorded hash with the file` });
    else caught++;
  }
  const metrics = { pinnedArtifacts: pinned.length, drillsCaught: caught, untouchedExit: clean.exitCode ?? -1 };
  const targets = { pinnedArtifacts: { op: '>=' as const, value: minPinned }, drillsCaught: { op: '>=' as const, value: 2 } };
  return { pass: failing.length === 0, metrics, targets, failing, output: log.join('\n') };
}

/** Changes files, hides the changes from git, runs the command, and puts the files back. */
async function drill(cwd: string, files: string[], change: (buf: Buffer) => Buffer, run: () => Promise<ShellResult>): Promise<ShellResult> {
  const originals = await Promise.all(files.map((f) => fs.readFile(path.join(cwd, f))));
  try {
    for (const [i, f] of files.entries()) await fs.writeFile(path.join(cwd, f), change(originals[i] as Buffer));
    await git(cwd, ['update-index', '--assume-unchanged', '--', ...files]);
    return await run();
  } finally {
    for (const [i, f] of files.entries()) await fs.writeFile(path.join(cwd, f), originals[i] as Buffer);
    await git(cwd, ['update-index', '--no-assume-unchanged', '--', ...files]);
  }
}

/** The buffer with its middle byte's lowest bit flipped (an empty file gets one byte). */
export function flipByte(buf: Buffer): Buffer {
  if (buf.length === 0) return Buffer.from([0x0a]);
  const out = Buffer.from(buf);
  const i = Math.floor(out.length / 2);
  out[i] = (out[i] as number) ^ 0x01;
  return out;
}

/** The text with every occurrence of `digest` (any case) replaced by a digest that differs in its last character. */
export function replaceDigest(text: string, digest: string): string {
  const last = digest[digest.length - 1] === '0' ? '1' : '0';
  return text.replace(new RegExp(digest, 'gi'), digest.slice(0, -1) + last);
}

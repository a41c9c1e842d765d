import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PracticumError } from '../errors';
import { firstLine, runGit } from './gitExec';
import { splitSignature } from './recordName';

/** Where a team lists who may sign verdicts (`<email> <ssh public key>` per line, as ssh-keygen reads it). */
export const ALLOWED_SIGNERS_FILE = '.practicum/allowed_signers';

const SIGN_TIMEOUT_MS = 120_000;
const VERIFY_TIMEOUT_MS = 30_000;

/**
 * Makes a signed annotated tag of `message` on `target` with git's own signing (`git tag -s`: the
 * user's gpg.format, user.signingkey and agent), and returns the tag object's id. The tag is created
 * under refs/tags only for as long as git needs to write it; the caller points the record ref at it.
 */
export async function signedTag(repo: string, tagName: string, target: string, message: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'practicum-sign-'));
  try {
    const file = path.join(dir, 'message');
    await writeFile(file, message);
    const made = await runGit(repo, ['tag', '-s', '--cleanup=verbatim', '-F', file, tagName, target], { allowFailure: true, timeoutMs: SIGN_TIMEOUT_MS });
    const tag = await runGit(repo, ['rev-parse', '--verify', '--quiet', `refs/tags/${tagName}`], { allowFailure: true });
    const sha = tag.stdout.trim();
    if (sha) await runGit(repo, ['update-ref', '-d', `refs/tags/${tagName}`, sha]);
    // Some git versions print the signing error yet exit 0 with an unsigned tag: check the tag itself.
    const signed = sha ? splitSignature((await runGit(repo, ['cat-file', 'tag', sha], { maxOutputBytes: 2 * 1024 * 1024 })).stdout).signature !== undefined : false;
    if (made.code !== 0 || !signed) {
      throw new PracticumError(
        'environment',
        `Could not sign the review (git: ${firstLine(made.stderr)}). Set up git signing, e.g. "git config gpg.format ssh" and "git config user.signingkey ~/.ssh/id_ed25519.pub", then try again.`,
        made,
      );
    }
    return sha;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The allowed-signers file of a repository's working tree, if the team keeps one. */
export function allowedSignersOf(repo: string): string | undefined {
  const file = path.join(repo, ALLOWED_SIGNERS_FILE);
  return existsSync(file) ? file : undefined;
}

/**
 * Why the signed tag `tagSha` does not prove that `email` gave its verdict, or undefined when it does:
 * git verifies the signature (SSH against `allowedSigners`, OpenPGP against the user's keyring) and the
 * signer it names must be the record's reviewer.
 */
export async function signatureProblem(repo: string, tagSha: string, email: string, allowedSigners: string | undefined): Promise<string | undefined> {
  const config = allowedSigners ? [`gpg.ssh.allowedSignersFile=${allowedSigners}`] : [];
  const r = await runGit(repo, ['verify-tag', '--raw', tagSha], { allowFailure: true, config, timeoutMs: VERIFY_TIMEOUT_MS, maxOutputBytes: 64 * 1024 });
  const said = `${r.stdout}\n${r.stderr}`;
  const signer = /Good "git" signature for (\S+) with /.exec(said)?.[1] ?? /\[GNUPG:\] GOODSIG [0-9A-F]+ .*<([^>\s]+)>/.exec(said)?.[1];
  if (r.code !== 0 || !signer) {
    const where = allowedSigners ? ALLOWED_SIGNERS_FILE : `the repository (no ${ALLOWED_SIGNERS_FILE})`;
    return `its signature does not verify against ${where}: ${firstLine(r.stderr)}`;
  }
  if (signer.toLowerCase() !== email.trim().toLowerCase()) return `it is signed by ${signer}, not by its reviewer ${email}`;
  return undefined;
}

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { listSubmissions } from '../../../src/core/review/list';
import { summarize } from '../../../src/core/review/metrics';
import { addReview } from '../../../src/core/review/review';
import { ReviewListSchema } from '../../../src/core/review/schema';
import { submitExercise } from '../../../src/core/review/submit';
import { syncRecords } from '../../../src/core/review/sync';
import { runCli } from '../helpers/cli';
import { tempDir, type TempRepo } from '../helpers/gitRepo';
import { HOUR, learnerId, lines, mentorA, mentorB, startExercise, Team } from './team';

/** An SSH key pair made by ssh-keygen, as a mentor would sign with. */
function keyPair(dir: string, name: string): string {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return `${file}.pub`;
}

function signWith(repo: TempRepo, publicKey: string): void {
  repo.git(['config', 'gpg.format', 'ssh']);
  repo.git(['config', 'user.signingkey', publicKey]);
}

describe('signed verdicts (SSH keys made by ssh-keygen)', () => {
  let team: Team;
  let keys: { dir: string; dispose(): void };
  beforeEach(() => {
    team = new Team();
    keys = tempDir('practicum-keys-');
  });
  afterEach(() => {
    team.dispose();
    keys.dispose();
  });

  it('only verdicts signed by their reviewer with a key in .practicum/allowed_signers set status and metrics', async () => {
    const moKey = keyPair(keys.dir, 'mo');
    const eveKey = keyPair(keys.dir, 'eve');
    const allowed = `${mentorA.email} ${execFileSync('cat', [moKey], { encoding: 'utf8' }).trim()}\n`;
    const lea = team.person(learnerId);
    startExercise(lea, 'prompt-basics', { 'src/p.ts': lines('p', 5) });
    const t0 = Date.parse('2026-01-10T12:00:00Z');
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics', clock: { now: () => t0 } });
    await syncRecords({ repo: lea.dir });

    // Mo approves, signed, through the CLI.
    const mo = team.person(mentorA);
    signWith(mo, moKey);
    await syncRecords({ repo: mo.dir });
    const add = runCli(['review', 'add', '--repo', mo.dir, '--submission', sub.record.id, '--verdict', 'approve', '--body', 'Good.', '--sign']);
    assert.equal(add.code, 0, add.stderr);
    assert.match(mo.git(['cat-file', '-p', mo.git(['for-each-ref', '--format=%(objectname)', 'refs/practicum/reviews/'])]), /-----BEGIN SSH SIGNATURE-----/);
    await syncRecords({ repo: mo.dir });

    // Someone claiming to be Mo signs "changes" with a key the team does not list.
    const eve = team.person(mentorA);
    signWith(eve, eveKey);
    await syncRecords({ repo: eve.dir });
    await addReview({ repo: eve.dir, submissionId: sub.record.id, verdict: 'changes', body: 'Redo it.', sign: true, clock: { now: () => Date.now() + HOUR } });
    await syncRecords({ repo: eve.dir });
    // Max requests changes without signing.
    const max = team.person(mentorB);
    await syncRecords({ repo: max.dir });
    await addReview({ repo: max.dir, submissionId: sub.record.id, verdict: 'changes', body: 'Unsigned.', clock: { now: () => Date.now() + 2 * HOUR } });
    await syncRecords({ repo: max.dir });

    const reader = team.person(learnerId);
    await syncRecords({ repo: reader.dir });
    mkdirSync(path.join(reader.dir, '.practicum'), { recursive: true });
    writeFileSync(path.join(reader.dir, '.practicum', 'allowed_signers'), allowed);

    const open = (await listSubmissions({ repo: reader.dir })).submissions[0]!;
    assert.equal(open.status, 'changes-requested', 'without the requirement the latest verdict counts, signed or not');

    const strict = (await listSubmissions({ repo: reader.dir, requireSigned: true })).submissions[0]!;
    assert.equal(strict.status, 'approved');
    assert.equal(strict.reviews.length, 3, 'unverified verdicts are still listed');
    const why = [...(strict.unverified ?? new Map()).values()];
    assert.equal(why.length, 2);
    assert.ok(why.some((w) => /not signed/.test(w)));
    assert.ok(why.some((w) => /does not verify against \.practicum\/allowed_signers/.test(w)));
    assert.equal(summarize([strict]).firstPassApprovalRate, 1);

    // The team setting (git config) applies to the CLI and every reader; the JSON names what is unverified.
    reader.git(['config', 'practicum.requireSignedReviews', 'true']);
    const listed = runCli(['review', 'list', '--repo', reader.dir, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const entry = ReviewListSchema.parse(listed.json()).submissions[0]!;
    assert.equal(entry.status, 'approved');
    assert.deepEqual(entry.reviews.map((r) => [r.body, r.unverified !== undefined]), [['Good.', false], ['Redo it.', true], ['Unsigned.', true]]);
    assert.match(listed.stderr, /unverified review .* \(not counted\): the verdict is not signed/);

    // A signer listed under another name does not prove this reviewer either.
    writeFileSync(path.join(reader.dir, '.practicum', 'allowed_signers'), allowed.replace(mentorA.email, 'someone@corp.example'));
    const renamed = (await listSubmissions({ repo: reader.dir })).submissions[0]!;
    assert.equal(renamed.status, 'pending');
  });

  it('--sign without a signing key is an environment error naming the setup', async () => {
    const lea = team.person(learnerId);
    startExercise(lea, 'prompt-basics', { 'src/p.ts': lines('p', 5) });
    const sub = await submitExercise({ repo: lea.dir, exerciseId: 'prompt-basics' });
    await syncRecords({ repo: lea.dir });
    const mo = team.person(mentorA);
    mo.git(['config', 'gpg.format', 'ssh']);
    mo.git(['config', 'user.signingkey', path.join(keys.dir, 'missing.pub')]);
    await syncRecords({ repo: mo.dir });
    const run = runCli(['review', 'add', '--repo', mo.dir, '--submission', sub.record.id, '--verdict', 'approve', '--body', 'ok', '--sign']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /Could not sign the review .*git config user\.signingkey/);
    assert.equal(mo.git(['for-each-ref', 'refs/practicum/reviews/', 'refs/tags/']), '', 'nothing half-written');
  });
});

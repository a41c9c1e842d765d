import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DraftStore } from '../../../src/core/review/drafts';
import { addReview } from '../../../src/core/review/review';
import { listSubmissions } from '../../../src/core/review/list';
import { submitExercise } from '../../../src/core/review/submit';
import { syncRecords } from '../../../src/core/review/sync';
import { activatedExtension, fixturePath, screenshot } from '../helpers';
import type { ThreadSnapshot } from '../../../src/vscode/review/comments';

interface QueueSnapshot {
  filter: 'mine' | 'all';
  overdue: string[];
  waiting: string[];
  reviewed: string[];
  badge: number;
  mine: Array<{ id: string; status: string; reviews: number }>;
  unpushed: number;
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `// ${prefix} ${i + 1}`).join('\n') + '\n';
const queue = () => vscode.commands.executeCommand<QueueSnapshot>('practicum.review.queueSnapshot');

const threads = () => vscode.commands.executeCommand<ThreadSnapshot[]>('practicum.review.threadsSnapshot');
/** What the reply box sends when Add to Review, Comment Now or Reply is pressed. */
const replyIn = (command: string, t: ThreadSnapshot, text: string) => vscode.commands.executeCommand(command, { thread: t.thread, text } satisfies vscode.CommentReply);
const shown = (t: ThreadSnapshot | undefined) => t?.comments.map((c) => `${c.pending ? 'pending' : 'posted'}: ${c.body}`);

interface StoredReview {
  id: string;
  at: string;
  verdict: string;
  reviewer: { email: string };
  comments: Array<{ id: string; line: number; body: string; replyTo?: string }>;
}

/** The review records of a submission as git stores them: annotated tags under refs/practicum/reviews/<submission>/. */
function storedReviews(repo: string, submissionId: string): StoredReview[] {
  const refs = git(repo, 'for-each-ref', '--format=%(refname)', `refs/practicum/reviews/${submissionId}/`).split('\n').filter(Boolean);
  const records = refs.map((ref) => {
    const tag = git(repo, 'cat-file', 'tag', ref);
    return JSON.parse(tag.slice(tag.indexOf('\n\n') + 2)) as StoredReview;
  });
  return records.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}
const links = (r: StoredReview | undefined) => r?.comments.map((c) => [c.id, c.line, c.body, c.replyTo]);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Another person's clone of the team remote. */
function person(origin: string, name: string, email: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'practicum-person-'));
  git(tmpdir(), 'clone', '-q', origin, dir);
  git(dir, 'config', 'user.name', name);
  git(dir, 'config', 'user.email', email);
  return dir;
}

/** A team catalog with the exercise the learner in this workspace does, so submitting goes through the exercise runner. */
function writeCatalog(dir: string): void {
  const write = (rel: string, value: unknown) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  write('it-review/track.json', { id: 'it-review', title: 'Review track', summary: 'For the review suite.', kind: 'role', role: 'backend', order: 98 });
  write('it-review/it-rag/module.json', { id: 'it-rag', title: 'Retrieval', summary: 'A module.', order: 0, hours: 1, handsOnShare: 1, outcomes: ['Retrieves.'] });
  write('it-review/it-rag/rag-intro/brief.md', '# Retrieval\n\nWhy it matters: the review suite submits it.\n');
  write('it-review/it-rag/rag-intro/exercise.json', {
    id: 'rag-intro',
    title: 'A first retrieval step',
    summary: 'Add src/rag.js.',
    order: 0,
    estimateMinutes: 15,
    steps: ['Add `src/rag.js`.'],
    acceptance: ['It retrieves.'],
    checks: [{ id: 'code-changed', title: 'Code changed', kind: 'files', glob: 'src/**/*.js' }],
  });
}

function learnerWork(dir: string, exercise: string, files: Record<string, string>): void {
  git(dir, 'checkout', '-q', '-b', `practicum/${exercise}`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  git(dir, 'add', '--', ...Object.keys(files));
  git(dir, 'commit', '-q', '-m', `work on ${exercise}`);
}

describe('review: mentor queue, diff, comments and verdicts', function () {
  this.timeout(120_000);
  let ws: string;
  let origin: string;
  const temps: string[] = [];
  let catalogDir: string;

  before(async () => {
    await activatedExtension();
    ws = fixturePath();
    origin = mkdtempSync(path.join(tmpdir(), 'practicum-team-'));
    temps.push(origin);
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    git(ws, 'remote', 'add', 'origin', origin);
    git(ws, 'push', '-q', 'origin', 'main');
    catalogDir = mkdtempSync(path.join(tmpdir(), 'practicum-review-catalog-'));
    temps.push(catalogDir);
    writeCatalog(catalogDir);
    await vscode.workspace.getConfiguration('practicum').update('catalogFolders', [catalogDir], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('practicum').update('review.fetchIntervalMinutes', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('practicum').update('catalogFolders', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    git(ws, 'checkout', '-q', 'main');
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  it('opens a submission in diff editors, adds a line comment and a verdict, and the queue updates', async () => {
    const lea = person(origin, 'Lea Learner', 'lea@example.com');
    temps.push(lea);
    learnerWork(lea, 'prompt-basics', {
      'src/prompt.js': "export function buildPrompt(question) {\n  const system = 'You are a careful assistant.';\n  return `${system}\\n\\n${question}`;\n}\n",
      'src/greet.js': "export function greet(name) {\n  return `Hello, ${name || 'world'}!`;\n}\n\nexport const shout = (n) => greet(n).toUpperCase();\n",
    });
    const sub = await submitExercise({ repo: lea, exerciseId: 'prompt-basics', message: 'Prompt builder with a system line.' });
    await syncRecords({ repo: lea });

    await vscode.commands.executeCommand('workbench.view.extension.practicum');
    await vscode.commands.executeCommand('practicum.review.sync');
    let q = await queue();
    assert.equal(q.filter, 'all', 'no cohort file assigns learners to me, so the queue shows everyone');
    assert.deepEqual(q.waiting, [sub.record.id]);
    assert.equal(q.badge, 1);

    await vscode.commands.executeCommand('practicum.review.open', sub.record.id);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.ok(tabs.some((l) => l.includes('prompt-basics round 1')), `a changes editor opened: ${tabs.join(', ')}`);

    await vscode.commands.executeCommand('practicum.review.addComment', { submissionId: sub.record.id, file: 'src/prompt.js', line: 3, body: 'What happens when the question is empty?' });
    await vscode.commands.executeCommand('practicum.review.openFile', sub.record.id, 'src/prompt.js', 3);
    const active = vscode.window.activeTextEditor?.document.uri;
    assert.equal(active?.scheme, 'practicum-git');
    assert.match(active?.path ?? '', /src\/prompt\.js$/);
    await new Promise((r) => setTimeout(r, 800));
    await screenshot('review-mentor-diff-with-comment');

    await vscode.commands.executeCommand('practicum.review.requestChanges', { submissionId: sub.record.id, body: 'Handle the empty question, then resubmit.' });
    q = await queue();
    assert.deepEqual([q.waiting, q.reviewed, q.badge], [[], [sub.record.id], 0], 'the reviewed item left the queue at once');

    const local = (await listSubmissions({ repo: ws })).submissions.find((s) => s.record.id === sub.record.id)!;
    assert.equal(local.status, 'changes-requested');
    assert.deepEqual(local.reviews[0]!.comments.map((c) => [c.file, c.line, c.body]), [['src/prompt.js', 3, 'What happens when the question is empty?']]);
    assert.equal(local.reviews[0]!.reviewer.email, 'ada@example.com');

    // The background push shares it: the learner's next sync brings the review.
    const seen = await until('the learner to receive the review', async () => {
      await syncRecords({ repo: lea });
      const s = (await listSubmissions({ repo: lea })).submissions[0];
      return s && s.reviews.length === 1 ? s : undefined;
    });
    assert.equal(seen.status, 'changes-requested');
    await vscode.commands.executeCommand('practicum.reviews.focus');
    await screenshot('review-queue-after-verdict');
  });

  it('pending comments saved before a reload come back when the submission opens, go out with the verdict, then are deleted', async () => {
    const lea = person(origin, 'Lea Learner', 'lea@example.com');
    temps.push(lea);
    learnerWork(lea, 'drafts-survive', { 'src/draft.js': numbered('draft', 12) });
    const sub = await submitExercise({ repo: lea, exerciseId: 'drafts-survive' });
    await syncRecords({ repo: lea });
    await vscode.commands.executeCommand('practicum.review.sync');

    // What the window before the reload left on disk: one pending comment.
    const { container } = (await activatedExtension()).exports;
    const repo = git(ws, 'rev-parse', '--show-toplevel');
    const store = new DraftStore(path.join(container.storageDir, 'review-drafts'));
    await store.save(repo, sub.record.id, [{ file: 'src/draft.js', line: 2, body: 'Saved before the reload.' }]);

    await vscode.commands.executeCommand('practicum.review.open', sub.record.id);
    await vscode.commands.executeCommand('practicum.review.addComment', { submissionId: sub.record.id, file: 'src/draft.js', line: 9, body: 'Added after it.' });
    const saved = await until('both drafts to be on disk', async () => {
      const d = (await store.load(repo, sub.record.id)).drafts;
      return d.length === 2 ? d : undefined;
    });
    assert.deepEqual(saved.map((d) => d.body), ['Saved before the reload.', 'Added after it.']);

    await vscode.commands.executeCommand('practicum.review.requestChanges', { submissionId: sub.record.id, body: 'See the two notes.' });
    const local = (await listSubmissions({ repo: ws })).submissions.find((s) => s.record.id === sub.record.id)!;
    assert.deepEqual(local.reviews[0]!.comments.map((c) => [c.line, c.body]), [[2, 'Saved before the reload.'], [9, 'Added after it.']]);
    assert.deepEqual(await store.load(repo, sub.record.id), { drafts: [] }, 'sent drafts are deleted');
  });

  it('the mentor replies in a thread from an earlier review and in their own pending thread; the stored review links each reply', async () => {
    const lea = person(origin, 'Lea Learner', 'lea@example.com');
    const mo = person(origin, 'Mo Mentor', 'mo@example.com');
    temps.push(lea, mo);
    learnerWork(lea, 'reply-threads', { 'src/reply.js': numbered('reply', 10) });
    const sub = await submitExercise({ repo: lea, exerciseId: 'reply-threads' });
    await syncRecords({ repo: lea });
    await syncRecords({ repo: mo });
    const earlier = await addReview({ repo: mo, submissionId: sub.record.id, verdict: 'comment', body: '', comments: [{ file: 'src/reply.js', line: 4, body: 'Why a loop here?' }] });
    await syncRecords({ repo: mo });
    await vscode.commands.executeCommand('practicum.review.sync');
    const mosThread = `${earlier.review.id}/c1`;

    await vscode.commands.executeCommand('practicum.review.open', sub.record.id);
    const theirs = await until('Mo’s thread on the diff', async () => (await threads()).find((t) => t.root === mosThread));
    await replyIn('practicum.review.addComment', theirs, 'Agreed with Mo: a map reads better.');
    await vscode.commands.executeCommand('practicum.review.addComment', { submissionId: sub.record.id, file: 'src/reply.js', line: 8, body: 'Name this constant.' });
    const pending = (await threads()).find((t) => t.submissionId === sub.record.id && t.line === 8)!;
    await replyIn('practicum.review.addComment', pending, 'Something like MAX_RESULTS.');

    let now = (await threads()).filter((t) => t.submissionId === sub.record.id);
    assert.deepEqual(now.map((t) => [t.line, shown(t)]).sort(), [
      [4, ['posted: Why a loop here?', 'pending: Agreed with Mo: a map reads better.']],
      [8, ['pending: Name this constant.', 'pending: Something like MAX_RESULTS.']],
    ]);
    // What a reload reads back: the replies keep their threads on disk too.
    const { container } = (await activatedExtension()).exports;
    const store = new DraftStore(path.join(container.storageDir, 'review-drafts'));
    const saved = await until('the three drafts on disk', async () => {
      const d = (await store.load(git(ws, 'rev-parse', '--show-toplevel'), sub.record.id)).drafts;
      return d.length === 3 ? d : undefined;
    });
    assert.equal(saved[0]!.replyTo, mosThread);
    assert.ok(saved[1]!.key && saved[2]!.replyTo === saved[1]!.key, `the reply names its pending thread: ${JSON.stringify(saved)}`);

    await vscode.commands.executeCommand('practicum.review.requestChanges', { submissionId: sub.record.id, body: 'Two notes.' });
    const mine = storedReviews(ws, sub.record.id).find((r) => r.reviewer.email === 'ada@example.com');
    assert.deepEqual(links(mine), [
      ['c1', 4, 'Agreed with Mo: a map reads better.', mosThread],
      ['c2', 8, 'Name this constant.', undefined],
      ['c3', 8, 'Something like MAX_RESULTS.', `${mine!.id}/c2`],
    ]);
    now = (await threads()).filter((t) => t.submissionId === sub.record.id);
    assert.deepEqual(now.map((t) => [t.line, shown(t)]).sort(), [
      [4, ['posted: Why a loop here?', 'posted: Agreed with Mo: a map reads better.']],
      [8, ['posted: Name this constant.', 'posted: Something like MAX_RESULTS.']],
    ], 'one thread per line, the replies inside it');
    await vscode.commands.executeCommand('practicum.review.openFile', sub.record.id, 'src/reply.js', 8);
    await new Promise((r) => setTimeout(r, 800));
    await screenshot('review-mentor-reply-thread');
  });

  it('replies pending before a reload come back in their threads and keep their links when sent', async () => {
    const lea = person(origin, 'Lea Learner', 'lea@example.com');
    const mo = person(origin, 'Mo Mentor', 'mo@example.com');
    temps.push(lea, mo);
    learnerWork(lea, 'reply-reload', { 'src/again.js': numbered('again', 8) });
    const sub = await submitExercise({ repo: lea, exerciseId: 'reply-reload' });
    await syncRecords({ repo: lea });
    await syncRecords({ repo: mo });
    const earlier = await addReview({ repo: mo, submissionId: sub.record.id, verdict: 'comment', body: '', comments: [{ file: 'src/again.js', line: 3, body: 'Is this needed?' }] });
    await syncRecords({ repo: mo });
    await vscode.commands.executeCommand('practicum.review.sync');
    const mosThread = `${earlier.review.id}/c1`;

    // What the window before the reload left on disk: a reply in Mo's thread, and a new thread with a reply.
    const { container } = (await activatedExtension()).exports;
    const store = new DraftStore(path.join(container.storageDir, 'review-drafts'));
    await store.save(git(ws, 'rev-parse', '--show-toplevel'), sub.record.id, [
      { file: 'src/again.js', line: 3, body: 'It is, for the retry.', replyTo: mosThread },
      { file: 'src/again.js', line: 6, body: 'Off by one?', key: 'p1' },
      { file: 'src/again.js', line: 6, body: 'No, the end is exclusive.', replyTo: 'p1' },
    ]);

    await vscode.commands.executeCommand('practicum.review.open', sub.record.id);
    const restored = await until('the restored replies', async () => {
      const now = (await threads()).filter((t) => t.submissionId === sub.record.id);
      return now.reduce((n, t) => n + t.comments.length, 0) === 4 ? now : undefined;
    });
    assert.deepEqual(restored.map((t) => [t.line, shown(t)]).sort(), [
      [3, ['posted: Is this needed?', 'pending: It is, for the retry.']],
      [6, ['pending: Off by one?', 'pending: No, the end is exclusive.']],
    ]);

    await vscode.commands.executeCommand('practicum.review.approve', { submissionId: sub.record.id });
    const mine = storedReviews(ws, sub.record.id).find((r) => r.reviewer.email === 'ada@example.com');
    assert.deepEqual(links(mine), [
      ['c1', 3, 'It is, for the retry.', mosThread],
      ['c2', 6, 'Off by one?', undefined],
      ['c3', 6, 'No, the end is exclusive.', `${mine!.id}/c2`],
    ]);
  });

  it('a review made on another machine leaves the queue through the background sync', async () => {
    await vscode.workspace.getConfiguration('practicum').update('review.fetchIntervalMinutes', 0.05, vscode.ConfigurationTarget.Workspace);
    const lea = person(origin, 'Lea Learner', 'lea@example.com');
    const max = person(origin, 'Max Mentor', 'max@example.com');
    temps.push(lea, max);
    learnerWork(lea, 'evals-basics', { 'evals/cases.json': '[{"q":"2+2","a":"4"}]\n' });
    const sub = await submitExercise({ repo: lea, exerciseId: 'evals-basics' });
    await syncRecords({ repo: lea });
    await until('the submission to reach the queue', async () => ((await queue()).waiting.includes(sub.record.id) ? true : undefined));

    await syncRecords({ repo: max });
    await addReview({ repo: max, submissionId: sub.record.id, verdict: 'approve', body: 'Good first eval set.' });
    await syncRecords({ repo: max });
    const q = await until('the queue to show the other mentor’s verdict', async () => {
      const s = await queue();
      return s.reviewed.includes(sub.record.id) ? s : undefined;
    });
    assert.ok(!q.waiting.includes(sub.record.id));
  });

  it('filters the queue to the learners a cohort file assigns to me', async () => {
    const cohorts = path.join(ws, '.practicum', 'cohorts');
    mkdirSync(cohorts, { recursive: true });
    const assign = (mentor: string) =>
      writeFileSync(path.join(cohorts, 'pilot.json'), JSON.stringify({ name: 'pilot', start: '2026-01-05', end: '2026-02-27', members: [{ email: 'lea@example.com', name: 'Lea', mentor }] }));
    try {
      assign('mo@example.com');
      await vscode.commands.executeCommand('practicum.review.showMine');
      await vscode.commands.executeCommand('practicum.review.sync');
      let q = await queue();
      assert.deepEqual([q.filter, q.overdue.length + q.waiting.length + q.reviewed.length, q.badge], ['mine', 0, 0], "Lea is Mo's learner, not mine");

      assign('ADA@example.com');
      await vscode.commands.executeCommand('practicum.review.sync');
      q = await queue();
      assert.ok(q.reviewed.length >= 2, 'matching is case-insensitive, and Lea’s submissions are back');
      await vscode.commands.executeCommand('practicum.review.showAll');
      assert.equal((await queue()).filter, 'all');
    } finally {
      rmSync(path.join(ws, '.practicum'), { recursive: true, force: true });
    }
  });

  it('lists a submission with hundreds of files without opening them all', async () => {
    const lea = person(origin, 'Lea Learner', 'lea@example.com');
    temps.push(lea);
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`gen/module${String(i).padStart(3, '0')}.js`] = numbered(`generated ${i}`, 30);
    learnerWork(lea, 'bulk-refactor', files);
    const sub = await submitExercise({ repo: lea, exerciseId: 'bulk-refactor' });
    await syncRecords({ repo: lea });
    await vscode.commands.executeCommand('practicum.review.sync');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const started = Date.now();
    await vscode.commands.executeCommand('practicum.review.open', sub.record.id);
    const ms = Date.now() - started;
    console.log(`[practicum] opened a 400-file submission in ${ms} ms`);
    const diffTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);
    assert.equal(diffTabs.length, 1, 'one diff editor, not 400');
    assert.ok(ms < 10_000, `opening took ${ms} ms`);
  });

  it('the learner submits through the exercise runner, sees the review in My Submissions and as a thread on their file, then resubmits', async () => {
    // No background sync: what My Submissions shows below comes from the submission itself.
    await vscode.workspace.getConfiguration('practicum').update('review.fetchIntervalMinutes', 0, vscode.ConfigurationTarget.Workspace);
    // Started from a side branch, so the base recorded at start differs from where the branch left main.
    git(ws, 'checkout', '-q', '-b', 'it-side-work');
    writeFileSync(path.join(ws, 'NOTES.md'), 'side work before the exercise\n');
    git(ws, 'add', 'NOTES.md');
    git(ws, 'commit', '-q', '-m', 'side work');
    const base = git(ws, 'rev-parse', 'HEAD');
    await until('the team exercise to start', async () => {
      await vscode.commands.executeCommand('practicum.refreshExercises');
      return vscode.commands.executeCommand<{ baseCommit: string } | undefined>('practicum.startExercise', { exerciseId: 'rag-intro', dirty: 'carry', openBrief: false });
    });
    writeFileSync(path.join(ws, 'src/rag.js'), numbered('retrieval step', 12));
    git(ws, 'add', 'src/rag.js');
    git(ws, 'commit', '-q', '-m', 'rag intro');
    const id = await vscode.commands.executeCommand<string>('practicum.review.submit', { exerciseId: 'rag-intro', message: 'First retrieval step.' });
    assert.ok(id, 'My Submissions\' Submit went through the exercise runner');
    const round1 = (await listSubmissions({ repo: ws })).submissions.find((s) => s.record.id === id)!.record;
    assert.equal(round1.base, base, 'the base recorded when the exercise started, not a guess from main');
    assert.deepEqual(round1.checks.map((c) => [c.id, c.status]), [['code-changed', 'pass']], 'the check results travel with the submission');
    assert.deepEqual((await queue()).mine.find((m) => m.id === id), { id, status: 'pending', reviews: 0 }, 'My Submissions shows it as soon as the submit returns');
    await until('the submission to be pushed', async () => ((await queue()).unpushed === 0 ? true : undefined));

    const mo = person(origin, 'Mo Mentor', 'mo@example.com');
    temps.push(mo);
    await syncRecords({ repo: mo });
    const mos = await addReview({ repo: mo, submissionId: id, verdict: 'changes', body: 'Add a test for the empty index.', comments: [{ file: 'src/rag.js', line: 4, body: 'This step needs a guard for an empty index.' }] });
    await syncRecords({ repo: mo });

    await vscode.commands.executeCommand('practicum.review.sync');
    const mine = (await queue()).mine.find((m) => m.id === id);
    assert.deepEqual([mine?.status, mine?.reviews], ['changes-requested', 1]);
    await vscode.commands.executeCommand('practicum.mySubmissions.focus');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(ws, 'src/rag.js')));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(3, 0, 3, 0) });
    await vscode.commands.executeCommand('notifications.clearAll'); // the module survey offer, after the submission completed the module
    await new Promise((r) => setTimeout(r, 800));
    await screenshot('review-learner-thread');

    // The learner answers in the mentor's thread: a "comment" review whose comment links to it.
    const onFile = (await threads()).find((t) => t.contextValue === 'learner' && t.root === `${mos.review.id}/c1`);
    assert.equal(onFile?.uri, vscode.Uri.file(path.join(ws, 'src/rag.js')).toString(), 'the thread is on the learner’s own file');
    await replyIn('practicum.review.reply', onFile!, 'Guarded now; a test follows in round 2.');
    const answer = storedReviews(ws, id).find((r) => r.reviewer.email === 'ada@example.com');
    assert.equal(answer?.verdict, 'comment');
    assert.deepEqual(links(answer), [['c1', 4, 'Guarded now; a test follows in round 2.', `${mos.review.id}/c1`]]);
    const after = (await threads()).find((t) => t.root === `${mos.review.id}/c1`);
    assert.deepEqual(shown(after), ['posted: This step needs a guard for an empty index.', 'posted: Guarded now; a test follows in round 2.']);
    assert.equal((await queue()).mine.find((m) => m.id === id)?.status, 'changes-requested', 'a reply is not a verdict');
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('review-learner-reply');
    const heard = await until('the mentor to receive the reply', async () => {
      await syncRecords({ repo: mo });
      return storedReviews(mo, id).find((r) => r.reviewer.email === 'ada@example.com');
    });
    assert.equal(heard.comments[0]?.replyTo, `${mos.review.id}/c1`);

    writeFileSync(path.join(ws, 'src/rag.js'), numbered('retrieval step (guarded)', 14));
    git(ws, 'commit', '-q', '-m', 'guard the empty index', '--', 'src/rag.js');
    const round2 = await vscode.commands.executeCommand<string>('practicum.review.resubmit', { exerciseId: 'rag-intro' });
    assert.deepEqual((await queue()).mine.find((m) => m.id === round2)?.status, 'pending', 'round 2 is in My Submissions at once');
    const listing = await listSubmissions({ repo: ws });
    const r2 = listing.submissions.find((s) => s.record.id === round2)!;
    assert.deepEqual([r2.record.round, r2.record.previous, r2.record.base, r2.record.checks.length], [2, id, base, 1]);
  });
});

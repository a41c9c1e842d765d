import * as path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { ChangedFile } from '../../core/review/changes';
import type { SubmissionView } from '../../core/review/model';
import { addReview } from '../../core/review/review';
import type { Verdict } from '../../core/review/schema';
import type { Container } from '../container';
import type { ReviewComments } from './comments';
import { gitUri, parseGitUri } from './gitContent';
import type { QueueView } from './queueView';
import type { ReviewService } from './service';
import { filesOf, type ReviewNode } from './treeNodes';

/** Beyond this many files, opening a submission lists its changes instead of one editor with every diff. */
export const MULTI_DIFF_LIMIT = 50;

/** Arguments scripts and tests may pass instead of a tree node or a URI. */
const ScriptedVerdictSchema = z.object({ submissionId: z.string(), body: z.string().optional() });
const ScriptedCommentSchema = z.object({ submissionId: z.string(), file: z.string(), line: z.number().int().min(1), body: z.string().min(1) });

/** The submission an action is about: a tree node, an id, a `practicum-git` URI, or the active diff. */
export function submissionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return parseGitUri(arg)?.submission;
  if (arg && typeof arg === 'object') {
    if ('view' in arg) return (arg as Extract<ReviewNode, { kind: 'submission' }>).view.record.id;
    const scripted = ScriptedVerdictSchema.safeParse(arg);
    if (scripted.success) return scripted.data.submissionId;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  return active ? parseGitUri(active)?.submission : undefined;
}

/** Mentor actions: opening a submission's diffs, line comments, and verdicts. */
export function registerMentorCommands(c: Container, service: ReviewService, queue: QueueView, comments: ReviewComments): void {
  // Commands may run before the background start has read the repository (scripts, tests): wait for it.
  const command = (id: string, fn: (...args: never[]) => unknown) =>
    c.command(id, async (...args: never[]) => {
      await service.start();
      return fn(...args);
    });
  const need = (id: string | undefined): SubmissionView => {
    const view = id ? service.find(id) : undefined;
    if (!view) throw new Error(id ? `No submission "${id}" here. Sync, then try again.` : 'Choose a submission in the Reviews view first.');
    return view;
  };
  const repo = (): string => {
    const r = service.snapshot.repo;
    if (!r) throw new Error('Open a folder that is a git repository first.');
    return r;
  };
  const diffUris = (view: SubmissionView, f: ChangedFile) => {
    const q = { repo: repo(), submission: view.record.id };
    return [gitUri(f.oldPath ?? f.path, { ...q, commit: view.record.base, side: 'base' }), gitUri(f.path, { ...q, commit: view.record.head, side: 'head' })] as const;
  };
  const openAll = async (view: SubmissionView, files: ChangedFile[]) => {
    const title = `${view.record.exercise} round ${view.record.round} · ${view.record.learner.name || view.record.learner.email}`;
    await vscode.commands.executeCommand('vscode.changes', title, files.map((f) => [vscode.Uri.file(path.join(repo(), f.path)), ...diffUris(view, f)]));
  };
  const openFile = async (view: SubmissionView, file: ChangedFile, line?: number) => {
    const [base, head] = diffUris(view, file);
    const options: vscode.TextDocumentShowOptions = { preview: true, ...(line ? { selection: new vscode.Range(line - 1, 0, line - 1, 0) } : {}) };
    await vscode.commands.executeCommand('vscode.diff', base, head, `${path.posix.basename(file.path)} (${view.record.exercise} round ${view.record.round})`, options);
  };

  command('practicum.review.showMine', () => queue.setFilter('mine'));
  command('practicum.review.showAll', () => queue.setFilter('all'));

  command('practicum.review.open', async (arg: unknown) => {
    const view = need(submissionIdOf(arg));
    comments.open(view.record.id);
    void queue.reveal(view).then(undefined, () => undefined); // best effort: the view may be hidden
    const files = await filesOf(repo(), view);
    const first = files[0];
    if (!first) return void vscode.window.showInformationMessage(`${view.record.exercise} round ${view.record.round} changes no files.`);
    if (files.length <= MULTI_DIFF_LIMIT) await openAll(view, files);
    else {
      await openFile(view, first);
      void vscode.window.showInformationMessage(`This submission changes ${files.length} files: open them one by one from Changes in the Reviews view, or use Open All Changes.`);
    }
  });

  command('practicum.review.openAllChanges', async (arg: unknown) => {
    const view = need(submissionIdOf(arg));
    comments.open(view.record.id);
    await openAll(view, await filesOf(repo(), view));
  });

  command('practicum.review.openFile', async (id: string, file: string, line?: number) => {
    const view = need(id);
    comments.open(view.record.id);
    const changed = (await filesOf(repo(), view)).find((f) => f.path === file) ?? { status: 'M' as const, path: file };
    await openFile(view, changed, line);
  });

  command('practicum.review.openComment', async (id: string, reviewId: string, commentId: string) => {
    const view = need(id);
    const at = comments.threadAt(view, reviewId, commentId);
    if (!at) return;
    if (service.isMine(view)) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(repo(), at.file)));
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at.line - 1, 0, at.line - 1, 0) });
    } else {
      comments.open(view.record.id);
      await openFile(view, { status: 'M', path: at.file }, at.line);
    }
  });

  command('practicum.review.addComment', (arg: vscode.CommentReply | unknown) => {
    const scripted = ScriptedCommentSchema.safeParse(arg);
    if (scripted.success) return comments.addDraftAt(scripted.data.submissionId, scripted.data.file, scripted.data.line, scripted.data.body);
    const reply = arg as vscode.CommentReply;
    if (!reply.text.trim()) return undefined;
    const id = comments.addDraft(reply.thread, reply.text.trim());
    vscode.window.setStatusBarMessage(`$(comment) ${comments.pendingCount(id)} pending comment(s): approve, request changes or comment to send them`, 6000);
    return undefined;
  });

  command('practicum.review.deleteDraft', (comment: vscode.Comment) => comments.deleteDraft(comment));

  const post = async (reply: vscode.CommentReply) => {
    if (!reply.text.trim()) return;
    const { submissionId, draft, posted } = comments.immediate(reply.thread, reply.text.trim());
    await service.mutate((r) => addReview({ repo: r, submissionId, verdict: 'comment', body: '', comments: [draft], events: c.events, windowHours: c.settings.review.windowHours }));
    posted();
    void service.sync({ quiet: true });
  };
  command('practicum.review.commentNow', post);
  command('practicum.review.reply', post);

  const verdict = (v: Verdict) => async (arg: unknown) => {
    let id = submissionIdOf(arg);
    if (!id) id = await pickSubmission(queue);
    if (!id) return undefined;
    const view = need(id);
    // After a reload the pending comments are on disk only until the submission is opened again.
    comments.open(view.record.id);
    await comments.restore(view.record.id);
    const drafts = comments.takeDrafts(view.record.id);
    const scripted = ScriptedVerdictSchema.safeParse(arg);
    const body = scripted.success ? scripted.data.body ?? '' : await askSummary(v, view, drafts.length);
    if (body === undefined) return undefined;
    const result = await service.mutate((r) =>
      addReview({ repo: r, submissionId: view.record.id, verdict: v, body, comments: drafts, events: c.events, windowHours: c.settings.review.windowHours, sign: c.settings.review.requireSignedReviews }),
    );
    await comments.clearDrafts(view.record.id);
    vscode.window.setStatusBarMessage(`$(check) ${view.record.exercise} round ${view.record.round}: ${result.submission.status.replace('-', ' ')}; sharing with ${c.settings.review.remote}…`, 5000);
    void service.sync({ quiet: true });
    return result.review.id;
  };
  command('practicum.review.approve', verdict('approve'));
  command('practicum.review.requestChanges', verdict('changes'));
  command('practicum.review.comment', verdict('comment'));

  // Internal: the queue as data, for scripts and the integration suite.
  command('practicum.review.queueSnapshot', () => {
    const { filter, overdue, waiting, reviewed, older } = queue.contents();
    const mine = service.snapshot.submissions.filter((v) => service.isMine(v)).map((v) => ({ id: v.record.id, status: v.status, reviews: v.reviews.length }));
    return { filter, overdue, waiting, reviewed, older, badge: queue.view.badge?.value ?? 0, mine, unpushed: service.snapshot.unpushed };
  });
  // Internal: the comment threads shown, for scripts and the integration suite.
  command('practicum.review.threadsSnapshot', () => comments.snapshot());
}

async function askSummary(v: Verdict, view: SubmissionView, pending: number): Promise<string | undefined> {
  const who = view.record.learner.name || view.record.learner.email;
  const withComments = pending ? ` (with ${pending} line comment${pending > 1 ? 's' : ''})` : '';
  const prompt = { approve: `Approve ${who}'s ${view.record.exercise}${withComments}`, changes: `Request changes on ${who}'s ${view.record.exercise}${withComments}`, comment: `Comment on ${who}'s ${view.record.exercise}${withComments}` }[v];
  return vscode.window.showInputBox({
    title: prompt,
    prompt: v === 'approve' ? 'Summary (optional)' : 'Summary: what to change and why',
    ignoreFocusOut: true,
    validateInput: (t) => (v !== 'approve' && !t.trim() && pending === 0 ? 'Write a summary, or add line comments first.' : undefined),
  });
}

async function pickSubmission(queue: QueueView): Promise<string | undefined> {
  const { views } = queue.contents();
  const items = [...views.overdue, ...views.waiting].map((v) => ({ label: `${v.record.learner.name || v.record.learner.email} · ${v.record.exercise}`, description: `round ${v.record.round}${v.overdue ? ' · overdue' : ''}`, id: v.record.id }));
  if (!items.length) {
    void vscode.window.showInformationMessage('Nothing is waiting for review.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Review which submission?' }))?.id;
}

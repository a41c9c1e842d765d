import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/log';
import type { DraftStore } from '../../core/review/drafts';
import { chainOf, type SubmissionView } from '../../core/review/model';
import type { CommentDraft } from '../../core/review/review';
import type { LineComment, ReviewRecord } from '../../core/review/schema';
import { gitUri, parseGitUri } from './gitContent';
import type { ReviewService } from './service';

/** A comment as the Comments API shows it. */
class ShownComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  /** Posted comments show as escaped markdown; pending ones as typed. */
  body: string | vscode.MarkdownString;
  constructor(
    readonly text: string,
    public author: vscode.CommentAuthorInformation,
    public contextValue?: string,
    public label?: string,
    public timestamp?: Date,
  ) {
    this.body = contextValue === 'posted' ? new vscode.MarkdownString().appendText(text) : text;
  }
}

/** A line comment not yet part of a review (GitHub's "pending" comments). */
interface Draft {
  file: string;
  line: number;
  body: string;
  replyTo?: string;
  comment: ShownComment;
  thread: vscode.CommentThread;
}

/** What we know about a thread we show: its submission, and its root comment once posted. */
interface ThreadInfo {
  submissionId: string;
  /** `<reviewId>/<commentId>` of the first comment, for posted threads. */
  root?: string;
  learner: boolean;
}

const threadKey = (r: ReviewRecord, c: LineComment) => `${r.id}/${c.id}`;

/** A thread as data, for scripts and the integration suite; `thread` is the live object a reply goes to. */
export interface ThreadSnapshot {
  thread: vscode.CommentThread;
  uri: string;
  line: number;
  submissionId?: string;
  root?: string;
  contextValue?: string;
  comments: Array<{ body: string; author: string; pending: boolean }>;
}

/**
 * Review threads through the Comments API. Mentors see and add threads on the head side of a
 * submission's diff (new comments are pending until a verdict, or posted at once with "Comment
 * Now"); learners see the threads on their own files and reply there.
 */
export class ReviewComments implements vscode.Disposable {
  private readonly controller: vscode.CommentController;
  private readonly threads = new Map<string, vscode.CommentThread>();
  private readonly info = new WeakMap<vscode.CommentThread, ThreadInfo>();
  private readonly drafts = new Map<string, Draft[]>();
  /** Submissions whose diff the mentor opened; only these get head-side threads. */
  private readonly opened = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Submissions whose saved drafts were read back (or are being read) in this window. */
  private readonly restoring = new Map<string, Promise<void>>();
  /** Every thread shown now, pending-only ones included. */
  private readonly live = new Set<vscode.CommentThread>();

  constructor(
    private readonly service: ReviewService,
    private readonly store: DraftStore,
    private readonly log: Logger,
  ) {
    this.controller = vscode.comments.createCommentController('practicum-review', 'Practicum Review');
    this.controller.options = { prompt: 'Reply…', placeHolder: 'Write a comment' };
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (doc) => {
        const q = parseGitUri(doc.uri);
        const view = q && q.side === 'head' ? service.find(q.submission) : undefined;
        return view && !service.isMine(view) ? [new vscode.Range(0, 0, Math.max(doc.lineCount - 1, 0), 0)] : [];
      },
    };
    this.subscriptions.push(this.controller, service.onDidChange(() => this.render()));
  }

  /** Shows the head-side threads of `submissionId` from now on. */
  open(submissionId: string): void {
    this.opened.add(submissionId);
    this.render();
    void this.restore(submissionId);
  }

  /**
   * Brings back the pending comments saved before a reload or crash, once per window, as pending
   * comments in their threads. Await it before sending drafts with a verdict.
   */
  restore(submissionId: string): Promise<void> {
    const repo = this.service.snapshot.repo;
    if (!repo) return Promise.resolve();
    let p = this.restoring.get(submissionId);
    if (!p) {
      p = this.readBack(repo, submissionId).catch((e: unknown) => this.log.warn(`Could not restore pending comments: ${errorMessage(e)}`));
      this.restoring.set(submissionId, p);
    }
    return p;
  }

  private async readBack(repo: string, submissionId: string): Promise<void> {
    const { drafts, problem } = await this.store.load(repo, submissionId);
    if (problem) void vscode.window.showWarningMessage(`Some pending review comments could not be restored: the saved file was unreadable and was set aside. Details are in the Practicum log.`);
    const view = this.service.find(submissionId);
    // Not synced into this window yet: read again when it is opened after a sync.
    if (!view) return void this.restoring.delete(submissionId);
    if (!drafts.length) return;
    const addedMeanwhile = this.drafts.get(submissionId) ?? [];
    const restored: Draft[] = [];
    /** Threads started by a pending comment, by its key: the drafts that answer it go back into it. */
    const started = new Map<string, vscode.CommentThread>();
    for (const d of drafts) {
      const pendingThread = d.replyTo ? started.get(d.replyTo) : undefined;
      const root = !pendingThread && d.replyTo?.includes('/') ? d.replyTo : undefined;
      let thread = pendingThread ?? (root ? this.threads.get(`head|${submissionId}|${root}`) : undefined);
      if (!thread) {
        const uri = gitUri(d.file, { repo, commit: view.record.head, submission: submissionId, side: 'head' });
        thread = this.controller.createCommentThread(uri, new vscode.Range(d.line - 1, 0, d.line - 1, 0), []);
        this.live.add(thread);
        thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
        this.info.set(thread, { submissionId, learner: false, ...(root ? { root } : {}) });
      }
      if (d.key) started.set(d.key, thread);
      const comment = new ShownComment(d.body, { name: this.service.snapshot.me?.name ?? 'You' }, 'draft', 'Pending');
      thread.comments = [...thread.comments, comment];
      thread.label ??= 'Pending';
      restored.push({ file: d.file, line: d.line, body: d.body, ...(root ? { replyTo: root } : {}), comment, thread });
    }
    this.drafts.set(submissionId, [...restored, ...addedMeanwhile]);
  }

  /** Saves the submission's pending comments so a reload or crash does not lose them. */
  private persist(submissionId: string): void {
    const repo = this.service.snapshot.repo;
    if (!repo) return;
    // Read back what an earlier window saved first, so this save keeps it (saves run in call order).
    this.restore(submissionId)
      .then(() => this.store.save(repo, submissionId, this.takeDrafts(submissionId)))
      .catch((e: unknown) => this.log.warn(`Could not save pending comments: ${errorMessage(e)}`));
  }

  pendingCount(submissionId: string): number {
    return this.drafts.get(submissionId)?.length ?? 0;
  }

  /** Adds a pending comment from a thread's reply box; returns the submission it belongs to. */
  addDraft(thread: vscode.CommentThread, text: string): string {
    const target = this.describe(thread);
    this.live.add(thread);
    const comment = new ShownComment(text, { name: this.service.snapshot.me?.name ?? 'You' }, 'draft', 'Pending');
    const draft: Draft = { ...target.anchor, body: text, replyTo: target.info.root, comment, thread };
    const list = this.drafts.get(target.info.submissionId) ?? [];
    list.push(draft);
    this.drafts.set(target.info.submissionId, list);
    thread.comments = [...thread.comments, comment];
    thread.label ??= 'Pending';
    this.persist(target.info.submissionId);
    return target.info.submissionId;
  }

  /** Adds a pending comment without the UI (commands called by scripts and tests). */
  addDraftAt(submissionId: string, file: string, line: number, text: string): void {
    const view = this.service.find(submissionId);
    const repo = this.service.snapshot.repo;
    if (!view || !repo) throw new Error(`No submission "${submissionId}" here. Sync, then try again.`);
    const uri = gitUri(file, { repo, commit: view.record.head, submission: submissionId, side: 'head' });
    const thread = this.controller.createCommentThread(uri, new vscode.Range(line - 1, 0, line - 1, 0), []);
    this.live.add(thread);
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    this.info.set(thread, { submissionId, learner: false });
    this.addDraft(thread, text);
  }

  /**
   * The comment a thread's reply box would post now, as a draft for `addReview`. Call `posted()`
   * once it is stored: a new thread then gives way to the one the record brings.
   */
  immediate(thread: vscode.CommentThread, text: string): { submissionId: string; draft: CommentDraft; posted(): void } {
    const target = this.describe(thread);
    const root = target.info.root;
    return {
      submissionId: target.info.submissionId,
      draft: { ...target.anchor, body: text, ...(root ? { replyTo: root } : {}) },
      posted: () => {
        if (!root && !thread.comments.some((c) => c.contextValue === 'draft')) this.disposeThread(thread);
      },
    };
  }

  /**
   * Pending comments of a submission, to send with a verdict (or save). In a thread that is itself
   * pending, the first comment gets a key and the later ones reply to it, so the review stores them
   * as one thread.
   */
  takeDrafts(submissionId: string): CommentDraft[] {
    const list = this.drafts.get(submissionId) ?? [];
    const starts = new Map<vscode.CommentThread, string>();
    list.forEach((d, i) => {
      if (!d.replyTo && !starts.has(d.thread) && list.some((x, j) => j > i && x.thread === d.thread)) starts.set(d.thread, `p${i + 1}`);
    });
    return list.map(({ file, line, body, replyTo, thread }, i) => {
      const key = starts.get(thread);
      const link = replyTo ?? (key && key !== `p${i + 1}` ? key : undefined);
      return { file, line, body, ...(link ? { replyTo: link } : {}), ...(key === `p${i + 1}` ? { key } : {}) };
    });
  }

  /** Forgets drafts sent with a verdict, here and on disk, and removes them from their threads. */
  async clearDrafts(submissionId: string): Promise<void> {
    for (const d of this.drafts.get(submissionId) ?? []) this.removeDraftComment(d);
    this.drafts.delete(submissionId);
    const repo = this.service.snapshot.repo;
    if (repo) await this.store.clear(repo, submissionId).catch((e: unknown) => this.log.warn(`Could not delete sent pending comments: ${errorMessage(e)}`));
  }

  deleteDraft(comment: vscode.Comment): void {
    for (const [id, list] of this.drafts) {
      const d = list.find((x) => x.comment === comment);
      if (!d) continue;
      this.removeDraftComment(d);
      this.drafts.set(id, list.filter((x) => x !== d));
      this.persist(id);
    }
  }

  /** Where a thread is, whatever its origin (one we made, or a new one from the gutter). */
  private describe(thread: vscode.CommentThread): { info: ThreadInfo; anchor: { file: string; line: number } } {
    const line = (thread.range?.start.line ?? 0) + 1;
    const q = parseGitUri(thread.uri);
    let info = this.info.get(thread);
    if (q) {
      info ??= { submissionId: q.submission, learner: false };
      this.info.set(thread, info);
      return { info, anchor: { file: q.file, line } };
    }
    const repo = this.service.snapshot.repo;
    if (!info || !repo) throw new Error('Comment on a submission: open it from the Reviews view first.');
    return { info, anchor: { file: path.relative(repo, thread.uri.fsPath).split(path.sep).join('/'), line } };
  }

  private removeDraftComment(d: Draft): void {
    d.thread.comments = d.thread.comments.filter((c) => c !== d.comment);
    if (d.thread.comments.length === 0) this.disposeThread(d.thread);
  }

  private disposeThread(thread: vscode.CommentThread): void {
    for (const [k, t] of this.threads) if (t === thread) this.threads.delete(k);
    this.live.delete(thread);
    thread.dispose();
  }

  /** Creates or updates every thread we should show; keeps threads (and their reply boxes) alive across refreshes. */
  private render(): void {
    const { repo, submissions } = this.service.snapshot;
    if (!repo) return;
    const wanted = new Map<string, { uri: vscode.Uri; view: SubmissionView; root: [ReviewRecord, LineComment]; learner: boolean }>();
    for (const view of submissions) {
      const mine = this.service.isMine(view);
      if (!mine && this.opened.has(view.record.id)) {
        for (const root of roots(view)) {
          const uri = gitUri(root[1].file, { repo, commit: view.record.head, submission: view.record.id, side: 'head' });
          wanted.set(`head|${view.record.id}|${threadKey(...root)}`, { uri, view, root, learner: false });
        }
      }
    }
    for (const view of learnerThreadSources(submissions.filter((v) => this.service.isMine(v)))) {
      for (const root of roots(view)) {
        wanted.set(`file|${view.record.id}|${threadKey(...root)}`, { uri: vscode.Uri.file(path.join(repo, root[1].file)), view, root, learner: true });
      }
    }
    for (const [key, thread] of this.threads) {
      if (!wanted.has(key)) this.disposeThread(thread);
    }
    for (const [key, w] of wanted) {
      const [review, comment] = w.root;
      let thread = this.threads.get(key);
      if (!thread) {
        thread = this.controller.createCommentThread(w.uri, new vscode.Range(comment.line - 1, 0, comment.line - 1, 0), []);
        this.live.add(thread);
        thread.canReply = true;
        thread.contextValue = w.learner ? 'learner' : 'mentor';
        thread.collapsibleState = !w.learner || w.view.status === 'changes-requested' ? vscode.CommentThreadCollapsibleState.Expanded : vscode.CommentThreadCollapsibleState.Collapsed;
        this.threads.set(key, thread);
        this.info.set(thread, { submissionId: w.view.record.id, root: threadKey(review, comment), learner: w.learner });
      }
      thread.label = `${w.view.record.exercise} round ${w.view.record.round}`;
      const posted = thread.comments.filter((c) => c.contextValue !== 'draft');
      const replies = threadComments(w.view, w.root);
      if (posted.length !== replies.length) {
        const drafts = thread.comments.filter((c) => c.contextValue === 'draft');
        thread.comments = [...replies, ...drafts];
      }
    }
  }

  /** The workspace file and line of a posted comment, for opening it from the tree. */
  threadAt(view: SubmissionView, reviewId: string, commentId: string): { file: string; line: number } | undefined {
    const c = view.reviews.find((r) => r.id === reviewId)?.comments.find((x) => x.id === commentId);
    return c ? { file: c.file, line: c.line } : undefined;
  }

  /** Every thread shown now, as data. */
  snapshot(): ThreadSnapshot[] {
    return [...this.live].map((thread) => {
      const info = this.info.get(thread);
      return {
        thread,
        uri: thread.uri.toString(),
        line: (thread.range?.start.line ?? 0) + 1,
        ...(info ? { submissionId: info.submissionId, ...(info.root ? { root: info.root } : {}) } : {}),
        ...(thread.contextValue ? { contextValue: thread.contextValue } : {}),
        comments: thread.comments.map((c) => ({ body: c instanceof ShownComment ? c.text : typeof c.body === 'string' ? c.body : c.body.value, author: c.author.name, pending: c.contextValue === 'draft' })),
      };
    });
  }

  dispose(): void {
    for (const t of this.live) t.dispose();
    this.live.clear();
    this.threads.clear();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

/** Comments that start a thread (not replies to a thread that exists). */
function roots(view: SubmissionView): Array<[ReviewRecord, LineComment]> {
  const all = view.reviews.flatMap((r) => r.comments.map((c) => [r, c] as [ReviewRecord, LineComment]));
  const keys = new Set(all.map(([r, c]) => threadKey(r, c)));
  return all.filter(([, c]) => !c.replyTo || !keys.has(c.replyTo));
}

function threadComments(view: SubmissionView, root: [ReviewRecord, LineComment]): ShownComment[] {
  const key = threadKey(...root);
  const items = [root, ...view.reviews.flatMap((r) => r.comments.filter((c) => c.replyTo === key).map((c) => [r, c] as [ReviewRecord, LineComment]))];
  return items.map(([r, c]) => new ShownComment(c.body, { name: r.reviewer.name || r.reviewer.email }, 'posted', verdictLabel(r), new Date(r.at)));
}

function verdictLabel(r: ReviewRecord): string | undefined {
  return r.verdict === 'changes' ? 'requested changes' : r.verdict === 'approve' ? 'approved' : undefined;
}

/**
 * For each of the learner's exercises, the latest round that has line comments, unless the
 * exercise is approved: that feedback is what the learner is working from.
 */
function learnerThreadSources(mine: SubmissionView[]): SubmissionView[] {
  const out: SubmissionView[] = [];
  const done = new Set<string>();
  for (const view of mine) {
    if (done.has(view.record.id)) continue;
    const chain = chainOf(mine, view.record.id);
    chain.forEach((v) => done.add(v.record.id));
    if (chain.some((v) => v.status === 'approved')) continue;
    const latest = [...chain].reverse().find((v) => v.reviews.some((r) => r.comments.length > 0));
    if (latest) out.push(latest);
  }
  return out;
}

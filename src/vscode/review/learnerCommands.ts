import * as vscode from 'vscode';
import { z } from 'zod';
import { runGit } from '../../core/review/gitExec';
import { isSelfReview } from '../../core/review/model';
import type { ReviewRecord } from '../../core/review/schema';
import { submitExercise, uncommittedFiles } from '../../core/review/submit';
import type { Container } from '../container';
import type { ReviewService, ReviewSnapshot } from './service';
import type { ReviewNode } from './treeNodes';

const ScriptedSubmitSchema = z.object({ exerciseId: z.string(), message: z.string().optional() });
const SEEN_KEY = 'practicum.review.seenReviews';

/** Learner actions: submit an exercise branch, resubmit after changes; and the "review arrived" notification. */
export function registerLearnerCommands(c: Container, service: ReviewService): void {
  // Commands may run before the background start has read the repository (scripts, tests): wait for it.
  const command = (id: string, fn: (...args: never[]) => unknown) =>
    c.command(id, async (...args: never[]) => {
      await service.start();
      return fn(...args);
    });
  const submit = async (exerciseId: string, message: string | undefined, interactive: boolean) => {
    // `git status` runs programs the repository's config names (fsmonitor, filters): not in Restricted Mode.
    const dirty = interactive && vscode.workspace.isTrusted && service.snapshot.repo ? await uncommittedFiles(service.snapshot.repo, exerciseId).catch(() => 0) : 0;
    if (dirty) {
      const go = await vscode.window.showWarningMessage(`${dirty} file(s) have uncommitted changes. Only committed work is submitted.`, { modal: true }, 'Submit Anyway');
      if (go !== 'Submit Anyway') return undefined;
    }
    const view = await vscode.window.withProgress({ location: { viewId: 'practicum.mySubmissions' }, title: `Submitting ${exerciseId}` }, () =>
      service.mutate((repo) => submitExercise({ repo, exerciseId, message, events: c.events, windowHours: c.settings.review.windowHours })),
    );
    void service.sync({ quiet: true });
    vscode.window.setStatusBarMessage(`$(cloud-upload) ${exerciseId} round ${view.record.round} submitted for review`, 5000);
    return view.record.id;
  };

  command('practicum.review.submit', async (arg: unknown) => {
    const scripted = ScriptedSubmitSchema.safeParse(arg);
    if (scripted.success) return submit(scripted.data.exerciseId, scripted.data.message, false);
    const exerciseId = await pickExercise(service);
    if (!exerciseId) return undefined;
    const message = await askMessage(exerciseId, 1);
    return message === undefined ? undefined : submit(exerciseId, message, true);
  });

  command('practicum.review.resubmit', async (arg: unknown) => {
    const scripted = ScriptedSubmitSchema.safeParse(arg);
    if (scripted.success) return submit(scripted.data.exerciseId, scripted.data.message, false);
    const node = arg as Extract<ReviewNode, { kind: 'submission' }> | undefined;
    if (!node?.view) throw new Error('Choose a submission with changes requested in My Submissions.');
    const message = await askMessage(node.view.record.exercise, node.view.record.round + 1);
    return message === undefined ? undefined : submit(node.view.record.exercise, message, true);
  });

  c.register(service.onDidChange((snap) => void notifyNewReviews(c, service, snap)));
}

async function pickExercise(service: ReviewService): Promise<string | undefined> {
  const repo = service.snapshot.repo;
  if (!repo) throw new Error('Open a folder that is a git repository first.');
  const out = await runGit(repo, ['for-each-ref', '--sort=-committerdate', '--format=%(refname:strip=3)\t%(committerdate:relative)', 'refs/heads/practicum/']);
  const items = out.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [id = '', when = ''] = l.split('\t');
      return { label: id, description: `last commit ${when}` };
    });
  if (!items.length) {
    void vscode.window.showInformationMessage('There is no exercise branch (practicum/<exercise>) to submit. Start an exercise first.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Submit which exercise for review?' }))?.label;
}

function askMessage(exerciseId: string, round: number): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Submit ${exerciseId}${round > 1 ? ` (round ${round})` : ''} for review`,
    prompt: round > 1 ? 'What changed since the last round? (optional)' : 'A note for your mentor (optional)',
    ignoreFocusOut: true,
  });
}

let notifying = false;

/** One notification for reviews of my submissions that I have not seen; the first run only records them. */
async function notifyNewReviews(c: Container, service: ReviewService, snap: ReviewSnapshot): Promise<void> {
  if (!snap.repo || !snap.me || notifying) return;
  const state = c.context.workspaceState;
  const mine = snap.submissions.filter((v) => service.isMine(v));
  const received: Array<{ review: ReviewRecord; exercise: string; round: number }> = mine.flatMap((v) =>
    v.reviews.filter((r) => !isSelfReview(v.record, r)).map((review) => ({ review, exercise: v.record.exercise, round: v.record.round })),
  );
  const seen = state.get<string[]>(SEEN_KEY);
  const fresh = seen ? received.filter((r) => !seen.includes(r.review.id)) : [];
  await state.update(SEEN_KEY, received.map((r) => r.review.id));
  const first = fresh[fresh.length - 1];
  if (!first || !c.settings.review.notifyOnReview) return;
  const verb = { approve: 'approved', changes: 'requested changes on', comment: 'commented on' }[first.review.verdict];
  const text =
    fresh.length === 1
      ? `${first.review.reviewer.name || first.review.reviewer.email} ${verb} your ${first.exercise} (round ${first.round}).`
      : `${fresh.length} new reviews of your submissions; the latest: ${first.review.reviewer.name || first.review.reviewer.email} ${verb} ${first.exercise}.`;
  notifying = true;
  try {
    const pick = await vscode.window.showInformationMessage(text, 'Show', "Don't Show Again");
    if (pick === 'Show') await vscode.commands.executeCommand('practicum.mySubmissions.focus');
    if (pick === "Don't Show Again") await vscode.workspace.getConfiguration('practicum').update('review.notifyOnReview', false, vscode.ConfigurationTarget.Global);
  } finally {
    notifying = false;
  }
}

import * as vscode from 'vscode';
import { z } from 'zod';
import { ReviewSubmitter } from '../../core/learn/reviewSubmitter';
import type { SubmissionReceipt } from '../../core/learn/submission';
import { isSelfReview } from '../../core/review/model';
import type { ReviewRecord } from '../../core/review/schema';
import type { Container } from '../container';
import { provideExerciseSubmitter } from '../learn/submitter';
import type { ReviewService, ReviewSnapshot } from './service';
import type { ReviewNode } from './treeNodes';

const ScriptedSubmitSchema = z.object({ exerciseId: z.string(), message: z.string().optional() });
const SEEN_KEY = 'practicum.review.seenReviews';

/** Learner actions: submit, resubmit after changes (both through the exercise runner); and the "review arrived" notification. */
export function registerLearnerCommands(c: Container, service: ReviewService): void {
  // Commands may run before the background start has read the repository (scripts, tests): wait for it.
  const command = (id: string, fn: (...args: never[]) => unknown) =>
    c.command(id, async (...args: never[]) => {
      await service.start();
      return fn(...args);
    });
  // One submit path: the exercise runner's, which runs the checks and records the exercise's own
  // base with them. These commands (My Submissions' Submit and Resubmit) hand over to it.
  const submit = async (arg: unknown): Promise<string | undefined> => {
    const receipt = await vscode.commands.executeCommand<SubmissionReceipt | undefined>('practicum.submitExercise', arg);
    return receipt?.id;
  };

  command('practicum.review.submit', (arg: unknown) => submit(ScriptedSubmitSchema.safeParse(arg).success ? arg : undefined));

  command('practicum.review.resubmit', (arg: unknown) => {
    if (ScriptedSubmitSchema.safeParse(arg).success) return submit(arg);
    const node = arg as Extract<ReviewNode, { kind: 'submission' }> | undefined;
    if (!node?.view) throw new Error('Choose a submission with changes requested in My Submissions.');
    return submit(node.view.record.exercise);
  });

  // Submit for Review records through the service's queue, so My Submissions re-reads at once, and the
  // record is pushed right away instead of at the next timer tick.
  const recorder = new ReviewSubmitter({ windowHours: () => c.settings.review.windowHours });
  c.register(
    provideExerciseSubmitter({
      submit: async (request) => {
        await service.start();
        const receipt = await vscode.window.withProgress({ location: { viewId: 'practicum.mySubmissions' }, title: `Submitting ${request.exerciseId}` }, () =>
          service.snapshot.repo ? service.mutate(() => recorder.submit(request)) : recorder.submit(request),
        );
        void service.sync({ quiet: true });
        return receipt;
      },
    }),
  );

  c.register(service.onDidChange((snap) => void notifyNewReviews(c, service, snap)));
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

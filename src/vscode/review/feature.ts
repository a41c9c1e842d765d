import * as path from 'node:path';
import * as vscode from 'vscode';
import { tagged } from '../../core/log';
import { DraftStore } from '../../core/review/drafts';
import { PracticumError } from '../../core/errors';
import type { Container } from '../container';
import { ReviewComments } from './comments';
import { GIT_SCHEME, GitContentProvider } from './gitContent';
import { registerLearnerCommands } from './learnerCommands';
import { registerMentorCommands } from './mentorCommands';
import { MySubmissionsView } from './mySubmissionsView';
import { QueueView } from './queueView';
import { ReviewService } from './service';

/**
 * Submissions and mentor review: the "Reviews" and "My Submissions" views, diff editors with
 * comment threads, verdicts, and background sync of `refs/practicum/*`. Registration is cheap;
 * git work starts after activation returns.
 */
export function registerReview(c: Container): void {
  const service = c.register(new ReviewService(c));
  c.register(vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, new GitContentProvider()));
  const queue = c.register(new QueueView(service, c.context.workspaceState, () => c.settings.review.recentDays));
  c.register(new MySubmissionsView(service));
  const log = tagged(c.logger, 'review');
  const comments = c.register(new ReviewComments(service, new DraftStore(path.join(c.storageDir, 'review-drafts'), log), log));
  registerMentorCommands(c, service, queue, comments);
  registerLearnerCommands(c, service);

  c.command('practicum.review.sync', async () => {
    await service.start();
    const report = await vscode.window.withProgress({ location: { viewId: 'practicum.reviews' }, title: 'Syncing submissions and reviews' }, () => service.sync({ quiet: false }));
    if (!report) return undefined;
    if (report.pushError) throw new PracticumError('network', report.pushError);
    const notPushed = report.unpushed.length ? `, ${report.unpushed.length} not yet pushed` : '';
    vscode.window.setStatusBarMessage(`$(sync) ${report.remote}: ${report.fetched.length} new, ${report.pushed.length} pushed${notPushed}`, 5000);
    return report;
  });

  setTimeout(() => service.start().catch((e: unknown) => c.logger.warn('[review] could not start', e)), 0);
}

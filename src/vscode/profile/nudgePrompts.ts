import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { ProfileService } from '../../core/profile/service';
import type { Screen } from '../../webview/protocol/profile';
import type { ProfilePanel } from './panel';
import type { ProfileScreens } from './screens';

export type OpenScreen = (build: (s: ProfileScreens) => Promise<Screen>) => Promise<ProfilePanel>;

let busy = false;

/**
 * Offers the one survey or re-assessment that is due, as a single notification. The policy (first
 * offer, at most one reminder, a gap between offers) lives in the core; "Later" and dismissing it
 * both leave it to that policy, "Skip" ends it.
 */
export async function offerNudges(service: ProfileService, open: OpenScreen, log: Logger): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    const due = await service.claimNextNudge();
    if (!due) return;
    const tracks = await service.tracks();
    if (due.kind === 'survey') {
      const title = tracks.flatMap((t) => t.modules).find((m) => m.id === due.module)?.title ?? due.module;
      const text = due.reminder
        ? `Reminder (the only one): how was "${title}"? One screen, about a minute. Skip it and you will not be asked again.`
        : `You finished "${title}". How was it? One screen, about a minute; every question is optional.`;
      const pick = await vscode.window.showInformationMessage(text, 'Give Feedback', ...(due.reminder ? [] : ['Later']), 'Skip');
      if (pick === 'Give Feedback') await open((s) => s.survey(due.module));
      else if (pick === 'Skip') await service.skipSurvey(due.module);
    } else {
      const title = tracks.find((t) => t.id === due.track)?.title ?? due.track;
      const text = `${due.reminder ? 'Reminder (the only one): ' : ''}You finished ${title}. Answer the same 3-minute self-assessment as at the start to see how far you have come?`;
      const pick = await vscode.window.showInformationMessage(text, 'Re-assess', ...(due.reminder ? [] : ['Later']), 'Skip');
      if (pick === 'Re-assess') await open((s) => s.assessment(due.track));
      else if (pick === 'Skip') await service.skipReassessment(due.track);
    }
  } catch (e) {
    log.error('offering feedback failed', e);
  } finally {
    busy = false;
  }
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCatalog } from '../../core/catalog/loader';
import { systemClock } from '../../core/clock';
import { PracticumError } from '../../core/errors';
import { tagged } from '../../core/log';
import { catalogCurriculum } from '../../core/profile/curriculum';
import { ProfileStore } from '../../core/profile/profile';
import { loadRubric, type RubricLoad } from '../../core/profile/rubric';
import { ProfileService } from '../../core/profile/service';
import type { Container } from '../container';
import { catalogSources } from '../learn/catalogService';
import { workspaceRepositoryRoot } from '../learn/repoService';
import { offerNudges, type OpenScreen } from './nudgePrompts';
import { ProfilePanel } from './panel';
import { ProfileScreens } from './screens';

const TEAM_RUBRIC = '.practicum/rubric.json';

/**
 * Onboarding with placement, re-assessment, module feedback and My Progress. Registration is cheap:
 * the profile is read after activation returns.
 */
export function registerProfile(c: Container): void {
  const log = tagged(c.logger, 'profile');
  const extensionDir = c.context.extensionUri.fsPath;
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const shownProblems = new Set<string>();
  let rubricCache: Promise<RubricLoad> | undefined;
  const rubric = () =>
    (rubricCache ??= loadRubric(path.join(extensionDir, 'media', 'rubric.json'), folder() && path.join(folder()!, TEAM_RUBRIC)).then((r) => {
      if (r.problem && !shownProblems.has(r.problem)) {
        shownProblems.add(r.problem);
        log.warn(r.problem);
        void vscode.window.showWarningMessage(r.problem, 'Open Rubric').then((pick) => {
          if (pick && folder()) void vscode.window.showTextDocument(vscode.Uri.file(path.join(folder()!, TEAM_RUBRIC)));
        });
      }
      return r;
    }));
  const watcher = c.register(vscode.workspace.createFileSystemWatcher(`**/${TEAM_RUBRIC}`));
  for (const ev of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) c.register(ev(() => (rubricCache = undefined)));

  const store = new ProfileStore(path.join(c.storageDir, 'profile.json'), log, (problem, movedTo) => {
    void vscode.window.showWarningMessage(`Practicum: your profile file was unreadable (${problem}) and was moved to ${movedTo}. Set up your learning path again.`);
  });
  const service = new ProfileService({
    store,
    clock: systemClock,
    // Late-bound: the export feature may replace the container's sink after this registers.
    events: { emit: (type, data, at) => c.events.emit(type, data, at) },
    logger: log,
    // Read on demand from the same sources as the Learn view, so catalog folders and team overrides count.
    curriculum: catalogCurriculum(async () => loadCatalog(catalogSources(c, await workspaceRepositoryRoot()))),
    rubric,
  });

  let panel: ProfilePanel | undefined;
  const checkNudges = () => void offerNudges(service, openScreen, log);
  const screens = new ProfileScreens(service, () => setTimeout(checkNudges, 2000));
  /** Shows a screen in the one profile panel, creating it if needed; returns the panel (tests drive it). */
  const openScreen: OpenScreen = async (build) => {
    // Taken before any await, so two callers at once (first use and a command) share one panel.
    const target = panel ?? createPanel();
    target.show(await build(screens));
    target.reveal();
    return target;
  };
  function createPanel(): ProfilePanel {
    const p = new ProfilePanel(c.context.extensionUri, log, async (msg, pn) => {
      const next = await screens.handle(msg, (m) => pn.post(m));
      void updateOnboarded();
      return next;
    });
    p.onDidDispose(() => {
      if (panel === p) panel = undefined;
    });
    panel = c.register(p);
    return p;
  }

  c.command('practicum.profile.onboarding', () => openScreen((s) => s.onboarding()));
  c.command('practicum.profile.progress', () => openScreen((s) => s.progress()));
  c.command('practicum.profile.reassess', async (track?: string) => {
    if (!(await service.read())?.role) return openScreen((s) => s.onboarding('Set up your learning path first; a re-assessment is compared with it.'));
    return openScreen((s) => s.assessment(typeof track === 'string' ? track : null));
  });
  c.command('practicum.profile.feedback', async (moduleId?: string) => {
    const id = typeof moduleId === 'string' ? moduleId : await pickModule(service);
    return id ? openScreen((s) => s.survey(id)) : undefined;
  });
  // Called by the exercise runner when every exercise of a module is done.
  c.command('practicum.profile.moduleCompleted', async (moduleId?: string) => {
    if (typeof moduleId !== 'string') throw new PracticumError('usage', 'practicum.profile.moduleCompleted needs a module id.');
    const r = await service.recordModuleCompleted(moduleId);
    checkNudges();
    return r;
  });
  c.command('practicum.profile.export', () => exportForLead(service));

  // Hides the Welcome view once the learner has a path (a context key read by its `when` clause).
  const updateOnboarded = async () => vscode.commands.executeCommand('setContext', 'practicum.profile.onboarded', !!(await service.read())?.role);

  // First use: open onboarding once, after activation has returned.
  const firstUse = setTimeout(() => {
    void (async () => {
      await updateOnboarded();
      if (c.settings.onboardingOnFirstUse && (await service.claimOnboarding())) await openScreen((s) => s.onboarding());
      else checkNudges();
    })().catch((e) => log.error('first-use check failed', e));
  }, 1500);
  const hourly = setInterval(checkNudges, 60 * 60 * 1000);
  c.register({ dispose: () => (clearTimeout(firstUse), clearInterval(hourly)) });
}

async function pickModule(service: ProfileService): Promise<string | undefined> {
  const [p, tracks] = await Promise.all([service.read(), service.tracks()]);
  const items = tracks.flatMap((t) =>
    t.modules.map((m) => ({
      label: m.title,
      description: t.title,
      detail: p?.surveys[m.id]?.status === 'done' ? 'Feedback given — you can change it' : p?.modules[m.id] ? 'Finished' : undefined,
      id: m.id,
    })),
  );
  const pick = await vscode.window.showQuickPick(items, { title: 'Give feedback on a module', placeHolder: 'Which module?', matchOnDescription: true });
  return pick?.id;
}

async function exportForLead(service: ProfileService): Promise<vscode.Uri | undefined> {
  const data = await service.exportForLead();
  const uri = await vscode.window.showSaveDialog({
    title: 'Export your profile for the program lead',
    defaultUri: vscode.Uri.file(path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'practicum-profile.json')),
    filters: { JSON: ['json'] },
  });
  if (!uri) return undefined;
  await fs.writeFile(uri.fsPath, JSON.stringify(data, null, 2) + '\n');
  void vscode.window.showInformationMessage('Profile exported: levels, path and feedback under a random id — no name or email. Share it with your program lead if you want to.');
  return uri;
}

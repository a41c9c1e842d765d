// Every Practicum view and webview in a dark, a light and a high-contrast theme: screenshots for
// people to look at, and an audit of each visible webview by the runner's browser (colours from the
// theme only, WCAG AA text contrast, every control reachable by Tab, named and visibly focused, no
// page wider than its view).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { submitExercise } from '../../../src/core/review/submit';
import { syncRecords } from '../../../src/core/review/sync';
import type { ProfilePanel } from '../../../src/vscode/profile/panel';
import { activatedExtension, auditWebviews, fixturePath, screenshot, type WebviewAudit } from '../helpers';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args);

const THEMES: Array<{ id: string; name: string; kind: vscode.ColorThemeKind }> = [
  { id: 'dark', name: 'Default Dark Modern', kind: vscode.ColorThemeKind.Dark },
  { id: 'light', name: 'Default Light Modern', kind: vscode.ColorThemeKind.Light },
  { id: 'hc', name: 'Default High Contrast', kind: vscode.ColorThemeKind.HighContrast },
  { id: 'hc-light', name: 'Default High Contrast Light', kind: vscode.ColorThemeKind.HighContrastLight },
];
const WEBVIEW_KIND: Record<number, string> = {
  [vscode.ColorThemeKind.Dark]: 'vscode-dark',
  [vscode.ColorThemeKind.Light]: 'vscode-light',
  [vscode.ColorThemeKind.HighContrast]: 'vscode-high-contrast',
  [vscode.ColorThemeKind.HighContrastLight]: 'vscode-high-contrast-light',
};
/** Commits `file` onto `branch` (created from HEAD) without touching the working tree, index or HEAD. */
function commitBeside(repo: string, branch: string, file: string, text: string): void {
  const index = path.join(mkdtempSync(path.join(tmpdir(), 'practicum-themes-index-')), 'index');
  const env = { ...process.env, GIT_INDEX_FILE: index };
  // Only `hash-object --stdin` is given the text: a git command that never reads stdin may exit before
  // the text is written, and the write then fails with EPIPE (seen once in CI on `read-tree`).
  const g = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo, env, encoding: 'utf8', input: text }).trim();
  g('read-tree', 'HEAD');
  g('update-index', '--add', '--cacheinfo', `100644,${blob},${file}`);
  const commit = g('commit-tree', g('write-tree'), '-p', 'HEAD', '-m', `Add ${file}`);
  g('update-ref', `refs/heads/${branch}`, commit);
  rmSync(path.dirname(index), { recursive: true, force: true });
}

const SIDE_VIEWS = ['practicum.home', 'practicum.learn', 'practicum.exercise', 'practicum.mySubmissions', 'practicum.myTime', 'practicum.aiCommits', 'practicum.outbox'];
const EXERCISE = 'agent-context-file';

/** Shows only `views` of the Practicum side bar (the others are hidden until shown again). */
async function showSideViews(views: string[]): Promise<void> {
  await run('workbench.view.extension.practicum');
  for (const id of SIDE_VIEWS) if (!views.includes(id)) await run(`${id}.removeView`).then(undefined, () => undefined);
  for (const id of views) await run(`${id}.focus`);
}

async function profileScreen(panel: ProfilePanel, screen: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (panel.deliveredScreen?.screen !== screen) {
    if (Date.now() > deadline) throw new Error(`the profile page never showed ${screen}`);
    await sleep(50);
  }
}


/**
 * Audits the visible webviews once those titled `titles` have loaded, and checks each: it has the
 * theme's kind, its page shows the colour of the part it sits in, and the audit found no problem.
 * Undefined (nothing checked) on routes without a browser.
 */
async function audited(name: string, themeKind: string, titles: string[]): Promise<WebviewAudit[] | undefined> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const audits = await auditWebviews(name);
    if (!audits) return undefined;
    const shown = audits.map((a) => a.title).sort();
    const ready = titles.every((t) => shown.includes(t)) && audits.every((a) => a.themeKind === themeKind);
    if (ready || Date.now() > deadline) {
      assert.deepEqual(shown, [...titles].sort(), 'the webviews on screen');
      for (const a of audits) {
        assert.equal(a.themeKind, themeKind, `${a.title}: the webview has the workbench's theme`);
        assert.equal(a.pageBackground, a.hostColour, `${a.title}: the page shows ${a.host}`);
        assert.deepEqual(a.problems, [], `${a.title} (${a.width}px wide) in ${themeKind}: ${JSON.stringify(a.problems, null, 1)}`);
      }
      return audits;
    }
    await sleep(300);
  }
}

describe('themes: every view in dark, light and high contrast', function () {
  this.timeout(180_000);
  let ws: string;
  let branch: string;
  let head: string;
  const temps: string[] = [];
  const cohortFile = () => path.join(ws, '.practicum', 'cohorts', 'themes.json');

  before(async () => {
    await activatedExtension();
    // Looking at views is not hands-on time: tracking is paused (My Time shows its paused state) so
    // that the focus moves of this suite add nothing to the time the suites after it measure.
    await run('practicum.time.pause');
    await run('workbench.action.closePanel'); // the views get the whole height
    ws = fixturePath();
    branch = git(ws, 'rev-parse', '--abbrev-ref', 'HEAD');
    head = git(ws, 'rev-parse', 'HEAD');
    // A team remote with another learner's submission, for the Reviews queue.
    const origin = mkdtempSync(path.join(tmpdir(), 'practicum-themes-team-'));
    temps.push(origin);
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    const remotes = git(ws, 'remote');
    if (!remotes.split('\n').includes('themes')) git(ws, 'remote', 'add', 'themes', origin);
    git(ws, 'push', '-q', 'themes', `${branch}:main`);
    const lea = mkdtempSync(path.join(tmpdir(), 'practicum-themes-lea-'));
    temps.push(lea);
    git(tmpdir(), 'clone', '-q', origin, lea);
    git(lea, 'config', 'user.name', 'Lea Learner');
    git(lea, 'config', 'user.email', 'lea@example.com');
    git(lea, 'checkout', '-q', '-b', `practicum/${EXERCISE}`);
    writeFileSync(path.join(lea, 'AGENTS.md'), '# Agents\n\nRun `npm test` before committing.\n');
    git(lea, 'add', 'AGENTS.md');
    git(lea, 'commit', '-q', '-m', 'Add AGENTS.md');
    await submitExercise({ repo: lea, exerciseId: EXERCISE, message: 'Context file with our commands.' });
    await syncRecords({ repo: lea });
    await vscode.workspace.getConfiguration('practicum').update('review.remote', 'themes', vscode.ConfigurationTarget.Workspace);

    // This learner's own exercise: one commit on its branch, checks run, submitted. The branch is
    // written without a checkout, so the workspace stays on its branch (the suites after this one
    // credit hands-on time by the checked-out branch).
    commitBeside(ws, `practicum/${EXERCISE}`, 'AGENTS.md', '# Agents\n\nBuild with `npm run build`.\n');
    await submitExercise({ repo: ws, exerciseId: EXERCISE, message: 'First round.' });
    await run('practicum.review.sync');
    await run('practicum.openExercise', EXERCISE);
    await run('practicum.runChecks', EXERCISE);

    // The Welcome view shows until the learner has a path: picture it, then set the path up (a role
    // chosen, a finished module) so the profile's screens show a selection and progress.
    await showSideViews(['practicum.home', 'practicum.learn']);
    await screenshot('theme-dark-welcome');
    const profile = (await run('practicum.profile.onboarding')) as ProfilePanel;
    await profileScreen(profile, 'onboarding');
    const levels = { fundamentals: 'practicing', 'llm-prompting': 'aware', 'ai-assisted-dev': 'proficient', 'data-for-ai': 'aware', 'ai-in-production': 'aware' };
    await profile.handleMessage({ type: 'submitOnboarding', role: 'backend', levels, testOut: [] });
    await profileScreen(profile, 'progress');
    await run('practicum.profile.moduleCompleted', 'ai-landscape');

    // A cohort for the dashboard.
    mkdirSync(path.dirname(cohortFile()), { recursive: true });
    writeFileSync(cohortFile(), JSON.stringify({
      name: 'Theme pilot', start: '2024-11-11', end: '2025-01-07',
      members: [{ email: 'ada@example.com', name: 'Ada' }, { email: 'grace@example.com', name: 'Grace' }],
    }));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('practicum').update('review.remote', undefined, vscode.ConfigurationTarget.Workspace);
    await run('workbench.action.closeAllEditors');
    await showSideViews(SIDE_VIEWS);
    rmSync(path.join(ws, '.practicum', 'cohorts'), { recursive: true, force: true });
    assert.equal(git(ws, 'rev-parse', 'HEAD'), head, 'the workspace stayed where it was');
    // Cleanup undoes only what the set-up got to, so a failed set-up reports its own error alone.
    if (git(ws, 'branch', '--list', `practicum/${EXERCISE}`)) git(ws, 'branch', '-q', '-D', `practicum/${EXERCISE}`);
    for (const ref of git(ws, 'for-each-ref', '--format=%(refname)', 'refs/practicum/').split('\n').filter(Boolean)) git(ws, 'update-ref', '-d', ref);
    if (git(ws, 'remote').split('\n').includes('themes')) git(ws, 'remote', 'remove', 'themes');
    for (const t of temps) rmSync(t, { recursive: true, force: true });
    await run('practicum.time.resume');
  });

  for (const theme of THEMES) {
    it(`${theme.id}: side bar views, editor webviews and the profile screens`, async () => {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.name, vscode.ConfigurationTarget.Global);
      const deadline = Date.now() + 10_000;
      while (vscode.window.activeColorTheme.kind !== theme.kind && Date.now() < deadline) await sleep(100);
      assert.equal(vscode.window.activeColorTheme.kind, theme.kind, `the workbench did not switch to ${theme.name}`);
      await run('notifications.clearAll');

      const kind = WEBVIEW_KIND[theme.kind] as string;

      // Editor: three narrow groups, the dashboard, Data Sharing and the module survey; side bar:
      // Welcome, Learn and the Exercise view.
      await run('workbench.action.closeAllEditors');
      await run('practicum.cohortDashboard', cohortFile());
      await run('practicum.export.review');
      await run('workbench.action.moveEditorToNextGroup');
      const survey = (await run('practicum.profile.feedback', 'ai-landscape')) as ProfilePanel;
      await run('workbench.action.moveEditorToNextGroup');
      await profileScreen(survey, 'survey');
      await showSideViews(['practicum.home', 'practicum.learn', 'practicum.exercise']);
      await run('practicum.openExercise', EXERCISE);
      await audited(`theme-${theme.id}-narrow`, kind, ['Cohort Dashboard', 'Exercise', 'Practicum: Data Sharing', 'Practicum: My Profile']);
      await screenshot(`theme-${theme.id}-learn-exercise-dashboard-sharing-survey`);

      // The other side bar views beside onboarding, then the profile's other screens.
      await showSideViews(['practicum.mySubmissions', 'practicum.myTime', 'practicum.aiCommits', 'practicum.outbox']);
      await run('workbench.action.closeAllEditors');
      const panel = (await run('practicum.profile.onboarding')) as ProfilePanel;
      await profileScreen(panel, 'onboarding');
      await audited(`theme-${theme.id}-onboarding`, kind, ['Practicum: My Profile']);
      await screenshot(`theme-${theme.id}-submissions-time-commits-sharing-onboarding`);
      await run('practicum.profile.feedback', 'ai-landscape');
      await profileScreen(panel, 'survey');
      await audited(`theme-${theme.id}-survey`, kind, ['Practicum: My Profile']);
      await screenshot(`theme-${theme.id}-survey`, 'iframe.webview');

      // The Reviews side bar beside My Progress.
      await run('practicum.profile.progress');
      await profileScreen(panel, 'progress');
      await run('workbench.view.extension.practicum-reviews');
      await run('practicum.reviews.focus');
      await audited(`theme-${theme.id}-progress`, kind, ['Practicum: My Profile']);
      await screenshot(`theme-${theme.id}-reviews-progress`);
    });
  }
});

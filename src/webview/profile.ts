import type { Placement } from '../core/profile/placement';
import { assessmentView } from './profile/assessment';
import type { ScreenContext } from './profile/context';
import { h } from './profile/dom';
import { onboardingView } from './profile/onboarding';
import { progressView } from './profile/progress';
import { surveyView } from './profile/survey';
import type { ProfileInbound, ProfileOutbound, Screen } from './protocol/profile';

declare function acquireVsCodeApi(): { postMessage(msg: unknown): void; getState(): unknown; setState(state: unknown): void };

/** Kept with setState, so a hidden-and-shown panel comes back with the learner's unsent answers. */
interface State {
  drafts: Record<string, unknown>;
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const state: State = { drafts: {}, ...((vscode.getState() as State | undefined) ?? {}) };
let placementListener: ((p: Placement) => void) | undefined;
let errorSlot: HTMLElement | undefined;
let shownKey = '';

function post(msg: ProfileInbound): void {
  if (errorSlot) errorSlot.textContent = '';
  if (msg.type === 'submitOnboarding' || msg.type === 'submitAssessment' || msg.type === 'submitSurvey' || msg.type === 'skipSurvey' || msg.type === 'skipAssessment') {
    // Sent: the draft has done its job (an error reply keeps the answers on screen).
    delete state.drafts[shownKey];
    vscode.setState(state);
  }
  vscode.postMessage(msg);
}

function keyOf(s: Screen): string {
  switch (s.screen) {
    case 'assessment':
      return `assessment:${s.track?.id ?? ''}`;
    case 'survey':
      return `survey:${s.module.id}`;
    default:
      return s.screen;
  }
}

function render(screen: Screen): void {
  const key = keyOf(screen);
  placementListener = undefined;
  errorSlot = undefined;
  shownKey = key;
  const ctx: ScreenContext = {
    post,
    draft: <T>() => state.drafts[key] as T | undefined,
    saveDraft: (value) => {
      state.drafts[key] = value;
      vscode.setState(state);
    },
    onPlacement: (fn) => (placementListener = fn),
    errorSlot: () => (errorSlot = h('p', { class: 'notice notice-alert', role: 'alert' })),
  };
  const view =
    screen.screen === 'onboarding'
      ? onboardingView(screen, ctx)
      : screen.screen === 'assessment'
        ? assessmentView(screen, ctx)
        : screen.screen === 'survey'
          ? surveyView(screen, ctx)
          : progressView(screen, ctx);
  app.replaceChildren(view);
  window.scrollTo(0, 0);
  app.querySelector<HTMLElement>('.screen-title')?.focus();
}

window.addEventListener('message', (e: MessageEvent<ProfileOutbound>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'show':
      return render(msg.screen);
    case 'placement':
      return placementListener?.(msg.placement);
    case 'error':
      if (errorSlot) errorSlot.textContent = msg.message;
      return;
  }
});

vscode.postMessage({ type: 'ready' } satisfies ProfileInbound);

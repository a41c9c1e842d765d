import type { Placement } from '../../core/profile/placement';
import type { ProfileInbound } from '../protocol/profile';

/** What a screen may do: post to the extension, keep a draft across reloads, show errors. */
export interface ScreenContext {
  post(msg: ProfileInbound): void;
  draft<T>(): T | undefined;
  saveDraft(value: unknown): void;
  /** Receives the extension's answer to `requestPlacement`. */
  onPlacement(fn: (p: Placement) => void): void;
  /** The element errors from the extension are written into (place it next to the form's buttons). */
  errorSlot(): HTMLElement;
}

/** The privacy statement, worded once and shown wherever answers are given (after a bold "Never a performance measure."). */
export const NEVER_A_RATING =
  'This self-assessment helps you choose a path and later see your own progress. Your answers stay on this machine; if you agree to share program metrics, your levels and feedback go to the program team under a pseudonymous id, to measure whether the program works — not to rate you. There is no wrong answer: be honest, it only changes your suggestions.';

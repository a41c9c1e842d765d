import type { Container } from './container';
import { registerLearn } from './learn/learnFeature';
import { registerExport } from './export/register';
import { registerReview } from './review/feature';
import { registerStats } from './stats/register';
import { registerProfile } from './profile/feature';
import { registerAiCommits } from './scan/aiCommitsFeature';
import { registerTimeTracking } from './tracking/feature';

/**
 * Each feature registers its views, commands and listeners here, one line each. A feature's
 * registration must be cheap: defer scans and file reads until after activation returns.
 */
export const features: Array<(c: Container) => void> = [
  // First: it replaces the container's null sink, so features registered after it emit into the outbox.
  registerExport,
  registerStats,
  registerProfile,
  registerAiCommits,
  registerTimeTracking,
  registerReview,
  registerLearn,
];

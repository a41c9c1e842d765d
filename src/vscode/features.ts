import type { Container } from './container';
import { registerLearn } from './learn/learnFeature';
import { registerReview } from './review/feature';
import { registerStats } from './stats/register';
import { registerProfile } from './profile/feature';
import { registerTimeTracking } from './tracking/feature';

/**
 * Each feature registers its views, commands and listeners here, one line each. A feature's
 * registration must be cheap: defer scans and file reads until after activation returns.
 */
export const features: Array<(c: Container) => void> = [
  registerStats,
  registerProfile,
  registerTimeTracking,
  registerReview,
  registerLearn,
];

import type { CatalogModule } from '../catalog/catalog';
import type { RepoProgress } from './progressSchema';

/**
 * Whether the learner has submitted every core (non-stretch) exercise of `module` at least once in
 * this repository; a module with only stretch exercises needs all of them. Submitted, not approved:
 * the module survey asks how the module went while it is fresh, approval can take days and comes
 * from another machine through sync, and a learner without a mentor has no approval at all.
 */
export function moduleSubmitted(module: CatalogModule, progress: RepoProgress): boolean {
  const core = module.exercises.filter((e) => e.level === 'core');
  const required = core.length > 0 ? core : module.exercises;
  return required.length > 0 && required.every((e) => (progress.exercises[e.id]?.submissions.length ?? 0) > 0);
}

/**
 * True for the one submission that completes the module: complete after it and not before, so a
 * resubmission, a stretch exercise or a second window's refresh does not complete it again.
 */
export function completesModule(module: CatalogModule, before: RepoProgress, after: RepoProgress): boolean {
  return !moduleSubmitted(module, before) && moduleSubmitted(module, after);
}

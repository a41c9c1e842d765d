import { z } from 'zod';

/** Check ids: kebab-case, unique within their exercise. */
export const CheckIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case');

/** `core` checks decide whether the exercise is done; `hint` checks only show progress. */
export const CheckLevelSchema = z.enum(['core', 'hint']);
export type CheckLevel = z.infer<typeof CheckLevelSchema>;

/** Fields every check kind has. */
export const checkBase = {
  id: CheckIdSchema.describe('Unique within the exercise, kebab-case.'),
  title: z.string().min(1).describe('Short statement of what passes, e.g. "Tests pass".'),
  level: CheckLevelSchema.default('core').describe(
    '"core" (default): part of what decides the exercise is done. "hint": a progress hint only (files, diff and commits checks in the bundled catalog are hints).',
  ),
};

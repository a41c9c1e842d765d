import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CurriculumTrack } from '../../../src/core/profile/curriculum';
import { RubricSchema, type Rubric } from '../../../src/core/profile/rubric';

export const repoRoot = path.resolve(__dirname, '../../../..');

/** The rubric that ships with the extension. */
export function builtinRubric(): Rubric {
  return RubricSchema.parse(JSON.parse(readFileSync(path.join(repoRoot, 'media/rubric.json'), 'utf8')));
}

/** The bundled foundational track's shape plus one role track, as the catalog would report them. */
export const tracks: CurriculumTrack[] = [
  {
    id: 'foundations',
    title: 'Foundations',
    kind: 'foundational',
    role: null,
    order: 0,
    modules: [
      { id: 'ai-landscape', title: 'AI landscape', order: 0, hours: 5, skill: 'fundamentals' },
      { id: 'llm-prompting', title: 'LLM prompting', order: 1, hours: 5, skill: 'llm-prompting' },
      { id: 'ai-assisted-dev', title: 'AI-assisted dev', order: 2, hours: 5, skill: 'ai-assisted-dev' },
      { id: 'ai-quality-ethics', title: 'Quality and ethics', order: 3, hours: 5, skill: 'ai-in-production' },
    ],
  },
  {
    id: 'ai-app-dev',
    title: 'AI application development',
    kind: 'role',
    role: 'backend',
    order: 1,
    modules: [
      { id: 'rag-basics', title: 'RAG', order: 0, hours: 5, skill: 'data-for-ai' },
      { id: 'agents', title: 'Agents', order: 1, hours: 5 },
    ],
  },
];

export const allAware = { fundamentals: 'aware', 'llm-prompting': 'aware', 'ai-assisted-dev': 'aware', 'data-for-ai': 'aware', 'ai-in-production': 'aware' } as const;

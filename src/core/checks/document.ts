import type { DocumentCheck } from '../catalog/schema';
import type { CheckEnvironment } from './environment';
import type { Verdict } from './kinds';
import type { CheckedExercise } from './runner';

export async function documentCheck(_check: DocumentCheck, _exercise: CheckedExercise, _env: CheckEnvironment): Promise<Verdict> {
  return { status: 'error', message: 'Document checks are not implemented yet.' };
}

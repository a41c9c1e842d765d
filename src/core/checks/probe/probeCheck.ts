import type { ProbeCheck } from '../../catalog/schema';
import type { CheckEnvironment } from '../environment';
import type { Verdict } from '../kinds';
import type { CheckedExercise } from '../runner';

export async function probeCheck(_check: ProbeCheck, _exercise: CheckedExercise, _env: CheckEnvironment): Promise<Verdict> {
  return { status: 'error', message: 'Probe checks are not implemented yet.' };
}

import { runGit } from './gitExec';
import { REF_NAMESPACE } from './schema';

/** Where a sync keeps remote records it refused to adopt: one ref per remote, name and object. */
export const CONFLICTS_NAMESPACE = 'refs/practicum-conflicts';

/** A remote record kept aside by a sync (`refs/practicum-conflicts/<remote>/<record path>/<object>`). */
export interface RecordConflict {
  remote: string;
  /** The record name it arrived under. */
  ref: string;
  /** The remote's object, kept for inspection. */
  sha: string;
  keptAs: string;
}

/** A remote name as one ref component; `%` and hex when it holds anything but letters, digits, `.`, `_`, `-`. */
export function remoteComponent(remote: string): string {
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(remote) && !remote.endsWith('.lock') && !remote.includes('..') ? remote : `%${Buffer.from(remote).toString('hex')}`;
}

function remoteOf(component: string): string {
  return component.startsWith('%') ? Buffer.from(component.slice(1), 'hex').toString('utf8') : component;
}

export const conflictRef = (remote: string, ref: string, sha: string): string => `${CONFLICTS_NAMESPACE}/${remoteComponent(remote)}/${ref.slice(REF_NAMESPACE.length + 1)}/${sha}`;

/** Every conflict a sync has kept and nobody has resolved yet (read locally, no network). */
export async function listConflicts(repo: string): Promise<RecordConflict[]> {
  const r = await runGit(repo, ['for-each-ref', '--format=%(refname)', `${CONFLICTS_NAMESPACE}/`], { maxOutputBytes: 16 * 1024 * 1024 });
  const out: RecordConflict[] = [];
  for (const keptAs of r.stdout.split('\n').filter(Boolean)) {
    const parts = keptAs.slice(CONFLICTS_NAMESPACE.length + 1).split('/');
    const sha = parts.pop() ?? '';
    const remote = remoteOf(parts.shift() ?? '');
    if (parts.length) out.push({ remote, ref: `${REF_NAMESPACE}/${parts.join('/')}`, sha, keptAs });
  }
  return out;
}

import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { gitEmail, learnerId, repositoryKey } from '../../core/export/learnerId';
import type { SinkIdentity } from '../../core/export/outboxSink';
import type { Logger } from '../../core/log';

export const TEAM_KEY_SECRET = 'practicum.export.teamKey';

/**
 * The learner pseudonym for this window: HMAC of the git email under the team key (team mode), else
 * the repository key, else a random key kept on this machine. Without a git email, a random
 * per-install subject is used, so nothing identifying is ever sent.
 */
export async function resolveIdentity(o: {
  mode: 'repository' | 'team';
  cohort: string;
  secrets: vscode.SecretStorage;
  storageDir: string;
  log: Logger;
}): Promise<SinkIdentity> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const email = await gitEmail(folder ?? os.homedir());
  let key: string | undefined;
  if (o.mode === 'team') {
    key = await o.secrets.get(TEAM_KEY_SECRET);
    if (!key) o.log.warn('practicum.export.learnerIdKey is "team" but no team key is set; using the repository key until "Practicum: Set Team Learner-ID Key" is run.');
  }
  key ??= folder ? await repositoryKey(folder) : undefined;
  key ??= await localSecret(o.storageDir, 'local-key');
  const subject = email ?? `install:${await localSecret(o.storageDir, 'install-id')}`;
  if (!email) o.log.info('No git user.email found; events use a random per-install pseudonym.');
  const k = key;
  return { learner: learnerId(subject, k), cohort: o.cohort || null, pseudonym: (other) => learnerId(other, k) };
}

async function localSecret(storageDir: string, name: string): Promise<string> {
  const file = path.join(storageDir, 'export', name);
  const existing = (await fs.readFile(file, 'utf8').catch(() => '')).trim();
  if (existing) return existing;
  const value = randomBytes(32).toString('hex');
  await fs.mkdir(path.dirname(file), { recursive: true });
  // `wx`: if another window created it first, use theirs.
  await fs.writeFile(file, value, { flag: 'wx', mode: 0o600 }).catch(() => undefined);
  return (await fs.readFile(file, 'utf8')).trim();
}

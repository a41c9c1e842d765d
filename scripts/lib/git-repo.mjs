// Builds a git repository from a list of commits with controlled authors and dates.
import fs from 'node:fs/promises';
import path from 'node:path';
import { run } from './proc.mjs';

/**
 * commits: [{ author: 'Name <email>', date: ISO string, message, files: { 'rel/path': string | null } }]
 * A null file content deletes the file. The repository gets branch `main` and a local identity
 * (the first author) so tests can commit in it.
 */
export async function makeGitRepo(dir, commits) {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
  const git = (args, extraEnv = {}, input) => run('git', args, { cwd: dir, env: { ...env, ...extraEnv }, quiet: true, input });
  await git(['init', '-q', '-b', 'main']);
  const [firstName, firstEmail] = parseIdent(commits[0].author);
  await git(['config', 'user.name', firstName]);
  await git(['config', 'user.email', firstEmail]);
  await git(['config', 'commit.gpgsign', 'false']);
  for (const c of commits) {
    for (const [rel, content] of Object.entries(c.files)) {
      const file = path.join(dir, rel);
      if (content === null) { await git(['rm', '-q', '--', rel]); continue; }
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content);
      await git(['add', '--', rel]);
    }
    const [name, email] = parseIdent(c.author);
    await git(['commit', '-q', '--allow-empty', '-F', '-'], {
      GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: c.date,
      GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_COMMITTER_DATE: c.date,
    }, c.message);
  }
  return dir;
}

function parseIdent(ident) {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(ident);
  if (!m) throw new Error(`bad identity: ${ident}`);
  return [m[1], m[2]];
}

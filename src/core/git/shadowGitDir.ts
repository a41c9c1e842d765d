import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitText, gitTry, type GitOptions } from './gitProcess';

/**
 * A throw-away bare git directory that borrows the repository's objects (through `alternates`) and
 * holds the scan's own `info/attributes`, so `git log -p` runs there sees only the scan's attributes.
 *
 * Why: git ranks a repository's `.gitattributes` (and its `info/attributes`) above any
 * `core.attributesFile`, and git 2.39 has no `--attr-source`. In a working checkout of git/git
 * (`*.[ch] diff=cpp`) every C file was diffed again, and `*.py binary` hid every added Python line.
 * A bare directory has no working tree, so no `.gitattributes` is read, and its `info/attributes`
 * (ours) ranks above everything else. Results and time are then those of a bare clone.
 *
 * What it copies: the object format, the shallow boundary, replace refs, and the effective mailmap
 * (the working tree's `.mailmap` plus `mailmap.file` / `mailmap.blob`), so `%aN`/`%aE`, grafts and
 * replacements read as in the repository itself.
 */
export interface ShadowGitDir {
  /** `--git-dir=<dir>`, to put before the git subcommand. */
  gitDir: string;
  dispose(): Promise<void>;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
}

const exists = (p: string) => fs.stat(p).then(() => true, () => false);

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Creates the shadow directory for `head` of the repository at `g.cwd` (`root` is its top folder; `bare` as RepoInfo says). */
export async function createShadowGitDir(g: GitOptions, opts: { root: string; bare: boolean; head: string; attributes: string }): Promise<ShadowGitDir> {
  const [paths, config] = await Promise.all([
    gitText(g, ['rev-parse', '--path-format=absolute', '--git-path', 'objects', '--git-path', 'shallow', '--git-common-dir']),
    // --type=path expands `~` in mailmap.file and leaves the other values as they are.
    gitTry(g, ['config', '--type=path', '--get-regexp', '^(extensions\\.(objectformat|refstorage)|core\\.repositoryformatversion|mailmap\\.(blob|file))$']),
  ]);
  const [objects = '', shallowFile = '', commonDir = ''] = paths.split('\n');
  const settings = new Map<string, string>();
  for (const line of (config ?? '').split('\n').filter(Boolean)) {
    const sp = line.indexOf(' ');
    settings.set(sp < 0 ? line : line.slice(0, sp), sp < 0 ? '' : line.slice(sp + 1));
  }
  const mailmapFile = settings.get('mailmap.file');
  // Replace refs are rare: list them only when the ref store may hold some (a process saved on every scan).
  const mayReplace = settings.has('extensions.refstorage') || (await exists(path.join(commonDir, 'refs', 'replace'))) || (await readOptional(path.join(commonDir, 'packed-refs')))?.includes(' refs/replace/');
  const replace = mayReplace ? await gitTry(g, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/replace/']) : undefined;
  // What git reads for mailmap in the repository: the working tree's .mailmap (not in a bare one), then mailmap.file.
  const mailmap = [
    opts.bare ? undefined : await readOptional(path.join(opts.root, '.mailmap')),
    mailmapFile ? await readOptional(path.resolve(opts.root, mailmapFile)) : undefined,
  ].filter((t): t is string => t !== undefined);
  // A bare repository reads HEAD:.mailmap unless mailmap.blob says otherwise; a checkout reads no blob unless told.
  const blob = settings.get('mailmap.blob') ?? (opts.bare ? 'HEAD:.mailmap' : '');

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'practicum-scan-git-'));
  try {
    await Promise.all([fs.mkdir(path.join(dir, 'refs'), { recursive: true }), fs.mkdir(path.join(dir, 'objects', 'info'), { recursive: true }), fs.mkdir(path.join(dir, 'info'))]);
    const format = settings.get('extensions.objectformat');
    const lines = [
      '[core]',
      `\trepositoryformatversion = ${settings.get('core.repositoryformatversion') ?? '0'}`,
      '\tbare = true',
      ...(format ? ['[extensions]', `\tobjectformat = ${format}`] : []),
      '[mailmap]',
      `\tfile = ${quote(path.join(dir, 'mailmap'))}`,
      `\tblob = ${quote(blob)}`,
    ];
    const shallow = shallowFile ? await readOptional(shallowFile) : undefined;
    await Promise.all([
      fs.writeFile(path.join(dir, 'HEAD'), `${opts.head}\n`),
      fs.writeFile(path.join(dir, 'config'), lines.join('\n') + '\n'),
      fs.writeFile(path.join(dir, 'objects', 'info', 'alternates'), `${objects}\n`),
      fs.writeFile(path.join(dir, 'info', 'attributes'), opts.attributes),
      fs.writeFile(path.join(dir, 'mailmap'), mailmap.join('\n')),
      shallow ? fs.writeFile(path.join(dir, 'shallow'), shallow) : undefined,
      replace ? fs.writeFile(path.join(dir, 'packed-refs'), replace + '\n') : undefined,
    ]);
  } catch (e) {
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { gitDir: dir, dispose: () => fs.rm(dir, { recursive: true, force: true }) };
}

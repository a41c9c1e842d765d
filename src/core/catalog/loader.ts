import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  Catalog,
  type CatalogError,
  type CatalogExercise,
  type CatalogLocation,
  type CatalogModule,
  type CatalogSource,
  type CatalogTrack,
} from './catalog';
import { parseCatalogFile, type FileProblem } from './parseFile';

/** Folders never read as tracks, modules or exercises. */
const ignoredFolder = (name: string) => name.startsWith('.') || name === 'node_modules';

/**
 * Loads catalog sources in order (bundled first). Each broken file becomes a `CatalogError` naming
 * the file and field; everything else still loads. A team source may replace a bundled track,
 * module or exercise by using its id; any other repeated id is an error on the later file. A team
 * folder without `track.json` (or `module.json`) adds to the bundled track (or module) of the same
 * name.
 */
export async function loadCatalog(sources: readonly CatalogSource[]): Promise<Catalog> {
  const state = new MergeState();
  for (const source of sources) await loadSource(source, state);
  return state.build();
}

class MergeState {
  readonly errors: CatalogError[] = [];
  readonly tracks = new Map<string, Omit<CatalogTrack, 'modules'>>();
  readonly modules = new Map<string, Omit<CatalogModule, 'exercises'>>();
  readonly exercises = new Map<string, CatalogExercise>();

  fail(source: CatalogSource, file: string, problems: FileProblem[]): void {
    for (const p of problems) {
      this.errors.push({ source, file, path: p.path, message: p.message, line: p.span?.line, column: p.span?.column, length: p.span?.length });
    }
  }

  /** Adds or replaces an entry by id; returns false (and records the error) for a forbidden duplicate. */
  place<T extends { id: string; location: CatalogLocation }>(map: Map<string, T>, what: string, entry: T): boolean {
    const existing = map.get(entry.id);
    if (existing) {
      const team = entry.location.source.origin !== 'bundled';
      if (!(team && existing.location.source.origin === 'bundled')) {
        const sameSource = existing.location.source === entry.location.source;
        const other = sameSource ? path.relative(existing.location.source.dir, existing.location.file).split(path.sep).join('/') : existing.location.file;
        this.fail(entry.location.source, entry.location.file, [{ path: 'id', message: `duplicate ${what} id "${entry.id}": also defined in ${other}` }]);
        return false;
      }
      entry.location.replaces = existing.location.file;
    }
    map.set(entry.id, entry);
    return true;
  }

  build(): Catalog {
    const byOrder = <T extends { order: number; id: string }>(a: T, b: T) => a.order - b.order || a.id.localeCompare(b.id);
    const tracks: CatalogTrack[] = [...this.tracks.values()].sort(byOrder).map((t) => ({
      ...t,
      modules: [...this.modules.values()]
        .filter((m) => m.trackId === t.id)
        .sort(byOrder)
        .map((m) => ({ ...m, exercises: [...this.exercises.values()].filter((e) => e.moduleId === m.id).sort(byOrder) })),
    }));
    const errors = [...this.errors].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
    return new Catalog(tracks, errors);
  }
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !ignoredFolder(e.name)).map((e) => e.name).sort();
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function loadSource(source: CatalogSource, state: MergeState): Promise<void> {
  let trackFolders: string[];
  try {
    trackFolders = await subfolders(source.dir);
  } catch (e) {
    if (source.origin === 'folder') {
      state.fail(source, source.dir, [{ path: null, message: `catalog folder cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); fix or remove it in the practicum.catalogFolders setting` }]);
    }
    return;
  }
  for (const name of trackFolders) await loadTrack(source, path.join(source.dir, name), state);
}

async function loadTrack(source: CatalogSource, dir: string, state: MergeState): Promise<void> {
  const name = path.basename(dir);
  const file = path.join(dir, 'track.json');
  let trackId: string | undefined;
  if (await exists(file)) {
    const parsed = await parseCatalogFile('track', file, name);
    if (parsed.ok && state.place(state.tracks, 'track', { ...parsed.value, location: { source, dir, file } })) trackId = parsed.value.id;
    else if (!parsed.ok) state.fail(source, file, parsed.problems);
  } else if (state.tracks.has(name)) {
    trackId = name;
  } else {
    state.fail(source, file, [{ path: null, message: `missing track.json: every track folder needs one (or name the folder after an existing track to add to it)` }]);
  }
  for (const m of await subfolders(dir)) await loadModule(source, path.join(dir, m), trackId, state);
}

async function loadModule(source: CatalogSource, dir: string, trackId: string | undefined, state: MergeState): Promise<void> {
  const name = path.basename(dir);
  const file = path.join(dir, 'module.json');
  let moduleId: string | undefined;
  if (await exists(file)) {
    const parsed = await parseCatalogFile('module', file, name);
    if (!parsed.ok) state.fail(source, file, parsed.problems);
    else if (trackId !== undefined && state.place(state.modules, 'module', { ...parsed.value, trackId, location: { source, dir, file } })) moduleId = parsed.value.id;
  } else if (trackId !== undefined && state.modules.get(name)?.trackId === trackId) {
    moduleId = name;
  } else {
    state.fail(source, file, [{ path: null, message: `missing module.json: every module folder needs one (or name the folder after an existing module of this track to add to it)` }]);
  }
  const parent = trackId !== undefined && moduleId !== undefined ? { trackId, moduleId } : undefined;
  const loaded = await Promise.all((await subfolders(dir)).map((e) => loadExercise(source, path.join(dir, e), parent, state)));
  // Placing after all reads keeps duplicate reports in folder order, whatever finished first.
  for (const e of loaded) if (e) state.place(state.exercises, 'exercise', e);
}

async function loadExercise(
  source: CatalogSource,
  dir: string,
  parent: { trackId: string; moduleId: string } | undefined,
  state: MergeState,
): Promise<CatalogExercise | undefined> {
  const file = path.join(dir, 'exercise.json');
  const briefFile = path.join(dir, 'brief.md');
  const [hasJson, hasBrief] = await Promise.all([exists(file), exists(briefFile)]);
  if (!hasJson) {
    // A folder with neither file is not an exercise (assets, notes); one with a brief but no JSON is a slip.
    if (hasBrief) state.fail(source, file, [{ path: null, message: 'missing exercise.json next to brief.md' }]);
    return undefined;
  }
  const parsed = await parseCatalogFile('exercise', file, path.basename(dir));
  if (!parsed.ok) {
    state.fail(source, file, parsed.problems);
    if (!hasBrief) state.fail(source, briefFile, [{ path: null, message: 'missing brief.md: every exercise needs a brief next to its exercise.json' }]);
    return undefined;
  }
  if (!hasBrief) {
    state.fail(source, briefFile, [{ path: null, message: 'missing brief.md: every exercise needs a brief next to its exercise.json' }]);
    return undefined;
  }
  const escaped = await outsideRepository(briefFile, source);
  if (escaped) {
    state.fail(source, briefFile, [{ path: null, message: `brief.md is a link to ${escaped}, outside the repository; copy the brief into the exercise folder instead of linking it` }]);
    return undefined;
  }
  if ((await fs.readFile(briefFile, 'utf8')).trim() === '') {
    state.fail(source, briefFile, [{ path: null, message: 'brief.md is empty: write the brief' }]);
    return undefined;
  }
  if (!parent) return undefined;
  return { ...parsed.value, ...parent, location: { source, dir, file }, briefFile, starterFiles: await listFiles(path.join(dir, 'starter')) };
}

/**
 * Where `file` really is when a symbolic link takes it outside the repository that holds the
 * source (or outside the source folder when no repository holds it); undefined when it stays inside.
 * The bundled catalog is ours and not checked.
 */
async function outsideRepository(file: string, source: CatalogSource): Promise<string | undefined> {
  if (source.origin === 'bundled') return undefined;
  const [real, root] = await Promise.all([fs.realpath(file), containingRepository(source.dir)]);
  return real === root || real.startsWith(root + path.sep) ? undefined : real;
}

/** The real path of the git work tree holding `dir` (the nearest folder with `.git`), or of `dir` itself. */
async function containingRepository(dir: string): Promise<string> {
  const start = await fs.realpath(dir);
  for (let cur = start; ; cur = path.dirname(cur)) {
    if (await fs.lstat(path.join(cur, '.git')).then(() => true, () => false)) return cur;
    if (path.dirname(cur) === cur) return start;
  }
}

/** Files below `dir`, relative and `/`-separated; empty when `dir` does not exist. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), `${prefix}${e.name}/`)));
    else if (e.isFile()) out.push(prefix + e.name);
  }
  return out;
}

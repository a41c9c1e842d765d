import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ModuleSchema, TrackSchema, type Role } from '../catalog/schema';

/** A module as the profile needs it: enough to place, test out and ask for feedback. */
export interface CurriculumModule {
  id: string;
  title: string;
  order: number;
  hours: number;
  /** Rubric dimension the module builds (`module.skill`). */
  skill?: string;
}

/** A track with its modules in order. */
export interface CurriculumTrack {
  id: string;
  title: string;
  kind: 'foundational' | 'role';
  role: Role | null;
  order: number;
  modules: CurriculumModule[];
}

/**
 * What the profile reads from the catalog. Kept this small so the catalog loader (with team
 * overrides) can be adapted to it in a few lines; `readCurriculumDirs` serves until then.
 */
export interface CurriculumReader {
  tracks(): Promise<CurriculumTrack[]>;
}

/** A fixed list, for tests and for callers that already hold the catalog. */
export function staticCurriculum(tracks: CurriculumTrack[]): CurriculumReader {
  return { tracks: async () => tracks };
}

/**
 * Reads `<dir>/<track>/track.json` and `<dir>/<track>/<module>/module.json` from each folder; later
 * folders replace tracks and modules with the same id. Invalid files are skipped here: reporting them
 * is the catalog validator's job, and placement must not fail because one module file is broken.
 */
export function readCurriculumDirs(dirs: string[]): CurriculumReader {
  return {
    async tracks() {
      const byId = new Map<string, CurriculumTrack>();
      for (const dir of dirs) {
        for (const t of await readDir(dir)) {
          const prev = byId.get(t.id);
          if (!prev) {
            byId.set(t.id, t);
            continue;
          }
          const modules = new Map(prev.modules.map((m) => [m.id, m]));
          for (const m of t.modules) modules.set(m.id, m);
          byId.set(t.id, { ...t, modules: [...modules.values()].sort(byOrder) });
        }
      }
      return [...byId.values()].sort(byOrder);
    },
  };
}

const byOrder = (a: { order: number; id: string }, b: { order: number; id: string }) => a.order - b.order || a.id.localeCompare(b.id);

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

async function readDir(dir: string): Promise<CurriculumTrack[]> {
  const tracks: CurriculumTrack[] = [];
  for (const name of await subdirs(dir)) {
    const t = TrackSchema.safeParse(await readJson(path.join(dir, name, 'track.json')));
    if (!t.success) continue;
    const modules: CurriculumModule[] = [];
    for (const mName of await subdirs(path.join(dir, name))) {
      const m = ModuleSchema.safeParse(await readJson(path.join(dir, name, mName, 'module.json')));
      if (!m.success) continue;
      const { id, title, order, hours, skill } = m.data;
      modules.push(skill ? { id, title, order, hours, skill } : { id, title, order, hours });
    }
    const { id, title, kind, role, order } = t.data;
    tracks.push({ id, title, kind, role, order, modules: modules.sort(byOrder) });
  }
  return tracks;
}

/** The track a module belongs to (first match in catalog order). */
export function trackOfModule(tracks: CurriculumTrack[], moduleId: string): CurriculumTrack | undefined {
  return tracks.find((t) => t.modules.some((m) => m.id === moduleId));
}

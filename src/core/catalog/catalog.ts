import * as path from 'node:path';
import type { Exercise, Module, Track } from './schema';

/**
 * Where catalog content comes from, in precedence order: the catalog bundled with the extension,
 * the repository's `.practicum/exercises/`, and folders the learner lists in a setting. Team
 * sources may replace bundled entries by id; ids must otherwise be unique across sources.
 */
export type CatalogOrigin = 'bundled' | 'repository' | 'folder';

/** One folder laid out as `<track>/<module>/<exercise>/`. */
export interface CatalogSource {
  dir: string;
  origin: CatalogOrigin;
}

/** Where a loaded entry was defined. */
export interface CatalogLocation {
  source: CatalogSource;
  /** The entry's folder. */
  dir: string;
  /** Its JSON file (`track.json`, `module.json` or `exercise.json`). */
  file: string;
  /** The file of the bundled entry this one replaces, if any. */
  replaces?: string;
}

/** A problem with one catalog file. Every other file still loads. */
export interface CatalogError {
  source: CatalogSource;
  /** Absolute path of the file at fault; it may not exist (a missing brief or track file). */
  file: string;
  /** Field path such as `checks.2.kind`, or null when the problem is the whole file. */
  path: string | null;
  message: string;
  /** Where in the file, 1-based, when known. */
  line?: number;
  column?: number;
  length?: number;
}

/** The file an error is reported against, relative to its source folder, with `/` separators. */
export function errorFileRelative(e: CatalogError): string {
  return path.relative(e.source.dir, e.file).split(path.sep).join('/');
}

export interface CatalogExercise extends Exercise {
  location: CatalogLocation;
  trackId: string;
  moduleId: string;
  /** Absolute path of `brief.md`. */
  briefFile: string;
  /** Files under `starter/`, relative to it, `/`-separated (empty when there is none). */
  starterFiles: string[];
}

export interface CatalogModule extends Module {
  location: CatalogLocation;
  trackId: string;
  exercises: CatalogExercise[];
}

export interface CatalogTrack extends Track {
  location: CatalogLocation;
  modules: CatalogModule[];
}

/** Everything that loaded, in display order, and every problem found. */
export class Catalog {
  private readonly exerciseById = new Map<string, CatalogExercise>();
  private readonly moduleById = new Map<string, CatalogModule>();
  private readonly trackById = new Map<string, CatalogTrack>();

  constructor(
    readonly tracks: readonly CatalogTrack[],
    readonly errors: readonly CatalogError[],
  ) {
    for (const t of tracks) {
      this.trackById.set(t.id, t);
      for (const m of t.modules) {
        this.moduleById.set(m.id, m);
        for (const e of m.exercises) this.exerciseById.set(e.id, e);
      }
    }
  }

  static empty(): Catalog {
    return new Catalog([], []);
  }

  get exercises(): CatalogExercise[] {
    return [...this.exerciseById.values()];
  }

  exercise(id: string): CatalogExercise | undefined {
    return this.exerciseById.get(id);
  }

  module(id: string): CatalogModule | undefined {
    return this.moduleById.get(id);
  }

  track(id: string): CatalogTrack | undefined {
    return this.trackById.get(id);
  }
}

import type { Catalog } from '../catalog/catalog';
import type { Role } from '../catalog/schema';

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

/** What the profile reads from the catalog (see `catalogCurriculum`). */
export interface CurriculumReader {
  tracks(): Promise<CurriculumTrack[]>;
}

/** A fixed list, for tests and for callers that already hold the catalog. */
export function staticCurriculum(tracks: CurriculumTrack[]): CurriculumReader {
  return { tracks: async () => tracks };
}

/**
 * The profile's view of the catalog the Learn view shows: bundled, the repository's team catalog and
 * catalog folders, with team overrides applied. Broken files are left out (the catalog reports
 * them), so placement never fails because one module file is broken.
 */
export function catalogCurriculum(load: () => Promise<Catalog>): CurriculumReader {
  return {
    async tracks() {
      return (await load()).tracks.map((t) => ({
        id: t.id,
        title: t.title,
        kind: t.kind,
        role: t.role,
        order: t.order,
        modules: t.modules.map(({ id, title, order, hours, skill }) => (skill ? { id, title, order, hours, skill } : { id, title, order, hours })),
      }));
    },
  };
}

/** The track a module belongs to (first match in catalog order). */
export function trackOfModule(tracks: CurriculumTrack[], moduleId: string): CurriculumTrack | undefined {
  return tracks.find((t) => t.modules.some((m) => m.id === moduleId));
}

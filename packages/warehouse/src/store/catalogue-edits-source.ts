import type { TouchpointRule } from '@trailmap/core';
import { catalogueRevision, loadCatalogueEdits, saveCatalogueEdits, type StateStore } from '@trailmap/state';

/** Where the rules edited in the app are kept; the revision tells a process that another one saved. */
export interface CatalogueEditsSource {
  revision(): Promise<number>;
  load(): Promise<{ revision: number; rules: TouchpointRule[] }>;
  save(rules: readonly TouchpointRule[]): Promise<number>;
}

/** The state store's catalogue edits (shared by every process on it). */
export function stateCatalogueEdits(state: StateStore): CatalogueEditsSource {
  return { revision: () => catalogueRevision(state), load: () => loadCatalogueEdits(state), save: (rules) => saveCatalogueEdits(state, rules) };
}

/** Edits kept only while this store is open: for tests and tools that open a store without a state store. */
export function unsavedCatalogueEdits(): CatalogueEditsSource {
  let current = { revision: 0, rules: [] as TouchpointRule[] };
  return {
    revision: async () => current.revision,
    load: async () => ({ revision: current.revision, rules: [...current.rules] }),
    save: async (rules) => {
      current = { revision: current.revision + 1, rules: [...rules] };
      return current.revision;
    },
  };
}

import { listImports, recordImport, type ImportEntry, type ImportRecord, type StateStore } from '@trailmap/state';

/** The log of imported files, named by the hash of their bytes (the import records each one here). */
export interface ImportsLog {
  /** Record an import; `alreadyImported` for every import of these bytes but the first, across processes. */
  record(entry: ImportEntry): Promise<{ alreadyImported: boolean }>;
  list(): Promise<ImportRecord[]>;
}

/** The state store's imports log. */
export function stateImportsLog(state: StateStore): ImportsLog {
  return { record: (e) => recordImport(state, e), list: () => listImports(state) };
}

/** A log kept only while this store is open: for tests and tools that open a store without a state store. */
export function unsavedImportsLog(): ImportsLog {
  const byHash = new Map<string, ImportRecord>();
  return {
    async record(e) {
      const now = new Date().toISOString();
      const seen = byHash.get(e.fileHash);
      if (seen) {
        seen.times += 1;
        seen.lastImportedAt = now;
        return { alreadyImported: true };
      }
      byHash.set(e.fileHash, { ...e, firstImportedAt: now, lastImportedAt: now, times: 1 });
      return { alreadyImported: false };
    },
    list: async () => [...byHash.values()].map((r) => ({ ...r })),
  };
}

import { PGlite } from '@electric-sql/pglite';
import { migrateState } from '../migrations/migrate.js';
import type { StateStore } from '../state-store.js';
import { pgliteSession as session } from './pglite-state.js';

/** An embedded store without files (gone when closed): for tests and one-off tools. Migrated. */
export async function openMemoryState(): Promise<StateStore> {
  const db = await PGlite.create();
  const outside = session(db);
  const state: StateStore = {
    kind: 'embedded',
    where: 'memory (not kept)',
    query: outside.query,
    exec: outside.exec,
    transaction: (fn) => db.transaction((tx) => fn(session(tx))),
    close: () => db.close(),
  };
  await migrateState(state);
  return state;
}

/** A store opened on first use (then kept): what it costs is paid only by callers that use it. */
export function lazyStateStore(open: () => Promise<StateStore>): StateStore {
  let opened: Promise<StateStore> | null = null;
  const get = () => (opened ??= open());
  return {
    kind: 'embedded',
    where: 'opened on first use',
    query: async (sql, params) => (await get()).query(sql, params),
    exec: async (sql, params) => (await get()).exec(sql, params),
    transaction: async (fn) => (await get()).transaction(fn),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}

import { migrateState, type MigrateResult } from './migrations/migrate.js';
import { openPgliteState } from './pglite/pglite-state.js';
import { openPostgresState } from './postgres/postgres-state.js';
import { stateLocation } from './state-location.js';
import type { StateStore } from './state-store.js';

export interface OpenedState {
  state: StateStore;
  migrations: MigrateResult;
}

/**
 * Open the state store the setting names (`embedded` → PGlite in `<dataDir>/state`, or a
 * postgres:// URL) and bring its schema up to date.
 */
export async function openStateStore(opts: { setting: string; dataDir: string }): Promise<OpenedState> {
  const where = stateLocation(opts.setting, opts.dataDir);
  const state = where.kind === 'embedded' ? await openPgliteState(where.dir) : await openPostgresState(where.url);
  try {
    return { state, migrations: await migrateState(state) };
  } catch (e) {
    await state.close().catch(() => undefined);
    throw e;
  }
}

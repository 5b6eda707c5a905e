import type { StateStore } from '../state-store.js';
import { STATE_MIGRATIONS, type StateMigration } from './migrations.js';

/** Any constant works; it only has to be the same in every Trailmap process. */
const MIGRATION_LOCK = 7_318_004_551;

export interface MigrateResult {
  from: number;
  to: number;
  applied: number[];
}

/**
 * Apply the steps the store has not recorded yet, all in one transaction that first takes a
 * transaction-scoped advisory lock: two processes starting at once on one PostgreSQL apply
 * each step once (the second waits, then finds nothing to do); a failed step leaves nothing.
 */
export async function migrateState(store: StateStore, migrations: readonly StateMigration[] = STATE_MIGRATIONS): Promise<MigrateResult> {
  const latest = migrations.at(-1)?.version ?? 0;
  return store.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS state_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM state_migrations')).map((r) => Number(r.version)));
    const from = Math.max(0, ...done);
    if (from > latest) {
      throw new Error(`the state store ${store.where} is at schema version ${from}, newer than this Trailmap knows (${latest}); run the newer version`);
    }
    const applied: number[] = [];
    // Every step not yet applied, in list order: a step numbered below the store's newest (numbers
    // handed out ahead, landing later) is applied too, not skipped.
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const stmt of m.statements) await tx.exec(stmt);
      await tx.exec('INSERT INTO state_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return { from, to: Math.max(from, latest), applied };
  });
}

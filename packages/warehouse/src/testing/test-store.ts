// Test support (package export `@trailmap/warehouse/testing`): every product test opens its store
// here, so one variable, TRAILMAP_WAREHOUSE, runs the same suite on DuckDB or on chdb.
import { DEFAULT_PROJECT_CONFIG, warehouseTargetSchema, type WarehouseTarget } from '@trailmap/core';
import { EventStore, type EventStoreOptions } from '../store/event-store.js';
import type { SqlSession } from '../warehouse.js';

/** The engine the tests run on: TRAILMAP_WAREHOUSE, parsed as the product parses it (unset = duckdb). */
export function testWarehouse(env: Record<string, string | undefined> = process.env): WarehouseTarget {
  return warehouseTargetSchema.parse(env.TRAILMAP_WAREHOUSE);
}

/** The store of a test's data directory, on the engine under test (the default project unless given). */
export function openTestStore(dataDir: string, opts: Partial<Omit<EventStoreOptions, 'dataDir' | 'warehouse' | 'path'>> = {}): Promise<EventStore> {
  return EventStore.open({ project: DEFAULT_PROJECT_CONFIG, ...opts, dataDir, warehouse: testWarehouse() });
}

/** Rename a table (tests that break the store on purpose); the two engines spell it differently. */
export async function renameTable(db: SqlSession, from: string, to: string): Promise<void> {
  const d = db.dialect;
  await db.exec(d.name === 'duckdb' ? `ALTER TABLE ${d.ident(from)} RENAME TO ${d.ident(to)}` : `RENAME TABLE ${d.ident(from)} TO ${d.ident(to)}`);
}

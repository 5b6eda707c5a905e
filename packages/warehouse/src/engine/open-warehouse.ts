import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertUnreachable, type WarehouseTarget } from '@trailmap/core';
import { ChdbWarehouse } from '../clickhouse/chdb-warehouse.js';
import { ClickHouseHttpWarehouse } from '../clickhouse/clickhouse-http-warehouse.js';
import { DuckDbWarehouse, type QueryLog } from '../duckdb/duckdb-warehouse.js';
import type { Warehouse } from '../warehouse.js';

/** The DuckDB file in a data directory. */
export const DUCKDB_FILE = 'trailmap.duckdb';
/** The directory of embedded ClickHouse's files in a data directory. */
export const CHDB_DIR = 'chdb';

export interface OpenWarehouseOptions {
  onQuery?: QueryLog;
  /** DuckDB only: settings such as threads or memory_limit. */
  duckdbSettings?: Record<string, string>;
  /** DuckDB only: the database file, instead of `<dataDir>/trailmap.duckdb` (or ':memory:'). */
  duckdbFile?: string;
}

/** Where a target keeps its data, for messages: a file or directory under the data directory, or the server. */
export function warehouseLocation(target: WarehouseTarget, dataDir: string, opts: Pick<OpenWarehouseOptions, 'duckdbFile'> = {}): string {
  switch (target.kind) {
    case 'duckdb':
      return opts.duckdbFile ?? join(dataDir, DUCKDB_FILE);
    case 'chdb':
      return join(dataDir, CHDB_DIR);
    case 'clickhouse':
      return `${target.url}/${target.database}`;
    default:
      return assertUnreachable(target);
  }
}

/** Whether the data directory holds this target's data already (a server always may). */
export function hasWarehouseData(target: WarehouseTarget, dataDir: string): boolean {
  return target.kind === 'clickhouse' || existsSync(warehouseLocation(target, dataDir));
}

/** Open the warehouse a target names (TRAILMAP_WAREHOUSE), its local files under `dataDir` (created if needed). */
export async function openWarehouse(target: WarehouseTarget, dataDir: string, opts: OpenWarehouseOptions = {}): Promise<Warehouse> {
  const onQuery = opts.onQuery ? { onQuery: opts.onQuery } : {};
  if (target.kind !== 'clickhouse') mkdirSync(dataDir, { recursive: true });
  switch (target.kind) {
    case 'duckdb':
      return DuckDbWarehouse.open({ path: warehouseLocation(target, dataDir, opts), ...(opts.duckdbSettings ? { settings: opts.duckdbSettings } : {}), ...onQuery });
    case 'chdb':
      return ChdbWarehouse.open({ path: warehouseLocation(target, dataDir), ...onQuery });
    case 'clickhouse':
      return ClickHouseHttpWarehouse.open({ url: target.url, username: target.username, password: target.password, database: target.database, cluster: target.cluster, ...onQuery });
    default:
      return assertUnreachable(target);
  }
}

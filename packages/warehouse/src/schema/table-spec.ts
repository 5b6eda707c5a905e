import type { ColumnKind, Dialect } from '../dialect/dialect.js';

export type Columns = ReadonlyArray<readonly [name: string, kind: ColumnKind, nullable?: 'null']>;

/**
 * A stored table, engine-neutral: each engine turns it into its own DDL (one statement on DuckDB
 * and a single ClickHouse server; a local and a Distributed table per sharded table on a cluster).
 */
export interface TableSpec {
  name: string;
  columns: Columns;
  /** Sort order (ClickHouse's ORDER BY; DuckDB ignores it). */
  orderBy: readonly string[];
  /** `orderBy` identifies a row: ClickHouse may keep the last copy of rows inserted twice (ReplacingMergeTree). */
  unique?: boolean;
  /** On a cluster, rows are spread over the shards by this column (all of one value on one shard); otherwise every node holds every row. */
  shardBy?: string;
  /**
   * Columns ClickHouse computes from the others on insert (MATERIALIZED: not in `SELECT *` or an
   * INSERT's column list); the other engines compute the expression where it is read instead.
   */
  materialized?: ReadonlyArray<readonly [name: string, kind: ColumnKind, expression: string]>;
}

/** The column list of a CREATE TABLE: `name TYPE [NOT NULL]`, nullable where the spec says. */
export function columnsDdl(d: Dialect, columns: Columns): string {
  return columns.map(([n, k, nul]) => `  ${d.ident(n)} ${nul ? d.nullable(d.columnType(k)) : `${d.columnType(k)} NOT NULL`}`).join(',\n');
}

import type { Dialect } from './dialect/dialect.js';
import type { StoreSteps } from './engine/store-steps.js';

export type Row = Record<string, unknown>;

/** Column of a bulk append: values arrive as JS strings, numbers or null. */
export interface AppendColumn {
  name: string;
  kind: 'text' | 'int';
}

/**
 * Statements on one connection. Inside `transaction` they commit or roll back together on DuckDB;
 * ClickHouse has no multi-statement transactions and runs them in order, each on its own, so the
 * store's write paths are written to be run again after a crash (see StoreSteps).
 */
export interface SqlSession {
  readonly dialect: Dialect;
  /** The store writes that take different statements on this engine (work tables, re-pointing, …). */
  readonly steps: StoreSteps;
  query<T extends object = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  exec(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Fast bulk insert of rows into a table (the engine's appender or native bulk path); `temp.NAME` is a work table. */
  append(table: string, columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void>;
}

/**
 * The analytical store. Engines: DuckDB (embedded, default), ClickHouse embedded (chdb) or a server
 * (@clickhouse/client); `openWarehouse` picks one from TRAILMAP_WAREHOUSE.
 */
export interface Warehouse extends SqlSession {
  /** Run fn on the single writer connection inside one transaction. Writers queue. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Run fn on the single writer connection without a transaction (each statement commits). */
  onWriter<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** How far the writer's running statement is (0–100), where the engine estimates it (DuckDB); null when idle or unknown. */
  writerProgress?(): number | null;
  /**
   * Rewrite the engine's file so deleted rows' bytes leave it (DuckDB keeps them in its blocks
   * until then); readers and writers wait meanwhile. Absent where the engine needs no rewrite.
   */
  compact?(): Promise<void>;
  close(): Promise<void>;
}

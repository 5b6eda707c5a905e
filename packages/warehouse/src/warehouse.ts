import type { Dialect } from './dialect/dialect.js';

export type Row = Record<string, unknown>;

/** Column of a bulk append: values arrive as JS strings, numbers or null. */
export interface AppendColumn {
  name: string;
  kind: 'text' | 'int';
}

/** Statements on one connection; inside `transaction` they commit or roll back together. */
export interface SqlSession {
  readonly dialect: Dialect;
  query<T extends object = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  exec(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Fast bulk insert of rows into a table (the engine's appender or native bulk path). */
  append(table: string, columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void>;
}

/** The analytical store. Engines: DuckDB (embedded, default); ClickHouse fits the same shape. */
export interface Warehouse extends SqlSession {
  /** Run fn on the single writer connection inside one transaction. Writers queue. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Run fn on the single writer connection without a transaction (each statement commits). */
  onWriter<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

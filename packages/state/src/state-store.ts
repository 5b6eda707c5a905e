/** Statements on one connection; inside `transaction` they commit or roll back together. SQL is PostgreSQL's, values bound as `$1`, `$2`… */
export interface StateSession {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Run a statement; returns the number of rows it touched. */
  exec(sql: string, params?: readonly unknown[]): Promise<number>;
}

/**
 * Everything that is not an event (keys, settings, catalogue edits, notes, estimates, the
 * imports log…): one PostgreSQL database, embedded (PGlite, the default) or a server (`pg`).
 */
export interface StateStore extends StateSession {
  /** `embedded` (PGlite in the data directory) or `postgres` (a server several processes may share). */
  readonly kind: 'embedded' | 'postgres';
  /** Where it lives, for messages (a directory, or the URL without its password). */
  readonly where: string;
  /** Run fn inside BEGIN … COMMIT (ROLLBACK when it throws). Use only `tx` inside fn. */
  transaction<T>(fn: (tx: StateSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

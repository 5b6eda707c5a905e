import type { SqlSession, Warehouse } from '../warehouse.js';

/** `db` with analyses reading `events` (see Dialect.events) instead of the whole table; writes and work tables are db's own. */
export function analysisSession<S extends SqlSession>(db: S, events: string): S {
  if (events === db.dialect.events) return db;
  const dialect = { ...db.dialect, events };
  const session: SqlSession = {
    dialect,
    steps: db.steps,
    query: (sql, params) => db.query(sql, params),
    exec: (sql, params) => db.exec(sql, params),
    append: (table, columns, rows) => db.append(table, columns, rows),
  };
  const w = db as unknown as Partial<Warehouse>;
  if (typeof w.transaction === 'function') {
    const wh = db as unknown as Warehouse;
    const scoped: Warehouse = {
      ...session,
      transaction: (fn) => wh.transaction((tx) => fn(analysisSession(tx, events))),
      onWriter: (fn) => wh.onWriter((s) => fn(analysisSession(s, events))),
      ...(wh.writerProgress ? { writerProgress: () => wh.writerProgress!() } : {}),
      close: () => wh.close(),
    };
    return scoped as unknown as S;
  }
  return session as S;
}

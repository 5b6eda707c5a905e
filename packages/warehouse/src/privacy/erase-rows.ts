import type { Dialect } from '../dialect/dialect.js';
import type { SqlSession, Warehouse } from '../warehouse.js';

/**
 * How an engine removes rows so that their bytes can go (one implementation per engine, STYLE 12).
 * DuckDB deletes in place (the file is rewritten by `compact`); ClickHouse rewrites each table
 * without the rows into a new table, swaps it in with EXCHANGE TABLES and drops the old one SYNC,
 * so no old part, mutation file or detached part keeps them (ALTER … DELETE would leave a
 * mutation_N.txt naming the values and old parts until old_parts_lifetime).
 */
export interface EraseEngine {
  /** The stored tables (MergeTree only on ClickHouse) and their columns. */
  tables(s: SqlSession): Promise<Map<string, Set<string>>>;
  /** Remove the rows where `cond` holds (NULL counts as false). Safe to run again after a crash at any statement. */
  eraseWhere(s: SqlSession, table: string, cond: string, params: readonly unknown[]): Promise<void>;
  /** Rewrite the engine's files so deleted rows' bytes are gone; what is not possible, said. */
  compact(db: Warehouse): Promise<string[]>;
}

const duckdbErase: EraseEngine = {
  async tables(s) {
    const rows = await s.query<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'main' AND table_catalog = current_database()`,
    );
    return group(rows);
  },
  async eraseWhere(s, table, cond, params) {
    await s.exec(`DELETE FROM ${s.dialect.ident(table)} WHERE ${cond}`, params);
  },
  async compact(db) {
    if (!db.compact) return ['this DuckDB store cannot rewrite its file'];
    await db.compact();
    return [];
  },
};

const clickhouseErase: EraseEngine = {
  async tables(s) {
    const rows = await s.query<{ t: string; c: string }>(
      `SELECT c.table AS t, c.name AS c FROM system.columns AS c INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
        WHERE c.database = currentDatabase() AND t.engine LIKE '%MergeTree' AND c.default_kind != 'MATERIALIZED' AND NOT endsWith(c.table, '__erase')`,
    );
    return group(rows);
  },
  async eraseWhere(s, table, cond, params) {
    const d = s.dialect;
    const t = d.ident(table);
    const work = d.ident(`${table}__erase`);
    // A crash anywhere below leaves either the old table (with a stale work table, dropped first)
    // or the new one already swapped in; running again ends in the same place.
    await s.exec(`DROP TABLE IF EXISTS ${work} SYNC`);
    await s.exec(`CREATE TABLE ${work} AS ${t}`);
    await s.exec(`INSERT INTO ${work} SELECT * FROM ${t} WHERE ifNull((${cond}), 0) = 0`, params);
    await s.exec(`EXCHANGE TABLES ${t} AND ${work}`);
    await s.exec(`DROP TABLE ${work} SYNC`);
  },
  async compact() {
    // Each erased table was rewritten and the old one dropped SYNC: nothing left to merge away.
    return [];
  },
};

function group(rows: Array<{ t: string; c: string }>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of rows) (out.get(r.t) ?? out.set(r.t, new Set()).get(r.t)!).add(r.c);
  return out;
}

export function eraseEngine(d: Dialect): EraseEngine {
  return d.name === 'duckdb' ? duckdbErase : clickhouseErase;
}

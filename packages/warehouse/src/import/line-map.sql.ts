import type { SqlSession } from '../warehouse.js';

/**
 * SELECT mapping ordinals to line numbers: the k-th line (k = 1, 2, …) counting from `first`
 * that is not in `excluded`. With c_i = (e_i − first) − (i − 1) the number of free lines below
 * the i-th excluded line e_i, line(k) = first + k − 1 + #{i : c_i < k}: an ASOF join finds it.
 *
 * `ordinals` is a relation with column `k`; `excluded` one with column `e` (may repeat).
 */
export function kthFreeLineSql(ordinals: string, excluded: string, first: number): string {
  return `
  SELECT o.k, o.k + ${first - 1} + coalesce(x.i, 0) AS line
    FROM (${ordinals}) o
    ASOF LEFT JOIN (
      SELECT c, max(i) AS i FROM (
        SELECT e - ${first} - (row_number() OVER (ORDER BY e) - 1) AS c, row_number() OVER (ORDER BY e) AS i
          FROM (SELECT DISTINCT e FROM (${excluded}) WHERE e >= ${first})
      ) GROUP BY c
    ) x ON o.k > x.c`;
}

/**
 * SQL for the 0-based position of a row in a table filled by one CREATE TABLE AS: its rowid
 * minus the first one (inside a transaction DuckDB numbers new rows from a large offset).
 * Consecutive rowids are checked, since positions stand for file order.
 */
export async function rowPositionSql(tx: SqlSession, table: string, alias = ''): Promise<string> {
  const [r] = await tx.query<{ base: number | string | null; span: number | string | null; n: number }>(
    `SELECT min(rowid) AS base, max(rowid) - min(rowid) + 1 AS span, count(*) AS n FROM ${table}`,
  );
  if (r!.n > 0 && Number(r!.span) !== r!.n) throw new Error(`${table}: row ids are not consecutive; cannot tell file order`);
  return `(${alias ? `${alias}.` : ''}rowid - ${String(r!.base ?? 0)})`;
}

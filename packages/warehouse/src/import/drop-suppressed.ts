import type { SqlSession } from '../warehouse.js';

/** What an import asks of the suppression list (SuppressionFilter has it). */
export interface ImportSuppression {
  readonly size: number;
  suppressed(userId: string | null, anonymousId: string | null): boolean;
  dropped(n: number): Promise<void>;
}

const BATCH = 1000;

/**
 * Remove from the checked rows (`_imp_checked`, valid ones) every row whose userId or
 * anonymousId is suppressed (data-subject requests): never committed, counted. The list holds
 * keyed hashes only, so each distinct id pair of the file is hashed here, once; nothing is read
 * while the list is empty.
 */
export async function dropSuppressedRows(tx: SqlSession, list: ImportSuppression): Promise<number> {
  if (list.size === 0) return 0;
  const pairs = await tx.query<{ u: string | null; a: string | null }>(`SELECT DISTINCT user_id AS u, anonymous_id AS a FROM _imp_checked WHERE code IS NULL`);
  const hit = pairs.filter((p) => list.suppressed(p.u, p.a));
  if (hit.length === 0) return 0;
  const users = [...new Set(hit.map((p) => p.u).filter((u): u is string => u !== null))];
  const anons = [...new Set(hit.map((p) => p.a).filter((a): a is string => a !== null))];
  let dropped = 0;
  // Rows whose userId is suppressed, then rows whose anonymousId is (a row counted once: the second pass sees what is left).
  for (const [col, ids] of [['user_id', users], ['anonymous_id', anons]] as const) {
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      const inList = chunk.map((_, j) => tx.dialect.param(j, chunk[j])).join(', ');
      const [c] = await tx.query<{ n: number | bigint }>(`SELECT count(*) AS n FROM _imp_checked WHERE code IS NULL AND ${col} IN (${inList})`, chunk);
      dropped += Number(c?.n ?? 0);
      await tx.exec(`DELETE FROM _imp_checked WHERE code IS NULL AND ${col} IN (${inList})`, chunk);
    }
  }
  await list.dropped(dropped);
  return dropped;
}

import type { ComputedTraitDefinition, ComputedTraitValue } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { computedTraitValueOf, computedTraitValueSql } from './computed-trait.sql.js';

/** One person's value of each definition as of an instant (null: no value), in the definitions' order. */
export async function personComputedTraits(db: SqlSession, defs: readonly ComputedTraitDefinition[], personId: string, asOfMs: number): Promise<Array<{ key: string; name: string; value: ComputedTraitValue | null }>> {
  const out: Array<{ key: string; name: string; value: ComputedTraitValue | null }> = [];
  for (const def of defs) {
    const p = new Params(db.dialect);
    const sql = computedTraitValueSql(def, p, asOfMs);
    const rows = await db.query<{ value: unknown }>(`SELECT value FROM ${sql} AS t WHERE person_id = ${p.add(personId)}`, p.values);
    const v = rows[0]?.value;
    out.push({ key: def.key, name: def.name, value: v === null || v === undefined ? null : computedTraitValueOf(def, v) });
  }
  return out;
}

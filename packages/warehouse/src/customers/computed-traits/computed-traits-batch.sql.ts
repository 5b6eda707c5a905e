import { DAY_MS, compareText, type ComputedTraitAggregate, type ComputedTraitDefinition, type ComputedTraitRow } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import { eventMatchSql } from '../../analytics/sql/event-match.sql.js';
import type { SqlSession } from '../../warehouse.js';
import { computedTraitFromWarehouse } from './computed-trait.sql.js';

/** Aggregates that several definitions can share one scan of the events for (one conditional aggregate each). */
export const ONE_SCAN_AGGREGATES: readonly ComputedTraitAggregate[] = ['count', 'exists', 'sum', 'min', 'max', 'days_since_first', 'days_since_last'];

/**
 * Several computed traits in one scan of the events before `asOfMs`, grouped by person: a column
 * `v0`, `v1`, … per definition (in the order given), each a conditional aggregate over that
 * definition's matching events — the same values as `computedTraitValueSql`, with NULL where
 * that query has no row (count and exists are never NULL). Only `ONE_SCAN_AGGREGATES`; the
 * others (first, last, most_frequent, unique_list) need their own query.
 */
export function computedTraitsSql(defs: readonly ComputedTraitDefinition[], p: Params, asOfMs: number): string {
  const d = p.dialect;
  const cols = defs.map((def, i) => {
    if (!ONE_SCAN_AGGREGATES.includes(def.aggregate)) throw new Error(`"${def.aggregate}" (trait ${def.key}) needs its own query: use computedTraitValueSql`);
    const inWindow = def.window === undefined ? '' : ` AND timestamp >= ${d.fromEpochMs(p.add(asOfMs - def.window))}`;
    const when = `${eventMatchSql({ event: def.event, touchpoint: def.touchpoint, where: def.where }, p)}${inWindow}`;
    const x = () => d.toDouble(d.jsonKey('properties', def.property ?? '', p));
    let v: string;
    switch (def.aggregate) {
      case 'count':
        v = `CAST(sum(CASE WHEN ${when} THEN 1 ELSE 0 END) AS BIGINT)`;
        break;
      case 'exists':
        v = `CAST(max(CASE WHEN ${when} THEN 1 ELSE 0 END) AS BIGINT)`;
        break;
      case 'sum':
      case 'min':
      case 'max':
        // No CAST: the value is NULL for people without a number (ClickHouse cannot CAST NULL to DOUBLE).
        v = `${def.aggregate}(CASE WHEN ${when} THEN ${x()} END)`;
        break;
      default: {
        const t = `${def.aggregate === 'days_since_first' ? 'min' : 'max'}(CASE WHEN ${when} THEN ${d.epochMs('timestamp')} END)`;
        v = `floor((${p.add(asOfMs)} - ${t}) / ${p.add(DAY_MS)})`;
      }
    }
    return `${v} AS v${i}`;
  });
  return `SELECT person_id, ${cols.join(', ')} FROM ${d.events} AS events WHERE timestamp < ${d.fromEpochMs(p.add(asOfMs))} AND person_id IS NOT NULL GROUP BY person_id`;
}

/**
 * Many computed traits as of an instant, by key: the one-scan aggregates together in one query
 * (`computedTraitsSql`), each other definition in its own. Keys must be distinct. Rows ordered
 * by person id.
 */
export async function computedTraitsFromWarehouse(db: SqlSession, defs: readonly ComputedTraitDefinition[], asOfMs: number): Promise<Map<string, ComputedTraitRow[]>> {
  const out = new Map<string, ComputedTraitRow[]>(defs.map((d) => [d.key, []]));
  if (out.size !== defs.length) throw new Error('computed traits computed together need distinct keys');
  const scan = defs.filter((d) => ONE_SCAN_AGGREGATES.includes(d.aggregate));
  if (scan.length) {
    const p = new Params(db.dialect);
    const rows = await db.query<Record<string, unknown>>(computedTraitsSql(scan, p, asOfMs), p.values);
    rows.sort((a, b) => compareText(String(a.person_id), String(b.person_id)));
    for (const r of rows)
      scan.forEach((def, i) => {
        const v = r[`v${i}`];
        if (v !== null && v !== undefined) out.get(def.key)!.push({ personId: String(r.person_id), value: Number(v) });
      });
  }
  for (const def of defs) if (!ONE_SCAN_AGGREGATES.includes(def.aggregate)) out.set(def.key, await computedTraitFromWarehouse(db, def, asOfMs));
  return out;
}

import { asOfEndMs, rfmFromRaw, type RfmDefinition, type RfmRaw, type RfmResult } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';

/**
 * Per-person raw RFM (see core's `rfmRaw`): the latest purchase time (ms), the number of
 * purchase events and the sum of the value property (missing or non-numeric counts 0) over the
 * purchases up to the end of the as-of day. Event name, property key and day are bound.
 */
export function rfmRawSql(def: RfmDefinition, p: Params): string {
  const d = p.dialect;
  const end = asOfEndMs(def.asOf);
  const upTo = end === null ? '' : ` AND timestamp < ${d.fromEpochMs(p.add(end))}`;
  const value = `coalesce(${d.toDouble(d.jsonKey('properties', def.value, p))}, 0)`;
  return `SELECT person_id, CAST(max(${d.epochMs('timestamp')}) AS BIGINT) AS last_ms, CAST(count(*) AS BIGINT) AS frequency, CAST(sum(${value}) AS DOUBLE) AS monetary
    FROM ${d.events} AS events WHERE ${d.eventLabel} = ${p.add(def.purchase)}${upTo}
    GROUP BY person_id`;
}

const byPerson = (a: RfmRaw, b: RfmRaw) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);

/** Raw R/F/M per person from the `events` table, ordered by person id as the reference is. */
export async function rfmRawFromWarehouse(db: SqlSession, def: RfmDefinition): Promise<RfmRaw[]> {
  const p = new Params(db.dialect);
  const rows = await db.query<{ person_id: string; last_ms: unknown; frequency: unknown; monetary: unknown }>(rfmRawSql(def, p), p.values);
  return rows.map((r) => ({ personId: String(r.person_id), lastMs: Number(r.last_ms), frequency: Number(r.frequency), monetary: Number(r.monetary) })).sort(byPerson);
}

/** RFM scores, groups and grid on the warehouse (DuckDB or ClickHouse). */
export async function runRfm(db: SqlSession, def: RfmDefinition, opts: { people?: boolean } = {}): Promise<RfmResult> {
  return rfmFromRaw(await rfmRawFromWarehouse(db, def), def, opts);
}

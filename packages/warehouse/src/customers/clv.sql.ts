import { asOfEndMs, clvAsOfDay, clvFromInput, clvFromSummaries, type ClvFitInput, type ClvDefinition, type ClvResult, type ClvSummary } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';

const DAY_MS = 86_400_000;

/**
 * Per-person purchase-day summary (see core's `clvSummaries`): purchases up to the end of the
 * as-of day grouped by UTC day with their values summed (missing or non-numeric counts 0), then
 * per person the first and last purchase day, the number of purchase days and the value of the
 * days after the first. Event name, property key and day are bound.
 */
export function clvSummarySql(def: Pick<ClvDefinition, 'purchase' | 'value' | 'asOf'>, p: Params): string {
  const d = p.dialect;
  const end = asOfEndMs(def.asOf);
  const upTo = end === null ? '' : ` AND timestamp < ${d.fromEpochMs(p.add(end))}`;
  const value = `coalesce(${d.toDouble(d.jsonKey('properties', def.value, p))}, 0)`;
  const day = `CAST(floor(CAST(${d.epochMs('timestamp')} AS DOUBLE) / ${DAY_MS}) AS BIGINT)`;
  return `WITH purchase_days AS (
      SELECT person_id AS pid, ${day} AS pday, CAST(sum(${value}) AS DOUBLE) AS pvalue
      FROM ${d.events} AS events WHERE ${d.eventLabel} = ${p.add(def.purchase)}${upTo}
      GROUP BY person_id, ${day}
    ), with_first AS (
      SELECT pid, pday, pvalue, min(pday) OVER (PARTITION BY pid) AS pfirst FROM purchase_days
    )
    SELECT pid AS person_id, CAST(min(pday) AS BIGINT) AS first_day, CAST(max(pday) AS BIGINT) AS last_day, CAST(count(*) AS BIGINT) AS days,
      CAST(sum(CASE WHEN pday > pfirst THEN pvalue ELSE 0 END) AS DOUBLE) AS repeat_value
    FROM with_first GROUP BY pid`;
}

const byPerson = (a: ClvSummary, b: ClvSummary) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);

/** Per-person summaries and the as-of day from the `events` table, ordered by person id as the reference is. */
export async function clvSummariesFromWarehouse(db: SqlSession, def: Pick<ClvDefinition, 'purchase' | 'value' | 'asOf'>): Promise<{ asOfDay: number | null; people: ClvSummary[] }> {
  const p = new Params(db.dialect);
  const rows = await db.query<{ person_id: string; first_day: unknown; last_day: unknown; days: unknown; repeat_value: unknown }>(clvSummarySql(def, p), p.values);
  let latest: number | null = null;
  for (const r of rows) latest = Math.max(latest ?? -Infinity, Number(r.last_day));
  const asOfDay = clvAsOfDay(def, latest === null ? null : latest * DAY_MS);
  if (asOfDay === null) return { asOfDay, people: [] };
  const people = rows.map((r) => {
    const first = Number(r.first_day);
    const frequency = Number(r.days) - 1;
    return { personId: String(r.person_id), frequency, recencyDays: Number(r.last_day) - first, tDays: asOfDay - first, monetary: frequency > 0 ? Number(r.repeat_value) / frequency : 0 };
  });
  return { asOfDay, people: people.sort(byPerson) };
}

/** CLV on the warehouse (DuckDB or ClickHouse): the summary in SQL, the model fits in TypeScript. */
export async function runClv(db: SqlSession, def: ClvDefinition, opts: { people?: boolean } = {}): Promise<ClvResult> {
  return clvFromInput(await clvInputFromWarehouse(db, def), def, opts);
}

/** The summaries runClv fits (the server fits them on a worker): as of the day, and with `holdoutDays` also as of that many days earlier. */
export async function clvInputFromWarehouse(db: SqlSession, def: ClvDefinition): Promise<ClvFitInput> {
  const { asOfDay, people } = await clvSummariesFromWarehouse(db, def);
  if (!def.holdoutDays || asOfDay === null) return { asOfDay, people, calibration: null };
  const end = new Date((asOfDay - def.holdoutDays) * 86_400_000).toISOString().slice(0, 10);
  return { asOfDay, people, calibration: { end, people: (await clvSummariesFromWarehouse(db, { ...def, asOf: end })).people } };
}

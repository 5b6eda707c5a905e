import { NotEnoughDataError } from '@trailmap/core';
import {
  churnDays,
  churnFromRows,
  DAY_MS,
  dayNumber,
  type ChurnDefinition,
  type ChurnFeatureRow,
  type ChurnLabelledRow,
  type ChurnResult,
} from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';

type FeatureDef = Pick<ChurnDefinition, 'activeEvent' | 'purchase' | 'value'>;

/**
 * Per-person churn features as of `cutoffDay` (see core's `churnFeatures`): one GROUP BY over the
 * events up to the end of that UTC day, keeping the people with an active event by then. Event
 * names, property key and days are bound parameters.
 */
export function churnFeaturesSql(def: FeatureDef, cutoffDay: number, p: Params): string {
  const d = p.dialect;
  const end = d.fromEpochMs(p.add((cutoffDay + 1) * DAY_MS));
  const value = `coalesce(${d.toDouble(d.jsonKey('properties', def.value, p))}, 0)`;
  const active = def.activeEvent === undefined ? '1 = 1' : `lbl = ${p.add(def.activeEvent)}`;
  const purchase = `lbl = ${p.add(def.purchase)}`;
  const cut = (n: number) => p.add(n);
  return `SELECT person_id,
      CAST(${cut(cutoffDay)} - max(CASE WHEN ${active} THEN day END) AS BIGINT) AS recency_days,
      CAST(sum(CASE WHEN day > ${cut(cutoffDay - 7)} THEN 1 ELSE 0 END) AS BIGINT) AS events7d,
      CAST(sum(CASE WHEN day > ${cut(cutoffDay - 30)} THEN 1 ELSE 0 END) AS BIGINT) AS events30d,
      CAST(sum(CASE WHEN day > ${cut(cutoffDay - 90)} THEN 1 ELSE 0 END) AS BIGINT) AS events90d,
      CAST(${cut(cutoffDay)} - min(day) AS BIGINT) AS tenure_days,
      CAST(count(DISTINCT day) AS BIGINT) AS active_days,
      CAST(sum(CASE WHEN ${purchase} THEN 1 ELSE 0 END) AS BIGINT) AS purchases,
      CAST(sum(CASE WHEN ${purchase} THEN val ELSE 0 END) AS DOUBLE) AS purchase_value,
      CAST(count(DISTINCT CASE WHEN stage <> '' THEN stage END) AS BIGINT) AS stages
    FROM (
      SELECT person_id, CAST(floor(${d.epochMs('timestamp')} / 86400000) AS BIGINT) AS day, ${d.eventLabel} AS lbl, stage, ${value} AS val
      FROM ${d.events} AS events WHERE timestamp < ${end}
    ) AS upto
    GROUP BY person_id
    HAVING max(CASE WHEN ${active} THEN 1 ELSE 0 END) = 1`;
}

/** The people with an active event in the N days after the cutoff (days cutoff+1 … cutoff+N). */
export function churnKeptSql(def: Pick<ChurnDefinition, 'activeEvent' | 'windowDays'>, cutoffDay: number, p: Params): string {
  const d = p.dialect;
  const from = d.fromEpochMs(p.add((cutoffDay + 1) * DAY_MS));
  const to = d.fromEpochMs(p.add((cutoffDay + 1 + def.windowDays) * DAY_MS));
  const active = def.activeEvent === undefined ? '' : ` AND ${d.eventLabel} = ${p.add(def.activeEvent)}`;
  return `SELECT DISTINCT person_id FROM ${d.events} AS events WHERE timestamp >= ${from} AND timestamp < ${to}${active}`;
}

const byPerson = (a: { personId: string }, b: { personId: string }) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);

/** Features as of a cutoff day from the `events` table, ordered by person id as the reference is. */
export async function churnFeaturesFromWarehouse(db: SqlSession, def: FeatureDef, cutoffDay: number): Promise<ChurnFeatureRow[]> {
  const p = new Params(db.dialect);
  const rows = await db.query<Record<string, unknown>>(churnFeaturesSql(def, cutoffDay, p), p.values);
  return rows
    .map((r) => ({
      personId: String(r.person_id),
      recencyDays: Number(r.recency_days),
      events7d: Number(r.events7d),
      events30d: Number(r.events30d),
      events90d: Number(r.events90d),
      tenureDays: Number(r.tenure_days),
      activeDays: Number(r.active_days),
      purchases: Number(r.purchases),
      purchaseValue: Number(r.purchase_value),
      stages: Number(r.stages),
    }))
    .sort(byPerson);
}

/** Features and labels as of a cutoff day: churned = no active event in the window after it. */
export async function churnLabelledFromWarehouse(db: SqlSession, def: Pick<ChurnDefinition, 'activeEvent' | 'purchase' | 'value' | 'windowDays'>, cutoffDay: number): Promise<ChurnLabelledRow[]> {
  const p = new Params(db.dialect);
  const kept = new Set((await db.query<{ person_id: unknown }>(churnKeptSql(def, cutoffDay, p), p.values)).map((r) => String(r.person_id)));
  return (await churnFeaturesFromWarehouse(db, def, cutoffDay)).map((r) => ({ ...r, churned: !kept.has(r.personId) }));
}

/** The latest event's UTC day on the warehouse, or null when it is empty. */
export async function latestEventDayFromWarehouse(db: SqlSession): Promise<number | null> {
  // count(*) too: on an empty table ClickHouse's max() gives the type's default (1970), not NULL.
  const [row] = await db.query<{ ms: unknown; n: unknown }>(`SELECT CAST(max(${db.dialect.epochMs('timestamp')}) AS BIGINT) AS ms, count(*) AS n FROM ${db.dialect.events} AS events`);
  return row === undefined || Number(row.n) === 0 || row.ms === null || row.ms === undefined ? null : dayNumber(Number(row.ms));
}

/** Churn model, validation and scores on the warehouse (DuckDB or ClickHouse): features in SQL, the fit in TypeScript. */
export async function runChurn(db: SqlSession, def: ChurnDefinition): Promise<ChurnResult> {
  const { rows, days } = await churnInputFromWarehouse(db, def);
  return churnFromRows(rows, def, days);
}

/** What churnFromRows needs, from the warehouse: the cutoff days and the train, test and today rows (the server fits them on a worker). */
export async function churnInputFromWarehouse(db: SqlSession, def: ChurnDefinition) {
  const days = churnDays(def, def.asOf === undefined ? await latestEventDayFromWarehouse(db) : null);
  if (!days) throw new NotEnoughDataError('no events to score churn on');
  const train = await churnLabelledFromWarehouse(db, def, days.train);
  const test = await churnLabelledFromWarehouse(db, def, days.test);
  const today = await churnFeaturesFromWarehouse(db, def, days.asOf);
  return { rows: { train, test, today }, days };
}

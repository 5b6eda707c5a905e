import {
  emptyStatus,
  lifecycleFrom,
  lifecycleRows,
  periodIndex,
  type LifecycleCounts,
  type LifecycleDefinition,
  type LifecycleResult,
  type LifecycleStatus,
} from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';
import { dataEndMs } from '../retention/retention.sql.js';
import { observedEndMs } from '../sql/observation-end.sql.js';
import { num, periodIndexSql } from '../retention/period-index.sql.js';

/**
 * Lifecycle in SQL (see core's `lifecycleCounts`): one row per person and active period, then a
 * window over each person's periods gives the previous and next active period. No self-join:
 * status is new (no previous), returning (previous = p − 1) or resurrecting; a person whose next
 * active period is not p + 1 is dormant in p + 1. Rows: (period, status, people).
 */
export function lifecycleSql(def: LifecycleDefinition, p: Params): string {
  const d = p.dialect;
  const seg = personFilterSql(def.segment, p);
  const upTo = timeRangeSql(def.range?.to ? { to: def.range.to } : undefined, p);
  const over = 'PARTITION BY person_id ORDER BY b';
  return `WITH act AS (SELECT person_id, ${periodIndexSql(d, def.period)} AS b FROM ${d.events} AS events WHERE ${eventMatchSql(def.event, p)} AND ${upTo}${seg ? ` AND person_id IN ${seg}` : ''} GROUP BY person_id, b),
    w AS (SELECT person_id, b, ${d.lag('b', over)} AS prev_b, ${d.lead('b', over)} AS next_b FROM act)
    SELECT CAST(b AS BIGINT) AS period, CASE WHEN prev_b IS NULL THEN 'new' WHEN prev_b = b - 1 THEN 'returning' ELSE 'resurrecting' END AS status, CAST(count(*) AS BIGINT) AS people
    FROM w GROUP BY b, CASE WHEN prev_b IS NULL THEN 'new' WHEN prev_b = b - 1 THEN 'returning' ELSE 'resurrecting' END
    UNION ALL
    SELECT CAST(b + 1 AS BIGINT) AS period, 'dormant' AS status, CAST(count(*) AS BIGINT) AS people
    FROM w WHERE next_b IS NULL OR next_b <> b + 1 GROUP BY b`;
}

/** The lifecycle counts of a definition from the `events` table. */
export async function lifecycleCountsSql(db: SqlSession, def: LifecycleDefinition): Promise<LifecycleCounts> {
  const p = new Params(db.dialect);
  const rows = await db.query<{ period: unknown; status: string; people: unknown }>(lifecycleSql(def, p), p.values);
  const byPeriod = new Map<number, Record<LifecycleStatus, number>>();
  let firstActive: number | null = null;
  for (const r of rows) {
    const period = num(r.period);
    if (!byPeriod.has(period)) byPeriod.set(period, emptyStatus());
    byPeriod.get(period)![r.status as LifecycleStatus] += num(r.people);
    if (r.status === 'new') firstActive = Math.min(firstActive ?? Infinity, period);
  }
  const last = await dataEndMs(db, def.range?.to ? { to: def.range.to } : undefined);
  return { byPeriod, firstActive, lastPeriod: last === null ? null : periodIndex(def.period, last), observedEndMs: await observedEndMs(db, def.range) };
}

/** Lifecycle on the warehouse (DuckDB or ClickHouse). */
export async function runLifecycle(db: SqlSession, def: LifecycleDefinition): Promise<LifecycleResult> {
  return lifecycleRows(def.period, await lifecycleCountsSql(db, def), lifecycleFrom(def));
}

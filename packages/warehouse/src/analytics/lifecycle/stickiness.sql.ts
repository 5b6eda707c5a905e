import { stickinessResult, type StickinessCounts, type StickinessDefinition, type StickinessResult } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';
import { num, periodIndexSql } from '../retention/period-index.sql.js';

/**
 * Stickiness in SQL (see core's `stickinessCounts`): distinct (person, day) first, then active
 * days per person and period, then people per (period, days). Rows: (period, days, people).
 */
export function stickinessSql(def: StickinessDefinition, p: Params): string {
  const d = p.dialect;
  const seg = personFilterSql(def.segment, p);
  return `SELECT CAST(pb AS BIGINT) AS period, CAST(nd AS BIGINT) AS days, CAST(count(*) AS BIGINT) AS people FROM (
      SELECT person_id, pb, count(*) AS nd FROM (
        SELECT person_id, ${periodIndexSql(d, 'day')} AS dy, ${periodIndexSql(d, def.period)} AS pb FROM ${d.events} AS events
        WHERE ${eventMatchSql(def.event, p)} AND ${timeRangeSql(def.range, p)}${seg ? ` AND person_id IN ${seg}` : ''} GROUP BY person_id, dy, pb
      ) AS pd GROUP BY person_id, pb
    ) AS pp GROUP BY pb, nd`;
}

/** The stickiness counts of a definition from the `events` table. */
export async function stickinessCountsSql(db: SqlSession, def: StickinessDefinition): Promise<StickinessCounts> {
  const p = new Params(db.dialect);
  const rows = await db.query<{ period: unknown; days: unknown; people: unknown }>(stickinessSql(def, p), p.values);
  const byPeriod = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const period = num(r.period);
    if (!byPeriod.has(period)) byPeriod.set(period, new Map());
    byPeriod.get(period)!.set(num(r.days), num(r.people));
  }
  const q = new Params(db.dialect);
  const day = periodIndexSql(db.dialect, 'day');
  const [b] = await db.query<{ n: unknown; first_day: unknown; last_day: unknown }>(
    `SELECT count(*) AS n, min(${day}) AS first_day, max(${day}) AS last_day FROM ${db.dialect.events} AS events WHERE ${timeRangeSql(def.range, q)}`,
    q.values,
  );
  const any = b !== undefined && num(b.n) > 0;
  return { byPeriod, firstDay: any ? num(b.first_day) : null, lastDay: any ? num(b.last_day) : null };
}

/** Stickiness on the warehouse (DuckDB or ClickHouse). */
export async function runStickiness(db: SqlSession, def: StickinessDefinition): Promise<StickinessResult> {
  return stickinessResult(def.period, await stickinessCountsSql(db, def));
}

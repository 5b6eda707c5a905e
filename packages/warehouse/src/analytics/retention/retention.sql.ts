import { periodIndex, retentionGrid, type RetentionCounts, type RetentionDefinition, type RetentionResult } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';
import { num, periodIndexSql } from './period-index.sql.js';

/**
 * Cohort retention in SQL (see core's `retentionCounts`). Aggregates per person first: the start
 * periods of each person (one row per person for `first_time`) and their return periods (or
 * only their last one for `on_or_after`), then joins those small per-person sets on person_id.
 * Returns rows (cohort, off, cnt): off = 0 gives the cohort sizes, off ≥ 1 the returned counts.
 */
export function retentionSql(def: RetentionDefinition, p: Params): string {
  const d = p.dialect;
  const seg = personFilterSql(def.segment, p);
  const inSeg = seg ? ` AND person_id IN ${seg}` : '';
  const idx = periodIndexSql(d, def.period);
  const upTo = timeRangeSql(def.range?.to ? { to: def.range.to } : undefined, p);
  const starts =
    def.startMode === 'first_time'
      ? `SELECT person_id, ${periodIndexSql(d, def.period, 'first_ts')} AS s FROM (SELECT person_id, min(timestamp) AS first_ts FROM events WHERE ${eventMatchSql(def.start, p)}${inSeg} GROUP BY person_id) AS f WHERE ${timeRangeSql(def.range, p, 'first_ts')}`
      : `SELECT person_id, ${idx} AS s FROM events WHERE ${eventMatchSql(def.start, p)} AND ${timeRangeSql(def.range, p)}${inSeg} GROUP BY person_id, s`;
  const returnWhere = `${eventMatchSql(def.return, p)} AND ${upTo}${inSeg}`;
  const periods = p.add(def.periods);
  const joined =
    def.mode === 'on'
      ? `SELECT st.s AS js, rt.r - st.s AS jd, count(*) AS jn
         FROM st INNER JOIN (SELECT person_id, ${idx} AS r FROM events WHERE ${returnWhere} GROUP BY person_id, r) AS rt ON rt.person_id = st.person_id
         WHERE rt.r - st.s >= 1 AND rt.r - st.s <= ${periods} GROUP BY st.s, rt.r - st.s`
      : `SELECT st.s AS js, least(rt.rmax - st.s, ${periods}) AS jd, count(*) AS jn
         FROM st INNER JOIN (SELECT person_id, max(${idx}) AS rmax FROM events WHERE ${returnWhere} GROUP BY person_id) AS rt ON rt.person_id = st.person_id
         WHERE rt.rmax - st.s >= 1 GROUP BY st.s, least(rt.rmax - st.s, ${periods})`;
  return `WITH st AS (${starts})
    SELECT CAST(s AS BIGINT) AS cohort, CAST(0 AS BIGINT) AS off, CAST(count(*) AS BIGINT) AS cnt FROM st GROUP BY s
    UNION ALL
    SELECT CAST(js AS BIGINT) AS cohort, CAST(jd AS BIGINT) AS off, CAST(jn AS BIGINT) AS cnt FROM (${joined}) AS j`;
}

/** Count and last timestamp (ms) of all events in a time range: where the observed data ends. */
export async function dataEndMs(db: SqlSession, range: { from?: string | undefined; to?: string | undefined } | undefined): Promise<number | null> {
  const p = new Params(db.dialect);
  const [r] = await db.query<{ n: unknown; last_ms: unknown }>(
    `SELECT count(*) AS n, max(${db.dialect.epochMs('timestamp')}) AS last_ms FROM events WHERE ${timeRangeSql(range, p)}`,
    p.values,
  );
  return r && num(r.n) > 0 ? num(r.last_ms) : null;
}

/** The counts of a retention definition from the `events` table. */
export async function retentionCountsSql(db: SqlSession, def: RetentionDefinition): Promise<RetentionCounts> {
  const p = new Params(db.dialect);
  const rows = await db.query<{ cohort: unknown; off: unknown; cnt: unknown }>(retentionSql(def, p), p.values);
  const sizes = new Map<number, number>();
  const returned = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const s = num(r.cohort);
    const off = num(r.off);
    if (off === 0) sizes.set(s, num(r.cnt));
    else {
      if (!returned.has(s)) returned.set(s, new Map());
      returned.get(s)!.set(off, num(r.cnt));
    }
  }
  const last = await dataEndMs(db, def.range);
  return { sizes, returned, lastPeriod: last === null ? null : periodIndex(def.period, last) };
}

/** Cohort retention on the warehouse (DuckDB or ClickHouse). */
export async function runRetention(db: SqlSession, def: RetentionDefinition): Promise<RetentionResult> {
  return retentionGrid(def, await retentionCountsSql(db, def));
}

import { periodIndex, retentionGrid, type RetentionCounts, type RetentionDefinition, type RetentionResult } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';
import { num, periodIndexSql } from './period-index.sql.js';
import { observedEndMs } from '../sql/observation-end.sql.js';

/**
 * Cohort retention in SQL (see core's `retentionCounts`), in one pass over the events: one
 * GROUP BY person_id keeps each person's start (the first start event's period for
 * `first_time`, every start period for `any`), the distinct periods of their return events and
 * the latest of those. Each (person, start) row is then unnested over its return periods plus a
 * NULL, which stands for the person's membership of the cohort. Rows (cohort, off, cnt): off = 0
 * gives the cohort sizes, off ≥ 1 the returned counts. (A join of per-person starts to returns
 * reads the events twice on ClickHouse, which inlines the common part.)
 */
export function retentionSql(def: RetentionDefinition, p: Params): string {
  const d = p.dialect;
  const seg = personFilterSql(def.segment, p);
  const inSeg = seg ? ` AND person_id IN ${seg}` : '';
  const periods = p.add(def.periods);
  // Start events: every one for first_time (the range applies to the first), those in range for any.
  const isStart = def.startMode === 'first_time' ? eventMatchSql(def.start, p) : `(${eventMatchSql(def.start, p)} AND ${timeRangeSql(def.range, p)})`;
  const upTo = timeRangeSql(def.range?.to ? { to: def.range.to } : undefined, p);
  const isReturn = `(${eventMatchSql(def.return, p)} AND ${upTo})`;
  const rp = periodIndexSql(d, def.period);
  const startCols =
    def.startMode === 'first_time' ? `min(CASE WHEN rf_s THEN timestamp END) AS first_ts` : `${d.distinctListIf(periodIndexSql(d, def.period), 'rf_s')} AS ss`;
  const perPerson = `SELECT person_id, ${startCols}, ${d.distinctListIf('rf_p', 'rf_r')} AS rs, max(CASE WHEN rf_r THEN rf_p END) AS rmax
    FROM (SELECT person_id, timestamp, ${isStart} AS rf_s, ${isReturn} AS rf_r, ${rp} AS rf_p FROM events WHERE (${isStart} OR ${isReturn})${inSeg}) AS rf
    GROUP BY person_id`;
  const starts =
    def.startMode === 'first_time'
      ? `SELECT ${periodIndexSql(d, def.period, 'first_ts')} AS s, rs, rmax FROM (${perPerson}) AS rp WHERE first_ts IS NOT NULL AND ${timeRangeSql(def.range, p, 'first_ts')}`
      : `SELECT ${d.unnest('ss')} AS s, rs, rmax FROM (${perPerson}) AS rp`;
  // r NULL: the cohort row; otherwise a return period, counted once per person and offset.
  const pairs = `SELECT s, ${d.unnest(d.listConcat('[NULL]', 'rs'))} AS r, rmax FROM (${starts}) AS rs0`;
  const kept = def.mode === 'on' ? `r - s >= 1 AND r - s <= ${periods}` : `r = rmax AND r - s >= 1`;
  const off = def.mode === 'on' ? 'r - s' : `least(r - s, ${periods})`;
  return `SELECT CAST(s AS BIGINT) AS cohort, CAST(CASE WHEN r IS NULL THEN 0 ELSE ${off} END AS BIGINT) AS off, CAST(count(*) AS BIGINT) AS cnt
    FROM (${pairs}) AS rr WHERE r IS NULL OR (${kept})
    GROUP BY s, CASE WHEN r IS NULL THEN 0 ELSE ${off} END`;
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
  return { sizes, returned, lastPeriod: last === null ? null : periodIndex(def.period, last), observedEndMs: await observedEndMs(db, def.range) };
}

/** Cohort retention on the warehouse (DuckDB or ClickHouse). */
export async function runRetention(db: SqlSession, def: RetentionDefinition): Promise<RetentionResult> {
  return retentionGrid(def, await retentionCountsSql(db, def));
}

import {
  periodIndex,
  retentionGrid,
  retentionGridWithGroups,
  SEGMENT_BREAKDOWN_GROUPS,
  segmentBreakdownAsOf,
  segmentBreakdownRule,
  type RetentionCounts,
  type RetentionDefinition,
  type RetentionResult,
} from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';
import { num, periodIndexSql } from './period-index.sql.js';
import { observedEndMs } from '../sql/observation-end.sql.js';
import { segmentSql } from '../../customers/segments/segment.sql.js';

/**
 * Cohort retention in SQL (see core's `retentionCounts`), in one pass over the events: one
 * GROUP BY person_id keeps each person's start (the first start event's period for
 * `first_time`, every start period for `any`), the distinct periods of their return events and
 * the latest of those. Each (person, start) row is then unnested over its return periods plus a
 * NULL, which stands for the person's membership of the cohort. Rows (cohort, off, cnt): off = 0
 * gives the cohort sizes, off ≥ 1 the returned counts. (A join of per-person starts to returns
 * reads the events twice on ClickHouse, which inlines the common part.) With a segment
 * breakdown each row also carries grp (1: in the segment as of its asOf, 0: not in) and the
 * counts are per group; the whole is their sum, as everyone is in exactly one group.
 */
export function retentionSql(def: RetentionDefinition, p: Params): string {
  const d = p.dialect;
  const seg = personFilterSql(def.segment, p);
  const inSeg = seg ? ` AND person_id IN ${seg}` : '';
  const periods = p.add(def.periods);
  const b = def.breakdown;
  const grp = b ? `, CASE WHEN person_id IN (SELECT person_id FROM ${segmentSql(segmentBreakdownRule(b), p, segmentBreakdownAsOf(b))} AS sgb) THEN 1 ELSE 0 END AS rf_g` : '';
  const g = b ? ', rf_g' : '';
  // Start events: every one for first_time (the range applies to the first), those in range for any.
  const isStart = def.startMode === 'first_time' ? eventMatchSql(def.start, p) : `(${eventMatchSql(def.start, p)} AND ${timeRangeSql(def.range, p)})`;
  const upTo = timeRangeSql(def.range?.to ? { to: def.range.to } : undefined, p);
  const isReturn = `(${eventMatchSql(def.return, p)} AND ${upTo})`;
  const rp = periodIndexSql(d, def.period);
  const startCols =
    def.startMode === 'first_time' ? `min(CASE WHEN rf_s THEN timestamp END) AS first_ts` : `${d.distinctListIf(periodIndexSql(d, def.period), 'rf_s')} AS ss`;
  const perPerson = `SELECT person_id${g}, ${startCols}, ${d.distinctListIf('rf_p', 'rf_r')} AS rs, max(CASE WHEN rf_r THEN rf_p END) AS rmax
    FROM (SELECT person_id, timestamp, ${isStart} AS rf_s, ${isReturn} AS rf_r, ${rp} AS rf_p${grp} FROM ${d.events} AS events WHERE (${isStart} OR ${isReturn})${inSeg}) AS rf
    GROUP BY person_id${g}`;
  const starts =
    def.startMode === 'first_time'
      ? `SELECT ${periodIndexSql(d, def.period, 'first_ts')} AS s${g}, rs, rmax FROM (${perPerson}) AS rp WHERE first_ts IS NOT NULL AND ${timeRangeSql(def.range, p, 'first_ts')}`
      : `SELECT ${d.unnest('ss')} AS s${g}, rs, rmax FROM (${perPerson}) AS rp`;
  // r NULL: the cohort row; otherwise a return period, counted once per person and offset.
  const pairs = `SELECT s${g}, ${d.unnest(d.listConcat('[NULL]', 'rs'))} AS r, rmax FROM (${starts}) AS rs0`;
  const kept = def.mode === 'on' ? `r - s >= 1 AND r - s <= ${periods}` : `r = rmax AND r - s >= 1`;
  const off = def.mode === 'on' ? 'r - s' : `least(r - s, ${periods})`;
  return `SELECT ${b ? 'CAST(rf_g AS BIGINT)' : 'CAST(0 AS BIGINT)'} AS grp, CAST(s AS BIGINT) AS cohort, CAST(CASE WHEN r IS NULL THEN 0 ELSE ${off} END AS BIGINT) AS off, CAST(count(*) AS BIGINT) AS cnt
    FROM (${pairs}) AS rr WHERE r IS NULL OR (${kept})
    GROUP BY ${b ? 'rf_g, ' : ''}s, CASE WHEN r IS NULL THEN 0 ELSE ${off} END`;
}

/** Count and last timestamp (ms) of all events in a time range: where the observed data ends. */
export async function dataEndMs(db: SqlSession, range: { from?: string | undefined; to?: string | undefined } | undefined): Promise<number | null> {
  const p = new Params(db.dialect);
  const [r] = await db.query<{ n: unknown; last_ms: unknown }>(
    `SELECT count(*) AS n, max(${db.dialect.epochMs('timestamp')}) AS last_ms FROM ${db.dialect.events} AS events WHERE ${timeRangeSql(range, p)}`,
    p.values,
  );
  return r && num(r.n) > 0 ? num(r.last_ms) : null;
}

type CountRow = { grp: unknown; cohort: unknown; off: unknown; cnt: unknown };

/** Cohort sizes and returned counts summed over the rows (of one group, or of all of them). */
function countsOf(rows: readonly CountRow[], end: Pick<RetentionCounts, 'lastPeriod' | 'observedEndMs'>): RetentionCounts {
  const sizes = new Map<number, number>();
  const returned = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const s = num(r.cohort);
    const off = num(r.off);
    if (off === 0) sizes.set(s, (sizes.get(s) ?? 0) + num(r.cnt));
    else {
      if (!returned.has(s)) returned.set(s, new Map());
      const m = returned.get(s)!;
      m.set(off, (m.get(off) ?? 0) + num(r.cnt));
    }
  }
  return { sizes, returned, ...end };
}

/** Where the data ends for a retention definition: last period and observation end. */
async function retentionEnd(db: SqlSession, def: RetentionDefinition): Promise<Pick<RetentionCounts, 'lastPeriod' | 'observedEndMs'>> {
  const last = await dataEndMs(db, def.range);
  return { lastPeriod: last === null ? null : periodIndex(def.period, last), observedEndMs: await observedEndMs(db, def.range) };
}

async function countRows(db: SqlSession, def: RetentionDefinition): Promise<CountRow[]> {
  const p = new Params(db.dialect);
  return db.query<CountRow>(retentionSql(def, p), p.values);
}

/** The counts of a retention definition from the `events` table (over everyone, ignoring a breakdown). */
export async function retentionCountsSql(db: SqlSession, def: RetentionDefinition): Promise<RetentionCounts> {
  return countsOf(await countRows(db, def), await retentionEnd(db, def));
}

/** Cohort retention on the warehouse (DuckDB or ClickHouse); with a segment breakdown, also one grid per group. */
export async function runRetention(db: SqlSession, def: RetentionDefinition): Promise<RetentionResult> {
  const rows = await countRows(db, def);
  const end = await retentionEnd(db, def);
  const all = countsOf(rows, end);
  if (!def.breakdown) return retentionGrid(def, all);
  const g = SEGMENT_BREAKDOWN_GROUPS;
  return retentionGridWithGroups(def, all, [
    [g.in, countsOf(rows.filter((r) => num(r.grp) === 1), end)],
    [g.out, countsOf(rows.filter((r) => num(r.grp) === 0), end)],
  ]);
}

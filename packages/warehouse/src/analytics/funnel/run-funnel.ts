import {
  assembleFunnelResult,
  funnelSchema,
  roundMs,
  FUNNEL_HISTOGRAM_BINS,
  type DurationStats,
  type FunnelCountRow,
  type FunnelDefinition,
  type FunnelInput,
  type FunnelResult,
  type FunnelTimeStats,
} from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { funnelEntitiesSql } from './funnel-entities.sql.js';
import { observedEndMs } from '../sql/observation-end.sql.js';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Both aggregates in one pass over the per-entity subquery, with GROUPING SETS: rows grouped by
 * (breakdown, period of the step-1 time, furthest step) give the counts; the grand-total row
 * gives the step-to-step and total time statistics and the time-to-convert histogram; with a
 * breakdown, one row per breakdown value gives the same statistics for that value. `grouping()`
 * (standard on both engines: 1 = the column is aggregated away) tells the three kinds apart.
 */
async function countsAndTimes(db: SqlSession, d: FunnelDefinition): Promise<{ rows: FunnelCountRow[]; times: FunnelTimeStats; breakdownTimes?: Map<string | null, FunnelTimeStats> }> {
  const n = d.steps.length;
  const p = new Params(db.dialect);
  const dl = db.dialect;
  const ordered = d.order !== 'any';
  const cols: string[] = [];
  const stat = (name: string, expr: string) =>
    cols.push(`count(${expr}) AS ${name}_n`, `avg(${expr}) AS ${name}_avg`, `${dl.quantile(expr, 0.5)} AS ${name}_p50`, `${dl.quantile(expr, 0.9)} AS ${name}_p90`);
  const total = `CASE WHEN max_step = ${n} THEN t${n - 1} - t0 END`;
  if (ordered) {
    for (let i = 1; i < n; i++) stat(`d${i}`, `CASE WHEN max_step > ${i} THEN t${i} - t${i - 1} END`);
    stat('tot', total);
    let lo = 0;
    FUNNEL_HISTOGRAM_BINS.forEach((hi, b) => {
      const upper = Number.isFinite(hi) ? ` AND ${total} < ${hi}` : '';
      cols.push(`sum(CASE WHEN ${total} >= ${lo}${upper} THEN 1 ELSE 0 END) AS h${b}`);
      lo = hi;
    });
  }
  const period = dl.epochMs(dl.truncate(d.interval, dl.fromEpochMs('start_ms')));
  // Without a breakdown, bk (always NULL) stays out of the keys: a nullable text key makes ClickHouse hash serialized rows.
  const sets = d.breakdown ? '(bk, period_ms, max_step), (bk), ()' : '(period_ms, max_step), ()';
  const bk = d.breakdown ? 'bk AS breakdown, ' : 'NULL AS breakdown, ';
  const gbk = d.breakdown ? 'grouping(bk)' : 'grouping(max_step)';
  const sql = `SELECT ${bk}period_ms, max_step AS reached, ${gbk} AS g_bk, grouping(max_step) AS g_step, count(*) AS n${cols.map((c) => `, ${c}`).join('')}
    FROM (SELECT fe.*, ${period} AS period_ms FROM (${funnelEntitiesSql(d, p)}) AS fe) AS fp
    GROUP BY GROUPING SETS (${sets})`;
  const all = await db.query<Record<string, unknown>>(sql, p.values);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const rows = all.filter((r) => Number(r.g_step) === 0).map((r) => ({
    breakdown: text(r.breakdown),
    periodStartMs: Number(r.period_ms),
    maxStep: Number(r.reached),
    count: Number(r.n),
  }));
  const empty: FunnelTimeStats = { fromPrevious: d.steps.map(() => null), total: null, histogram: FUNNEL_HISTOGRAM_BINS.map(() => 0) };
  const statsOf = (t: Record<string, unknown> | undefined): FunnelTimeStats => {
    if (!ordered || !t) return empty;
    const read = (name: string): DurationStats | null =>
      (num(t[`${name}_n`]) ?? 0) > 0
        ? { avgMs: roundMs(Number(t[`${name}_avg`])), medianMs: roundMs(Number(t[`${name}_p50`])), p90Ms: roundMs(Number(t[`${name}_p90`])) }
        : null;
    return {
      fromPrevious: d.steps.map((_, i) => (i === 0 ? null : read(`d${i}`))),
      total: read('tot'),
      histogram: FUNNEL_HISTOGRAM_BINS.map((_, b) => num(t[`h${b}`]) ?? 0),
    };
  };
  const times = statsOf(all.find((r) => Number(r.g_bk) === 1));
  if (!d.breakdown) return { rows, times };
  const perValue = all.filter((r) => Number(r.g_bk) === 0 && Number(r.g_step) === 1);
  return { rows, times, breakdownTimes: new Map(perValue.map((r) => [text(r.breakdown), statsOf(r)])) };
}

/** People who reached step k-1 but not step k (sorted ids up to the limit, and their number). */
async function dropOffPeople(db: SqlSession, d: FunnelDefinition, step: number): Promise<NonNullable<FunnelResult['dropOff']>> {
  const p = new Params(db.dialect);
  const prev = p.add(step - 1);
  const limit = d.dropOffLimit;
  if (!Number.isInteger(limit) || limit <= 0) throw new Error(`dropOffLimit must be a positive whole number, got ${limit}`);
  const sql = `SELECT dp.person AS person, count(*) OVER () AS total FROM (SELECT DISTINCT person FROM (${funnelEntitiesSql(d, p)}) AS fe WHERE max_step = ${prev}) AS dp
    ORDER BY dp.person LIMIT ${limit}`;
  const rows = await db.query<Record<string, unknown>>(sql, p.values);
  return { step, count: Number(rows[0]?.total ?? 0), people: rows.map((r) => String(r.person)) };
}

/**
 * Run a funnel on the warehouse (DuckDB or ClickHouse): one aggregate query over the per-entity
 * subquery (counts and time statistics), plus one for the drop-off list when asked.
 * Returns the same object as `funnelReference` in core.
 */
export async function runFunnel(db: SqlSession, input: FunnelInput | FunnelDefinition): Promise<FunnelResult> {
  const d = funnelSchema.parse(input);
  const { rows, times, breakdownTimes } = await countsAndTimes(db, d);
  const dropOff = d.dropOffStep !== undefined ? await dropOffPeople(db, d, d.dropOffStep) : undefined;
  return assembleFunnelResult(d, rows, times, await observedEndMs(db, d.range), dropOff, breakdownTimes);
}

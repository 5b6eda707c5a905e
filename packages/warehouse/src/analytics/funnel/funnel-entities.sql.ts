import { SEGMENT_BREAKDOWN_GROUPS, segmentBreakdownAsOf, segmentBreakdownRule, type FunnelDefinition } from '@trailmap/core';
import { segmentSql } from '../../customers/segments/segment.sql.js';
import type { Params } from '../../dialect/dialect.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';
import { sessionizedSql } from '../sql/sessions.sql.js';
import { disjointStepSql, sequentialPassesSql, sequentialStartsSql } from './funnel-sequential.sql.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Rows the funnel looks at, one per event: entity (person or session), person_id (session mode
 * only; otherwise the entity is the person), ts (ms), message_id (strict mode only), m0…m{n-1}
 * (1 when the event matches step j), x0… (exclusion matches) and bk (the breakdown property's
 * text). Ordered modes other than strict keep only events matching a
 * step or an exclusion (the pre-filter that makes large funnels cheap); strict mode needs every
 * event, since any event between two steps breaks the run.
 */
function baseSql(d: FunnelDefinition, p: Params, stepIndex: string | null = null): string {
  const dl = p.dialect;
  const seg = personFilterSql(d.segment, p);
  const where = [timeRangeSql(d.range, p), seg ? `person_id IN ${seg}` : '(1 = 1)'].join(' AND ');
  const scoped = `(SELECT ${dl.eventColumns} FROM ${dl.events} AS events WHERE ${where})`;
  const source = d.countBy === 'session' ? `(${sessionizedSql(dl, scoped, d.sessionGap)})` : scoped;
  const entity = d.countBy === 'session' ? 'session_id' : 'person_id';
  const m = d.steps.map((s, j) => `CASE WHEN ${eventMatchSql(s, p)} THEN 1 ELSE 0 END AS m${j}`);
  const x = d.exclusions.map((e, k) => `CASE WHEN ${eventMatchSql(e.step, p)} THEN 1 ELSE 0 END AS x${k}`);
  const bk = d.breakdown && 'property' in d.breakdown ? dl.jsonKey('properties', d.breakdown.property, p) : `CAST(NULL AS ${dl.nullable(dl.columnType('text'))})`;
  // Only what later passes read: every column is carried through each window's sort.
  const cols = [
    `${entity} AS entity`,
    ...(d.countBy === 'session' ? ['person_id'] : []),
    `${dl.epochMs('timestamp')} AS ts`,
    ...(d.order === 'strict' ? ['message_id'] : []),
    ...m,
    ...(stepIndex ? [`${stepIndex} AS sk`] : []),
    ...x,
    `${bk} AS bk`,
  ];
  const any = [...(stepIndex ? ['sk IS NOT NULL'] : d.steps.map((_, j) => `m${j} = 1`)), ...d.exclusions.map((_, k) => `x${k} = 1`)].join(' OR ');
  const rows = `SELECT ${cols.join(', ')} FROM ${source} AS src`;
  return d.order === 'strict' ? rows : `SELECT * FROM (${rows}) AS r WHERE ${any}`;
}

/**
 * Chain starts per step level (s0…) in strict mode: s0 = ts on step-1 rows; on a step-j row,
 * s_j = s_{j-1} of the immediately preceding event (lag in (ts, message_id) order), kept when
 * ts − s_j ≤ window. (Sequential mode is compiled per engine: `sequentialArraysSql`,
 * `sequentialPassesSql`.)
 */
function levelsSql(d: FunnelDefinition, base: string, win: string, p: Params): string {
  let sql = `SELECT b.*, CASE WHEN m0 = 1 THEN ts END AS s0 FROM (${base}) AS b`;
  for (let j = 1; j < d.steps.length; j++) {
    const prev = p.dialect.lag(`s${j - 1}`, 'PARTITION BY entity ORDER BY ts, message_id');
    sql = `SELECT l${j}.*, CASE WHEN m${j} = 1 AND ts - ${prev} <= ${win} THEN ${prev} END AS s${j} FROM (${sql}) AS l${j}`;
  }
  return sql;
}

/**
 * Per entity of a strict funnel: furthest step, start and step times of the latest-starting
 * chain reaching it, breakdown value. The per-level maxima come from a GROUP BY joined back on
 * the entity (cheaper than a partition-wide window on both engines); the levels are a CTE,
 * which DuckDB materializes once since it is read twice (ClickHouse inlines it).
 */
function orderedEntitiesSql(d: FunnelDefinition, base: string, win: string, p: Params): string {
  const n = d.steps.length;
  const person = d.countBy === 'session' ? 'min(v.person_id)' : 'v.entity';
  const levels = levelsSql(d, base, win, p);
  const maxes = range(n).map((j) => `max(s${j}) AS mx${j}`);
  const lvl = `CASE ${range(n).reverse().map((j) => `WHEN mx${j} IS NOT NULL THEN ${j + 1}`).join(' ')} ELSE 0 END`;
  const start = `CASE ${range(n).reverse().map((j) => `WHEN mx${j} IS NOT NULL THEN mx${j}`).join(' ')} END`;
  const best = `SELECT entity AS best_entity, ${lvl} AS best_step, ${start} AS best_start FROM (SELECT entity, ${maxes.join(', ')} FROM funnel_levels GROUP BY entity) AS g`;
  const times = range(n).map((j) => `min(CASE WHEN v.s${j} = bs.best_start THEN v.ts END) AS t${j}`);
  return `WITH funnel_levels AS (${levels})
    SELECT v.entity AS entity, ${person} AS person, max(bs.best_step) AS max_step, max(bs.best_start) AS start_ms, ${times.join(', ')},
    min(CASE WHEN v.m0 = 1 AND v.ts = bs.best_start THEN v.bk END) AS bk_value
    FROM funnel_levels AS v INNER JOIN (${best}) AS bs ON v.entity = bs.best_entity GROUP BY v.entity`;
}

/** Per entity in any order: the best anchor's number of distinct steps within the window; the earliest best anchor is the start. */
function anyOrderEntitiesSql(d: FunnelDefinition, base: string, win: string, p: Params): string {
  const nullInt = `CAST(NULL AS ${p.dialect.nullable(p.dialect.columnType('int'))})`;
  const n = d.steps.length;
  const next = range(n).map((j) => `min(CASE WHEN m${j} = 1 THEN ts END) OVER (PARTITION BY entity ORDER BY ts RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS nx${j}`);
  const anchor = range(n).map((j) => `m${j} = 1`).join(' OR ');
  const reach = `CASE WHEN ${anchor} THEN ${range(n).map((j) => `CASE WHEN nx${j} - ts <= ${win} THEN 1 ELSE 0 END`).join(' + ')} ELSE 0 END`;
  const a = `SELECT b.*, ${next.join(', ')} FROM (${base}) AS b`;
  const r = `SELECT a.*, ${reach} AS reach FROM (${a}) AS a`;
  const best = `SELECT r.*, max(reach) OVER (PARTITION BY entity) AS best FROM (${r}) AS r`;
  const st = `SELECT c.*, min(CASE WHEN reach = best AND best > 0 THEN ts END) OVER (PARTITION BY entity) AS anchor_ts FROM (${best}) AS c`;
  const times = range(n).map((j) => `${nullInt} AS t${j}`);
  const person = d.countBy === 'session' ? 'min(person_id)' : 'entity';
  return `SELECT entity, ${person} AS person, max(best) AS max_step, max(anchor_ts) AS start_ms, ${times.join(', ')},
    min(CASE WHEN reach = best AND ts = anchor_ts THEN bk END) AS bk_value
    FROM (${st}) AS q GROUP BY entity`;
}

/**
 * The funnel's entities as one SQL subquery with columns entity, person, max_step (0 = never
 * entered), start_ms, t0…t{n-1} (step times of the judged conversion, NULL past max_step or in
 * order "any") and bk (breakdown value). Excluded entities are left out (see `isExcluded`).
 * Written once against the dialect hooks; bound values go into `p`.
 */
export function funnelEntitiesSql(d: FunnelDefinition, p: Params): string {
  const dl = p.dialect;
  const win = p.add(d.window);
  // The one-lookup step index serves ClickHouse's fold (DuckDB's passes read m0…).
  const stepIndex = d.order === 'sequential' && dl.name === 'clickhouse' ? disjointStepSql(d.steps, p) : null;
  const base = baseSql(d, p, stepIndex);
  let ents =
    d.order === 'any'
      ? anyOrderEntitiesSql(d, base, win, p)
      : d.order === 'strict'
        ? orderedEntitiesSql(d, base, win, p)
        : dl.name === 'clickhouse'
          ? sequentialStartsSql(d, base, win, p, stepIndex !== null)
          : sequentialPassesSql(d, base, win, p);
  if (d.exclusions.length > 0) {
    const hits = d.exclusions.map((x, k) => {
      const inside = `xr.xts > e.t${x.from - 1} AND CASE WHEN e.max_step >= ${x.to} THEN xr.xts < e.t${x.to - 1} ELSE xr.xts <= e.start_ms + ${win} END`;
      return `SELECT e.entity AS ex_entity FROM (${ents}) AS e INNER JOIN (SELECT entity AS x_entity, ts AS xts FROM (${base}) AS xb WHERE x${k} = 1) AS xr
        ON e.entity = xr.x_entity WHERE e.max_step >= ${x.from} AND ${inside}`;
    });
    ents = `SELECT * FROM (${ents}) AS ne WHERE entity NOT IN (${hits.join(' UNION ALL ')})`;
  }
  let bk = 'e2.bk_value';
  let join = '';
  if (d.breakdown && 'trait' in d.breakdown) {
    const v = dl.jsonKey('traits', d.breakdown.trait, p);
    const ord = `concat(CAST(${dl.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
    join = `LEFT JOIN (SELECT person_id AS trait_person, ${dl.argMax('v', 'o')} AS trait_value FROM (SELECT person_id, ${v} AS v, ${ord} AS o FROM events WHERE type = 'identify') AS ti WHERE v IS NOT NULL GROUP BY person_id) AS tr ON tr.trait_person = e2.person`;
    bk = 'tr.trait_value';
  }
  if (d.breakdown && 'segment' in d.breakdown) {
    const members = segmentSql(segmentBreakdownRule(d.breakdown), p, segmentBreakdownAsOf(d.breakdown));
    const g = SEGMENT_BREAKDOWN_GROUPS;
    bk = `CAST(CASE WHEN e2.person IN (SELECT person_id FROM ${members} AS sgb) THEN ${p.add(g.in)} ELSE ${p.add(g.out)} END AS ${dl.nullable(dl.columnType('text'))})`;
  }
  const times = range(d.steps.length).map((j) => `e2.t${j} AS t${j}`);
  return `SELECT e2.entity AS entity, e2.person AS person, e2.max_step AS max_step, e2.start_ms AS start_ms, ${times.join(', ')}, ${bk} AS bk
    FROM (${ents}) AS e2 ${join} WHERE e2.max_step > 0`;
}

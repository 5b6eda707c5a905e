import type { FunnelDefinition } from '@trailmap/core';
import type { Params } from '../../dialect/dialect.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';
import { sessionizedSql } from '../sql/sessions.sql.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Rows the funnel looks at, one per event: entity (person or session), person_id (session mode
 * only; otherwise the entity is the person), ts (ms), message_id (strict mode only), m0…m{n-1}
 * (1 when the event matches step j), x0… (exclusion matches) and bk (the breakdown property's
 * text). Ordered modes other than strict keep only events matching a
 * step or an exclusion (the pre-filter that makes large funnels cheap); strict mode needs every
 * event, since any event between two steps breaks the run.
 */
function baseSql(d: FunnelDefinition, p: Params): string {
  const dl = p.dialect;
  const seg = personFilterSql(d.segment, p);
  const where = [timeRangeSql(d.range, p), seg ? `person_id IN ${seg}` : '(1 = 1)'].join(' AND ');
  const scoped = `(SELECT * FROM events WHERE ${where})`;
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
    ...x,
    `${bk} AS bk`,
  ];
  const any = [...d.steps.map((_, j) => `m${j} = 1`), ...d.exclusions.map((_, k) => `x${k} = 1`)].join(' OR ');
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

/** (ts, step) entries packed into one integer, ts·32 + step, so that sorting the integers sorts the entries by (ts, step). */
const STEP_SLOTS = 32;
/** "No chain" in the array form (ClickHouse Int64 minimum; every real start compares greater). */
const NO_START = '-9223372036854775808';

/**
 * Sequential mode on ClickHouse, per entity with arrays: the entity's (ts, step) entries are
 * gathered with groupArrayArray and sorted, which is windowFunnel's entry order. Level 0 holds
 * ts on step-1 entries; level j holds, on a step-(j+1) entry, the latest level-(j-1) value at or
 * before it (`arrayFill` carries the last one forward; it is also the largest, since chain starts
 * never decrease), kept when ts − start ≤ window. "At or before in (ts, step) order" lets
 * entries at one millisecond satisfy consecutive steps, as in windowFunnel. One array pass per
 * level. The judged start is the largest start at the furthest level, and step j's time the
 * first level-j entry with that start.
 */
function sequentialArraysSql(d: FunnelDefinition, base: string, win: string, p: Params): string {
  const n = d.steps.length;
  if (n > STEP_SLOTS) throw new Error(`at most ${STEP_SLOTS} steps`);
  const byProperty = d.breakdown !== undefined && 'property' in d.breakdown;
  const none = `toInt64(${NO_START})`;
  const keys = `arrayFilter(k -> k IS NOT NULL, [${range(n).map((j) => `if(m${j} = 1, ts * ${STEP_SLOTS} + ${j}, NULL)`).join(', ')}])`;
  const cols = [
    'entity',
    d.countBy === 'session' ? 'min(person_id) AS person' : 'entity AS person',
    `arraySort(groupArrayArray(ks)) AS fk`,
    `arrayMap(k -> intDiv(k - bitAnd(k, ${STEP_SLOTS - 1}), ${STEP_SLOTS}), fk) AS fts`,
    `arrayMap(k -> bitAnd(k, ${STEP_SLOTS - 1}), fk) AS fst`,
    `arrayMap((t, s) -> if(s = 0, t, ${none}), fts, fst) AS fl0`,
  ];
  for (let j = 1; j < n; j++)
    cols.push(`arrayMap((t, s, f) -> if(s = ${j} AND t - ${win} <= f, f, ${none}), fts, fst, arrayFill(x -> x != ${none}, fl${j - 1})) AS fl${j}`);
  for (let j = 0; j < n; j++) cols.push(`arrayMax(fl${j}) AS fm${j}`);
  const rev = range(n).reverse();
  cols.push(`multiIf(${rev.map((j) => `fm${j} != ${none}, ${j + 1}`).join(', ')}, 0) AS max_step`);
  cols.push(`multiIf(${rev.map((j) => `fm${j} != ${none}, fm${j}`).join(', ')}, NULL) AS start_ms`);
  // the first level-j entry with the judged start (indexOf is cheaper than a lambda)
  for (let j = 0; j < n; j++) cols.push(`if(max_step > ${j}, fts[indexOf(fl${j}, start_ms)], NULL) AS t${j}`);
  if (byProperty) {
    cols.push(`groupArrayIf((ts, bk), m0 = 1 AND bk IS NOT NULL) AS fbk`);
    cols.push(`arrayReduce('min', arrayMap(x -> x.2, arrayFilter(x -> x.1 = start_ms, fbk))) AS bk_value`);
  } else cols.push(`CAST(NULL AS ${p.dialect.nullable(p.dialect.columnType('text'))}) AS bk_value`);
  const rows = `SELECT b.*, ${keys} AS ks FROM (${base}) AS b`;
  const agg = `SELECT ${cols.join(', ')} FROM (${rows}) AS fr WHERE notEmpty(ks) GROUP BY entity`;
  return `SELECT entity, person, max_step, start_ms, ${range(n).map((j) => `t${j}`).join(', ')}, bk_value FROM (${agg}) AS fa`;
}

/**
 * Sequential mode on DuckDB, with one window pass per level over only the rows that pass needs:
 * pass j sorts the valid level-(j-1) rows (start s) together with the step-(j+1) rows, by (ts,
 * level rows first: windowFunnel's (timestamp, step) entry order), and a step row's start is
 * the largest s at or before it, kept when ts − s ≤ window (sorting only these rows is what
 * makes it cheap; a row matching both steps is in both sets, as an entry per step). The chain's step times ride
 * along: every level row of one start carries the same earlier times, which never decrease
 * with the start, so their running maximum is the current chain's; the time at level j-1 is the
 * earliest row with the largest start, read from a running maximum of s·2⁶⁴ − (ts − s). Then
 * one GROUP BY picks, per entity, the row with the largest (level, start, −time).
 */
function sequentialPassesSql(d: FunnelDefinition, base: string, win: string, p: Params): string {
  const n = d.steps.length;
  const dl = p.dialect;
  const session = d.countBy === 'session';
  const byProperty = d.breakdown !== undefined && 'property' in d.breakdown;
  const huge = (x: string) => `CAST(${x} AS HUGEINT)`;
  const two64 = `CAST('18446744073709551616' AS HUGEINT)`;
  const two120 = `CAST('1329227995784915872903807060280344576' AS HUGEINT)`;
  const ctes = [`fb AS (${base})`, `fl0 AS (SELECT entity, ts, ts AS s${session ? ', person_id' : ''} FROM fb WHERE m0 = 1)`];
  const nullInt = `CAST(NULL AS BIGINT)`;
  for (let j = 1; j < n; j++) {
    // carried times c1…c{j-1} (c_i = time at level i of the row's chain; level 0's time is s)
    const carried = range(j).slice(1);
    const levelRows = `SELECT entity, ts, s, ${carried.map((i) => (i < j - 1 ? `c${i}` : `${huge('s')} * ${two64} - (ts - s) AS c${i}`)).concat('0 AS isj').join(', ')} FROM fl${j - 1}`;
    const stepRows = `SELECT entity, ts, ${nullInt} AS s, ${carried.map((i) => (i < j - 1 ? `${nullInt} AS c${i}` : `CAST(NULL AS HUGEINT) AS c${i}`)).concat('1 AS isj').join(', ')} FROM fb WHERE m${j} = 1`;
    const w = 'OVER (PARTITION BY entity ORDER BY ts, isj ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)';
    const running = [`max(s) ${w} AS ps`, ...carried.map((i) => `max(c${i}) ${w} AS pc${i}`)];
    const out = carried.map((i) => (i < j - 1 ? `pc${i} AS c${i}` : `CAST(ps + (${huge('ps')} * ${two64} - pc${i}) AS BIGINT) AS c${i}`));
    ctes.push(`fl${j} AS (SELECT entity, ts, ps AS s${out.map((c) => `, ${c}`).join('')} FROM (SELECT entity, ts, isj, ${running.join(', ')} FROM (${levelRows} UNION ALL ${stepRows}) AS fu) AS fw
      WHERE isj = 1 AND ts - ${win} <= ps)`);
  }
  const tcols = range(n).slice(1);
  const levels = range(n).map((j) => {
    const c = tcols.map((i) => (i < j ? `c${i}` : i === j ? 'ts' : nullInt));
    return `SELECT entity, ${j} AS lvl, ts, s${c.map((x, i) => `, ${x} AS c${i + 1}`).join('')}${session ? `, ${j === 0 ? 'person_id' : `CAST(NULL AS VARCHAR)`} AS person_id` : ''} FROM fl${j}`;
  });
  const key = `${huge('lvl')} * ${two120} + ${huge('s')} * ${two64} - (ts - s)`;
  const agg = `SELECT entity, ${session ? 'min(person_id)' : 'entity'} AS person, max(lvl) + 1 AS max_step, arg_max(s, fk) AS start_ms${tcols.map((i) => `, arg_max(c${i}, fk) AS t${i}`).join('')}
    FROM (SELECT *, ${key} AS fk FROM (${levels.join(' UNION ALL ')}) AS fv) AS fq GROUP BY entity`;
  const bk = byProperty
    ? `(SELECT min(bk) FROM fb WHERE fb.entity = fe.entity AND fb.m0 = 1 AND fb.ts = fe.start_ms)`
    : `CAST(NULL AS ${dl.nullable(dl.columnType('text'))})`;
  return `WITH ${ctes.join(',\n')}
    SELECT fe.entity AS entity, fe.person AS person, fe.max_step AS max_step, fe.start_ms AS start_ms, fe.start_ms AS t0${tcols.map((i) => `, fe.t${i} AS t${i}`).join('')}, ${bk} AS bk_value FROM (${agg}) AS fe`;
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
  const base = baseSql(d, p);
  let ents =
    d.order === 'any'
      ? anyOrderEntitiesSql(d, base, win, p)
      : d.order === 'strict'
        ? orderedEntitiesSql(d, base, win, p)
        : dl.name === 'clickhouse'
          ? sequentialArraysSql(d, base, win, p)
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
  const times = range(d.steps.length).map((j) => `e2.t${j} AS t${j}`);
  return `SELECT e2.entity AS entity, e2.person AS person, e2.max_step AS max_step, e2.start_ms AS start_ms, ${times.join(', ')}, ${bk} AS bk
    FROM (${ents}) AS e2 ${join} WHERE e2.max_step > 0`;
}

import { toList, type EventMatcher, type FunnelDefinition } from '@trailmap/core';
import type { Params } from '../../dialect/dialect.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);


/** The one column a matcher tests (and its values), when it tests only one and has no property filter. */
function singleColumn(m: EventMatcher, eventLabel: string): { column: string; values: string[] } | null {
  if (m.where && m.where.length > 0) return null;
  const tests = (
    [
      [eventLabel, toList(m.event)],
      ['touchpoint', toList(m.touchpoint)],
      ['channel', toList(m.channel)],
      ['stage', toList(m.stage)],
    ] as const
  ).filter(([, v]) => v !== undefined);
  return tests.length === 1 ? { column: tests[0]![0], values: [...tests[0]![1]!] } : null;
}

/**
 * When every step tests the same single column against values no other step has, an event
 * matches at most one step, and its step is one lookup of that column (`CASE`/`transform`)
 * instead of one test per step: the step index, or NULL. Otherwise null (use `m0`… per step).
 */
export function disjointStepSql(steps: readonly EventMatcher[], p: Params): string | null {
  const cols = steps.map((m) => singleColumn(m, p.dialect.eventLabel));
  if (cols.some((c) => c === null)) return null;
  const column = cols[0]!.column;
  if (cols.some((c) => c!.column !== column)) return null;
  const seen = new Set<string>();
  for (const c of cols) for (const v of new Set(c!.values)) {
    if (seen.has(v)) return null;
    seen.add(v);
  }
  const names = cols.flatMap((c) => c!.values);
  const index = cols.flatMap((c, j) => c!.values.map(() => j));
  if (p.dialect.name === 'clickhouse') {
    // transform: one hash lookup per row; -1 for no step.
    return `nullIf(transform(${column}, ${p.add(names)}, ${p.add(index)}, -1), -1)`;
  }
  return `CASE ${cols.map((c, j) => `WHEN ${column} IN (${c!.values.map((v) => p.add(v)).join(', ')}) THEN ${j}`).join(' ')} END`;
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
export function sequentialArraysSql(d: FunnelDefinition, base: string, win: string, p: Params, disjoint: boolean): string {
  const n = d.steps.length;
  if (n > STEP_SLOTS) throw new Error(`at most ${STEP_SLOTS} steps`);
  const byProperty = d.breakdown !== undefined && 'property' in d.breakdown;
  const none = `toInt64(${NO_START})`;
  // One key per row when the steps are disjoint (`sk`), else one per matching step.
  const keys = disjoint ? `ts * ${STEP_SLOTS} + sk` : `arrayFilter(k -> k IS NOT NULL, [${range(n).map((j) => `if(m${j} = 1, ts * ${STEP_SLOTS} + ${j}, NULL)`).join(', ')}])`;
  const cols = [
    'entity',
    d.countBy === 'session' ? 'min(person_id) AS person' : 'entity AS person',
    `arraySort(${disjoint ? 'groupArray' : 'groupArrayArray'}(ks)) AS fk`,
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
    cols.push(`groupArrayIf((ts, bk), ${disjoint ? 'sk = 0' : 'm0 = 1'} AND bk IS NOT NULL) AS fbk`);
    cols.push(`arrayReduce('min', arrayMap(x -> x.2, arrayFilter(x -> x.1 = start_ms, fbk))) AS bk_value`);
  } else cols.push(`CAST(NULL AS ${p.dialect.nullable(p.dialect.columnType('text'))}) AS bk_value`);
  const rows = `SELECT b.*, ${keys} AS ks FROM (${base}) AS b`;
  const agg = `SELECT ${cols.join(', ')} FROM (${rows}) AS fr WHERE ${disjoint ? 'sk IS NOT NULL' : 'notEmpty(ks)'} GROUP BY entity`;
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
export function sequentialPassesSql(d: FunnelDefinition, base: string, win: string, p: Params): string {
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

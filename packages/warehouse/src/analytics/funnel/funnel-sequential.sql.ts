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

/** ClickHouse pieces of the starts fold: a tuple of integers, its fields, the fold, array helpers. */
const CH = {
  make: (fields: readonly (readonly [name: string, value: string])[]) => `tuple(${fields.map(([, v]) => v).join(', ')})`,
  get: (s: string, i: number) => `tupleElement(${s}, ${i + 1})`,
  stepOf: (k: string) => `bitAnd(${k}, ${STEP_SLOTS - 1})`,
  tsOf: (k: string) => `intDiv(${k} - bitAnd(${k}, ${STEP_SLOTS - 1}), ${STEP_SLOTS})`,
  none: 'CAST(NULL AS Nullable(Int64))',
};

/**
 * Sequential mode on ClickHouse (windowFunnel's semantics, see `sequentialLevels` in core), from
 * each entity's packed (ts, step) keys sorted (windowFunnel's entry order). One arrayFold keeps only the latest chain start that reached each
 * level (`s_j`: a step-(j+1) entry within the window of `s_{j-1}` takes it); at the end the
 * furthest level reached is the maximum step and its start S the judged conversion's. Its step
 * times follow without another pass over levels: level j first holds S at its first entry with
 * start S, and keeps it until a later start arrives, so the first step-(j+1) entry after step j's
 * entry is within S's window and has start S (had it not, no level-(j+1) entry would have S, yet
 * S reached the furthest level): key K_0 = S·32, K_j = the smallest step-j key above K_{j-1}.
 * `base` has rows (entity, ts, m0…, bk[, person_id]) or, when the steps are disjoint, `sk`.
 * (DuckDB's list_reduce runs this fold several times slower than its window passes: see
 * `sequentialPassesSql`.)
 */
export function sequentialStartsSql(d: FunnelDefinition, base: string, win: string, p: Params, disjoint: boolean): string {
  const n = d.steps.length;
  if (n > STEP_SLOTS) throw new Error(`at most ${STEP_SLOTS} steps`);
  const dl = p.dialect;
  const f = CH;
  const names = ['t', 'j', ...range(n).map((j) => `s${j}`)];
  const at = (s: string, nm: string) => f.get(s, names.indexOf(nm));
  const entry = f.make(names.map((nm) => [nm, nm === 't' ? f.tsOf('k') : nm === 'j' ? `CAST(${f.stepOf('k')} AS BIGINT)` : f.none] as const));
  const init = f.make(names.map((nm) => [nm, nm === 't' || nm === 'j' ? 'CAST(0 AS BIGINT)' : f.none] as const));
  const body = f.make(
    names.map((nm) => {
      if (nm === 't' || nm === 'j') return [nm, at('x', nm)] as const;
      const j = Number(nm.slice(1));
      const takes = j === 0 ? `${at('x', 'j')} = 0` : `${at('x', 'j')} = ${j} AND ${at('a', `s${j - 1}`)} IS NOT NULL AND ${at('x', 't')} - ${win} <= ${at('a', `s${j - 1}`)}`;
      return [nm, `CASE WHEN ${takes} THEN ${j === 0 ? at('x', 't') : at('a', `s${j - 1}`)} ELSE ${at('a', nm)} END`] as const;
    }),
  );
  const session = d.countBy === 'session';
  const byProperty = d.breakdown !== undefined && 'property' in d.breakdown;
  const isStep0 = disjoint ? 'sk = 0' : 'm0 = 1';
  // One key per row when the steps are disjoint (`sk`), else one per matching step.
  const keyRows = disjoint
    ? `SELECT b.*, ts * ${STEP_SLOTS} + sk AS ks FROM (${base}) AS b WHERE sk IS NOT NULL`
    : `SELECT b.*, arrayFilter(k -> k IS NOT NULL, [${range(n).map((j) => `if(m${j} = 1, ts * ${STEP_SLOTS} + ${j}, NULL)`).join(', ')}]) AS ks FROM (${base}) AS b`;
  const startBks = byProperty ? `, groupArrayIf((ts, bk), ${isStep0} AND bk IS NOT NULL) AS fbk` : '';
  const perEntity = `SELECT entity, ${session ? 'min(person_id)' : 'entity'} AS person, arraySort(${disjoint ? 'groupArray' : 'groupArrayArray'}(ks)) AS fk${startBks} FROM (${keyRows}) AS kr GROUP BY entity`;
  const folded = `SELECT entity, person, fk, arrayFold((a, x) -> ${body}, arrayMap(k -> ${entry}, fk), ${init}) AS fs${byProperty ? ', fbk' : ''} FROM (${perEntity}) AS pe`;
  const rev = range(n).reverse();
  const st = (j: number) => at('fs', `s${j}`);
  const levels = [
    `CASE ${rev.map((j) => `WHEN ${st(j)} IS NOT NULL THEN ${j + 1}`).join(' ')} ELSE 0 END AS max_step`,
    `CASE ${rev.map((j) => `WHEN ${st(j)} IS NOT NULL THEN ${st(j)}`).join(' ')} END AS start_ms`,
  ];
  // K_j, one subquery level each (each is read twice: inlined in one SELECT they would repeat the scans).
  let sql = `SELECT entity, person, fk, ${levels.join(', ')}${byProperty ? ', fbk' : ''} FROM (${folded}) AS fo`;
  sql = `SELECT q0.*, CASE WHEN max_step > 0 THEN start_ms * ${STEP_SLOTS} END AS k0 FROM (${sql}) AS q0`;
  for (let j = 1; j < n; j++) {
    const kj = `arrayMin(arrayFilter(x -> ${f.stepOf('x')} = ${j} AND x > k${j - 1}, fk))`;
    sql = `SELECT q${j}.*, CASE WHEN max_step > ${j} THEN ${kj} END AS k${j} FROM (${sql}) AS q${j}`;
  }
  const times = range(n).map((j) => `${f.tsOf(`k${j}`)} AS t${j}`);
  const text = `CAST(NULL AS ${dl.nullable(dl.columnType('text'))})`;
  // The breakdown value: the smallest property value among step-1 events at the start time.
  const bk = byProperty ? `arrayReduce('min', arrayMap(x -> x.2, arrayFilter(x -> x.1 = start_ms, fbk)))` : text;
  return `SELECT entity, person, max_step, start_ms, ${times.join(', ')}, ${bk} AS bk_value FROM (${sql}) AS qf`;
}

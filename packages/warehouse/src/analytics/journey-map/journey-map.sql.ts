import { assembleJourneyMap, sortCells, stageIndex, STAGES, type CellCounts, type JourneyMapDefinition, type JourneyMapResult, type SentimentScorer, type StageCounts } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { queryResponseGroups, scopeSql, STEP_SQL } from '../experience/experience.sql.js';

type CountsDefinition = Pick<JourneyMapDefinition, 'segment' | 'period' | 'sessionGap'>;

const STAGE_INDEX_SQL = `CASE stage ${STAGES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;

function gapOf(def: CountsDefinition): number {
  const gap = def.sessionGap;
  if (!Number.isInteger(gap) || gap <= 0) throw new Error(`session gap must be a positive whole number of ms, got ${gap}`);
  return gap;
}

/**
 * DuckDB: two window levels over narrow rows (person, time, a 64-bit cell hash `h`, stage
 * index): the first sorts each person's steps in canonical order (timestamp, message_id) for
 * the step number `rn` and the next step's time (`t1`, and `ex`: the session ends after the
 * step); the second walks each person's steps backwards by `rn` (an integer, cheap to sort)
 * with two running aggregates: the number of session ends at or after the step (`sess`,
 * constant within a session and different between sessions, so it labels the session) and the
 * highest stage at or after it (`cv`: a later stage follows iff that exceeds the step's stage).
 * Visits (person × session × cell) are one hash aggregation on integers; people per cell and
 * per stage are grouped from the visits (a cell's `cv` is the `cv` of its first step, as `cv`
 * can only fall along a person's steps). Cell names are joined back by hash; `h` is returned
 * so a collision (two cells, one hash) is detected and retried with a salt, as on ClickHouse.
 */
function duckdbCountsSql(def: CountsDefinition, p: Params, salt: number): string {
  const gap = gapOf(def);
  if (!Number.isInteger(salt) || salt < 0 || salt > 255) throw new Error(`bad salt ${salt}`);
  const where = `${STEP_SQL} AND ${scopeSql(def.segment, def.period, p)}`;
  const hash = `hash(${salt}, stage, channel, touchpoint)`;
  const w = 'PARTITION BY person_id ORDER BY timestamp, message_id';
  const back = 'PARTITION BY person_id ORDER BY rn DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
  const s0 = `SELECT person_id, timestamp, message_id, epoch_ms(timestamp) AS ms, ${hash} AS h, ${STAGE_INDEX_SQL} AS sidx FROM ${p.dialect.events} AS events WHERE ${where}`;
  const w1 = `SELECT person_id, ms, h, sidx, row_number() OVER (${w}) AS rn,
      CASE WHEN lead(ms) OVER (${w}) - ms <= ${gap} THEN lead(ms) OVER (${w}) ELSE ms END AS t1,
      CASE WHEN lead(ms) OVER (${w}) - ms <= ${gap} THEN 0 ELSE 1 END AS ex FROM (${s0}) AS s0`;
  const steps = `SELECT person_id, h, sidx, ms, t1, ex, sum(ex) OVER (${back}) AS sess, CASE WHEN max(sidx) OVER (${back}) > sidx THEN 1 ELSE 0 END AS cv FROM (${w1}) AS w1`;
  const stageNames = `[${STAGES.map((s) => `'${s}'`).join(', ')}]`;
  return `WITH visits AS MATERIALIZED (SELECT person_id, sess, h, any_value(sidx) AS sidx, count(*) AS n, min(ms) AS t0, max(t1) AS t1, max(ex) AS ex, max(cv) AS cv
    FROM (${steps}) AS st GROUP BY person_id, sess, h),
  pc AS MATERIALIZED (SELECT person_id, h, any_value(sidx) AS sidx, max(cv) AS cv FROM visits GROUP BY person_id, h),
  names AS (SELECT ${hash} AS nh, stage, channel, touchpoint FROM ${p.dialect.events} AS events WHERE ${where} GROUP BY stage, channel, touchpoint)
  SELECT 'cell' AS lvl, n.stage AS st, n.channel AS ch, n.touchpoint AS tp, CAST(vc.h AS VARCHAR) AS h, pp.people AS people, pp.converted AS converted,
      vc.events AS events, vc.sessions AS sessions, vc.bounces AS bounces, vc.dwell AS dwell
  FROM (SELECT h, sum(n) AS events, count(*) AS sessions, sum(CASE WHEN ex = 1 AND n = 1 THEN 1 ELSE 0 END) AS bounces,
          quantile_cont(CAST(t1 - t0 AS DOUBLE), 0.5) FILTER (WHERE NOT (ex = 1 AND n = 1)) AS dwell FROM visits GROUP BY h) AS vc
  JOIN (SELECT h, count(*) AS people, sum(cv) AS converted FROM pc GROUP BY h) AS pp ON pp.h = vc.h
  JOIN names AS n ON n.nh = vc.h
  UNION ALL
  SELECT 'stage' AS lvl, ${stageNames}[ss.sidx + 1] AS st, '' AS ch, '' AS tp, NULL AS h, ss.people AS people, ss.converted AS converted, vs.events AS events, 0 AS sessions, 0 AS bounces, 0 AS dwell
  FROM (SELECT sidx, count(*) AS people, sum(cv) AS converted FROM (SELECT person_id, sidx, max(cv) AS cv FROM pc GROUP BY person_id, sidx) AS ps GROUP BY sidx) AS ss
  JOIN (SELECT sidx, sum(n) AS events FROM visits GROUP BY sidx) AS vs ON vs.sidx = ss.sidx`;
}

/**
 * ClickHouse: one GROUP BY person_id collects each person's steps as arrays (time, message id,
 * cell hash, stage index); they are put in canonical order once and everything is derived with
 * array functions, without lambdas that capture arrays (ClickHouse copies captured arrays per
 * element); the sort compares the tuples themselves (a key lambda costs more) and the message id,
 * which only orders ties, leaves them once sorted: sessions (`arrayCumSum` of gaps), the session's next step time, visits (dense ids of
 * (session, cell) in order of first step), and "a later stage follows" from the last index of a
 * step above each stage. One row per visit (ARRAY JOIN) feeds one aggregation per cell, with each
 * cell's share of its stage's people (people whose first step in the stage is in that cell).
 * Cells are grouped by a 64-bit hash of (stage, channel, touchpoint), joined back to the names;
 * `h` is returned so a hash collision (two cells, one hash) is detected and retried with a salt.
 */
function clickhouseCountsSql(def: CountsDefinition, p: Params, salt: number): string {
  const gap = gapOf(def);
  if (!Number.isInteger(salt) || salt < 0 || salt > 255) throw new Error(`bad salt ${salt}`);
  const hash = `cityHash64(toUInt8(${salt}), stage, channel, touchpoint)`;
  const later = STAGES.slice(0, -1).map((_, k) => `arrayLastIndex(x -> x > ${k}, sx) AS l${k}`);
  const cvOf = `multiIf(${STAGES.slice(0, -1).map((_, k) => `s = ${k}, l${k} > i`).join(', ')}, false)`;
  const where = `${STEP_SQL} AND ${scopeSql(def.segment, def.period, p)}`;
  const perPerson = `SELECT groupArray(toUnixTimestamp64Milli(timestamp)) AS m0, groupArray(message_id) AS id0, groupArray(${hash}) AS h0,
      groupArray(toUInt8(${STAGE_INDEX_SQL.replace(/ END$/, ' ELSE 0 END')})) AS sx0
    FROM ${p.dialect.events} AS events WHERE ${where} GROUP BY person_id`;
  const visits = `SELECT
      arrayMap(x -> (x.1, x.3, x.4), arraySort(arrayZip(m0, id0, h0, sx0))) AS z,
      z.1 AS ms, z.2 AS h, z.3 AS sx, arrayEnumerate(ms) AS ix,
      arrayMap((x, i) -> i = 1 OR x > ${gap}, arrayDifference(ms), ix) AS brk,
      arrayPushBack(arrayPopFront(brk), 1) AS ex,
      arrayMap((m, n, b) -> if(b, m, n), ms, arrayPushBack(arrayPopFront(ms), 0), ex) AS t1,
      arrayEnumerateDense(arrayZip(arrayCumSum(brk), h)) AS vid,
      arrayMap(x -> x = 1, arrayEnumerateUniq(vid)) AS vf,
      arrayReverse(arrayMap(x -> x = 1, arrayEnumerateUniq(arrayReverse(vid)))) AS vl,
      ${later.join(', ')},
      arrayMap((s, i) -> ${cvOf}, sx, ix) AS cv,
      arrayFilter((x, f) -> f, h, vf) AS v_h,
      arrayFilter((x, f) -> f, cv, vf) AS v_cv,
      arrayFilter((x, f) -> f, ms, vf) AS v_t0,
      arraySort((x, v) -> v, arrayFilter((x, l) -> l, t1, vl), arrayFilter((v, l) -> l, vid, vl)) AS v_t1,
      arrayFilter((x, f) -> f, arrayMap((a, b, c) -> a AND b AND c, vf, vl, ex), vf) AS v_bounce,
      arraySort(vid) AS sv,
      arrayPopFront(arrayDifference(arrayPushFront(arrayFilter((i, a, b) -> a != b, ix, sv, arrayPushBack(arrayPopFront(sv), 0)), 0))) AS v_n,
      arrayMap(x -> x = 1, arrayEnumerateUniq(v_h)) AS v_pc,
      arrayMap(x -> x = 1, arrayEnumerateUniq(arrayFilter((x, f) -> f, sx, vf))) AS v_ps
    FROM (${perPerson}) AS pp`;
  const cells = `SELECT vh, sum(vn) AS events, count() AS sessions, sum(vb) AS bounces, if(countIf(NOT vb) = 0, NULL, quantileExactInclusiveIf(0.5)(toFloat64(vt1 - vt0), NOT vb)) AS dwell,
      countIf(pc) AS people, countIf(pc AND vcv) AS converted, countIf(ps) AS stage_people, countIf(ps AND vcv) AS stage_converted
    FROM (${visits}) AS v
    ARRAY JOIN v_h AS vh, v_n AS vn, v_bounce AS vb, v_t0 AS vt0, v_t1 AS vt1, v_cv AS vcv, v_pc AS pc, v_ps AS ps
    GROUP BY vh`;
  const names = `SELECT ${hash} AS nh, stage, channel, touchpoint FROM ${p.dialect.events} AS events WHERE ${STEP_SQL} AND ${scopeSql(def.segment, def.period, p)} GROUP BY stage, channel, touchpoint`;
  return `SELECT 'cell' AS lvl, n.stage AS st, n.channel AS ch, n.touchpoint AS tp, toString(c.vh) AS h, c.people AS people, c.converted AS converted, c.events AS events,
      c.sessions AS sessions, c.bounces AS bounces, c.dwell AS dwell, c.stage_people AS stage_people, c.stage_converted AS stage_converted
    FROM (${cells}) AS c INNER JOIN (${names}) AS n ON n.nh = c.vh`;
}

/**
 * The cell and stage counts (see `journeyCounts` in core) as one statement for the session's
 * engine. `salt` varies the cell hash (a collision shows up as a repeated `h` and is retried).
 */
export function journeyCountsSql(def: CountsDefinition, p: Params, salt = 0): string {
  return p.dialect.name === 'clickhouse' ? clickhouseCountsSql(def, p, salt) : duckdbCountsSql(def, p, salt);
}

/** Run the counts query and normalise the rows (engines return counts as text or bigint). */
export async function queryJourneyCounts(db: SqlSession, def: CountsDefinition): Promise<{ cells: CellCounts[]; stages: StageCounts[] }> {
  for (let salt = 0; salt < 4; salt++) {
    const p = new Params(db.dialect);
    const rows = await db.query<Record<string, unknown>>(journeyCountsSql(def, p, salt), p.values);
    // Both engines group cells by hash: two cells with one hash would come back as duplicate h.
    const hashes = rows.filter((r) => r.h !== undefined && r.h !== null).map((r) => String(r.h));
    if (new Set(hashes).size !== hashes.length) continue;
    return countsOfRows(rows);
  }
  throw new Error('journey map: cell hash collisions on every salt');
}

function countsOfRows(rows: readonly Record<string, unknown>[]): { cells: CellCounts[]; stages: StageCounts[] } {
  const cells: CellCounts[] = [];
  const stages = new Map<string, StageCounts>();
  const fromCells = !rows.some((r) => r.lvl === 'stage');
  for (const r of rows) {
    const common = { stage: String(r.st), people: Number(r.people), converted: Number(r.converted), events: Number(r.events) };
    if (r.lvl === 'stage') {
      stages.set(common.stage, common);
      continue;
    }
    cells.push({
      ...common,
      channel: String(r.ch),
      touchpoint: String(r.tp),
      sessions: Number(r.sessions),
      bounces: Number(r.bounces),
      dwellMedianMs: r.dwell === null || r.dwell === undefined ? null : Number(r.dwell),
    });
    if (fromCells) {
      // Stage rows from the cells' shares: each person's first step in a stage is in one cell.
      const s = stages.get(common.stage) ?? { stage: common.stage, people: 0, converted: 0, events: 0 };
      s.people += Number(r.stage_people);
      s.converted += Number(r.stage_converted);
      s.events += common.events;
      stages.set(common.stage, s);
    }
  }
  return { cells: sortCells(cells), stages: [...stages.values()].sort((x, y) => stageIndex(x.stage) - stageIndex(y.stage)) };
}

/** The journey map on an engine: one counts query and one responses query, then the shared assembly. */
export async function runJourneyMap(db: SqlSession, def: JourneyMapDefinition, scorer: SentimentScorer): Promise<JourneyMapResult> {
  // One after the other: a session runs one statement at a time.
  const counts = await queryJourneyCounts(db, def);
  const responses = await queryResponseGroups(db, def.segment, def.period);
  return assembleJourneyMap(def, counts, responses, scorer);
}

/**
 * Distinct people and events per touchpoint over the map's steps (same segment and period), for
 * totals across a touchpoint's cells: summing cells would count a person seen in two channel
 * lanes or stages of the touchpoint twice.
 */
export async function queryTouchpointReach(db: SqlSession, def: Pick<JourneyMapDefinition, 'segment' | 'period'>): Promise<Map<string, { people: number; events: number }>> {
  const p = new Params(db.dialect);
  const where = `${STEP_SQL} AND ${scopeSql(def.segment, def.period, p)}`;
  const rows = await db.query<{ tp: unknown; people: unknown; events: unknown }>(
    `SELECT touchpoint AS tp, count(DISTINCT person_id) AS people, count(*) AS events FROM ${p.dialect.events} AS events WHERE ${where} GROUP BY touchpoint`,
    p.values,
  );
  return new Map(rows.map((r) => [String(r.tp), { people: Number(r.people), events: Number(r.events) }]));
}

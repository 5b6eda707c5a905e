import { emptyCells, metricsResult, type MetricCells, type MetricsCounts, type MetricsDefinition, type MetricsResult, type PeopleCount } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';
import { sessionizedSql } from '../sql/sessions.sql.js';
import { num, periodIndexSql } from '../retention/period-index.sql.js';
import { observedEndMs } from '../sql/observation-end.sql.js';

type Row = Record<string, unknown>;

/** The events that count: inside the range, of people in the segment. */
function scope(def: MetricsDefinition, p: Params): string {
  const seg = personFilterSql(def.segment, p);
  return `${timeRangeSql(def.range, p)}${seg ? ` AND person_id IN ${seg}` : ''}`;
}

/** The group column of an event (see core's `eventGroup`); 'all' without grouping. */
const groupSql = (def: MetricsDefinition, p: Params): string => (def.by ? def.by : p.add('all'));

/** The group of a survey answer (see core's `surveyGroup`): the rated touchpoint when grouping by touchpoint. */
const surveyGroupSql = (def: MetricsDefinition, p: Params): string =>
  def.by === 'touchpoint' ? `coalesce(${p.dialect.jsonKey('properties', 'touchpoint', p)}, touchpoint)` : groupSql(def, p);

/** Click-through counts per (period, group): one scan, one conditional sum per impression/click matcher. */
export function clickSql(def: MetricsDefinition, p: Params): string | null {
  if (def.clickThrough.length === 0) return null;
  const sums: string[] = [];
  const any: string[] = [];
  def.clickThrough.forEach((pair, i) => {
    const imp = eventMatchSql(pair.impression, p);
    const clk = eventMatchSql(pair.click, p);
    any.push(imp, clk);
    sums.push(`CAST(sum(CASE WHEN ${imp} THEN 1 ELSE 0 END) AS BIGINT) AS i${i}`, `CAST(sum(CASE WHEN ${clk} THEN 1 ELSE 0 END) AS BIGINT) AS c${i}`);
  });
  return `SELECT ${periodIndexSql(p.dialect, def.interval)} AS pb, ${groupSql(def, p)} AS g, ${sums.join(', ')}
    FROM ${p.dialect.events} AS events WHERE ${scope(def, p)} AND (${any.join(' OR ')}) GROUP BY pb, g`;
}

/** Survey sums per (period, group): answers on the scale of their kind only. */
export function surveySql(def: MetricsDefinition, p: Params): string {
  const d = p.dialect;
  const [csat, nps, ces] = [p.add('csat'), p.add('nps'), p.add('ces')];
  const when = (cond: string, v = '1') => `sum(CASE WHEN ${cond} THEN ${v} ELSE 0 END)`;
  const inCsat = `kind = ${csat} AND sc >= 1 AND sc <= 5`;
  const inNps = `kind = ${nps} AND sc >= 0 AND sc <= 10`;
  const inCes = `kind = ${ces} AND sc >= 1 AND sc <= 7`;
  return `SELECT pb, sg AS g,
      ${when(inCsat)} AS csat_n, ${when(`${inCsat} AND sc >= 4`)} AS csat_top, ${when(inCsat, 'sc')} AS csat_sum,
      ${when(inNps)} AS nps_n, ${when(`${inNps} AND sc >= 9`)} AS nps_pro, ${when(`${inNps} AND sc <= 6`)} AS nps_det,
      ${when(inCes)} AS ces_n, ${when(inCes, 'sc')} AS ces_sum
    FROM (SELECT ${periodIndexSql(d, def.interval)} AS pb, ${surveyGroupSql(def, p)} AS sg, ${d.jsonKey('properties', 'survey', p)} AS kind,
            ${d.toDouble(d.jsonKey('properties', 'score', p))} AS sc
          FROM ${p.dialect.events} AS events WHERE ${scope(def, p)} AND ${eventMatchSql(def.survey, p)}) AS sv
    GROUP BY pb, sg`;
}

/**
 * Sessions per (period, group) of their first event: count, one-event sessions (bounces) and
 * summed duration (last − first event). The first event is the row that opened the session.
 */
export function sessionSql(def: MetricsDefinition, p: Params): string {
  const d = p.dialect;
  const source = `(SELECT person_id, timestamp, message_id, ${groupSql(def, p)} AS g FROM ${p.dialect.events} AS events WHERE ${scope(def, p)})`;
  return `SELECT ${periodIndexSql(d, def.interval, 't0')} AS pb, fg AS g, CAST(count(*) AS BIGINT) AS sessions,
      CAST(sum(CASE WHEN n = 1 THEN 1 ELSE 0 END) AS BIGINT) AS bounces, CAST(sum(dur) AS BIGINT) AS dur
    FROM (SELECT session_id, min(timestamp) AS t0, max(${d.epochMs('timestamp')}) - min(${d.epochMs('timestamp')}) AS dur, count(*) AS n,
            max(CASE WHEN new_session = 1 THEN g END) AS fg
          FROM (${sessionizedSql(d, source, def.sessionGap)}) AS ss GROUP BY session_id) AS se
    GROUP BY pb, fg`;
}

/**
 * People active per (period, group) and how many of them did a conversion event in the same
 * period (anywhere). Per-person aggregates first, then an equi-join on (person, period).
 * `overall`: one period for the whole range (reported as period null).
 */
export function peopleSql(def: MetricsDefinition, p: Params, overall: boolean): string {
  const bk = overall ? 'CAST(0 AS BIGINT)' : periodIndexSql(p.dialect, def.interval);
  const sc = scope(def, p);
  return `WITH act AS (SELECT person_id, ${bk} AS pb, ${groupSql(def, p)} AS g FROM ${p.dialect.events} AS events WHERE ${sc} GROUP BY person_id, pb, g),
      conv AS (SELECT person_id, ${bk} AS cb FROM ${p.dialect.events} AS events WHERE ${sc} AND ${eventMatchSql(def.conversion, p)} GROUP BY person_id, cb)
    SELECT act.pb AS period, act.g AS grp, CAST(count(*) AS BIGINT) AS active, CAST(count(conv.person_id) AS BIGINT) AS converters
    FROM act LEFT JOIN conv ON conv.person_id = act.person_id AND conv.cb = act.pb GROUP BY act.pb, act.g`;
}

async function run(db: SqlSession, build: (p: Params) => string | null): Promise<Row[]> {
  const p = new Params(db.dialect);
  const sql = build(p);
  return sql === null ? [] : db.query<Row>(sql, p.values);
}

/** The metrics counts of a definition from the `events` table. */
export async function metricsCountsSql(db: SqlSession, def: MetricsDefinition): Promise<MetricsCounts> {
  const pairs = def.clickThrough.length;
  const cells = new Map<string, { period: number; group: string; cells: MetricCells }>();
  const cell = (r: Row) => {
    const period = num(r.pb);
    const group = String(r.g);
    const k = `${period}|${group}`;
    if (!cells.has(k)) cells.set(k, { period, group, cells: emptyCells(pairs) });
    return cells.get(k)!.cells;
  };
  for (const r of await run(db, (p) => clickSql(def, p))) {
    const c = cell(r);
    for (let i = 0; i < pairs; i++) {
      c.impressions[i]! += num(r[`i${i}`]);
      c.clicks[i]! += num(r[`c${i}`]);
    }
  }
  for (const r of await run(db, (p) => surveySql(def, p))) {
    const c = cell(r);
    c.csatN += num(r.csat_n);
    c.csatTop += num(r.csat_top);
    c.csatSum += num(r.csat_sum);
    c.npsN += num(r.nps_n);
    c.npsPromoters += num(r.nps_pro);
    c.npsDetractors += num(r.nps_det);
    c.cesN += num(r.ces_n);
    c.cesSum += num(r.ces_sum);
  }
  for (const r of await run(db, (p) => sessionSql(def, p))) {
    const c = cell(r);
    c.sessions += num(r.sessions);
    c.bounces += num(r.bounces);
    c.durationMs += num(r.dur);
  }
  const people: PeopleCount[] = [];
  for (const overall of [false, true])
    for (const r of await run(db, (p) => peopleSql(def, p, overall)))
      people.push({ period: overall ? null : num(r.period), group: String(r.grp), active: num(r.active), converters: num(r.converters) });
  return { cells: [...cells.values()], people, observedEndMs: await observedEndMs(db, def.range) };
}

/** Journey metrics on the warehouse (DuckDB or ClickHouse). */
export async function runMetrics(db: SqlSession, def: MetricsDefinition): Promise<MetricsResult> {
  return metricsResult(def, await metricsCountsSql(db, def));
}

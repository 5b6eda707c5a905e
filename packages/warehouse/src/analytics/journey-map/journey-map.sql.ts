import { assembleJourneyMap, sortCells, stageIndex, STAGES, type CellCounts, type JourneyMapDefinition, type JourneyMapResult, type SentimentScorer, type StageCounts } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { sessionizedSql } from '../sql/sessions.sql.js';
import { queryResponseGroups, scopeSql, STEP_SQL } from '../experience/experience.sql.js';

const STAGE_INDEX_SQL = `CASE stage ${STAGES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;
const LATER = STAGES.slice(0, -1).map((_, k) => k);

/**
 * Cell and stage counts (see `journeyCounts` in core) in one statement: steps in scope are
 * sessionized, numbered per person (canonical order) and given the session's next step time;
 * visits (session × cell) and per-person "last step in a later stage" are grouped once, and the
 * cell rows and stage rows come out of one UNION ALL (`lvl` = 'cell' | 'stage').
 */
export function journeyCountsSql(def: Pick<JourneyMapDefinition, 'segment' | 'period' | 'sessionGap'>, p: Params): string {
  const d = p.dialect;
  const base = `(SELECT person_id, timestamp, message_id, stage, channel, touchpoint FROM events WHERE ${STEP_SQL} AND ${scopeSql(def.segment, def.period, p)})`;
  const a = `SELECT person_id, session_id, stage, channel, touchpoint, message_id, timestamp, ${d.epochMs('timestamp')} AS ms, ${STAGE_INDEX_SQL} AS sidx FROM (${sessionizedSql(d, base, def.sessionGap)}) AS sz`;
  const b = `SELECT a.*, row_number() OVER (PARTITION BY person_id ORDER BY timestamp, message_id) AS seq, ${d.lead('ms', 'PARTITION BY session_id ORDER BY timestamp, message_id')} AS next_ms FROM (${a}) AS a`;
  const visits = `SELECT person_id, session_id, stage, channel, touchpoint, sidx, count(*) AS n, min(ms) AS t0, max(coalesce(next_ms, ms)) AS t1,
      max(CASE WHEN next_ms IS NULL THEN 1 ELSE 0 END) AS is_exit, min(seq) AS fseq
    FROM steps GROUP BY person_id, session_id, stage, channel, touchpoint, sidx`;
  const later = `SELECT person_id AS lp, ${LATER.map((k) => `max(CASE WHEN sidx > ${k} THEN seq END) AS a${k}`).join(', ')} FROM steps GROUP BY person_id`;
  const laterOf = `CASE pc.sidx ${LATER.map((k) => `WHEN ${k} THEN l.a${k}`).join(' ')} END`;
  const conv = `sum(CASE WHEN ${laterOf} > pc.fs THEN 1 ELSE 0 END)`;
  const perCell = (keys: string) => `SELECT person_id, ${keys}, sidx, min(fseq) AS fs FROM visits GROUP BY person_id, ${keys}, sidx`;
  return `WITH steps AS (${b}), visits AS (${visits}), later AS (${later})
  SELECT 'cell' AS lvl, vc.stage AS st, vc.channel AS ch, vc.touchpoint AS tp, pp.people AS people, pp.converted AS converted, vc.events AS events, vc.sessions AS sessions, vc.bounces AS bounces, vc.dwell AS dwell
  FROM (SELECT stage, channel, touchpoint, sum(n) AS events, count(*) AS sessions, sum(CASE WHEN is_exit = 1 AND n = 1 THEN 1 ELSE 0 END) AS bounces,
          ${d.quantile('(t1 - t0) * 1.0', 0.5)} AS dwell FROM visits GROUP BY stage, channel, touchpoint) AS vc
  JOIN (SELECT pc.stage AS ps, pc.channel AS pch, pc.touchpoint AS ptp, count(*) AS people, ${conv} AS converted
        FROM (${perCell('stage, channel, touchpoint')}) AS pc JOIN later AS l ON l.lp = pc.person_id GROUP BY pc.stage, pc.channel, pc.touchpoint) AS pp
    ON pp.ps = vc.stage AND pp.pch = vc.channel AND pp.ptp = vc.touchpoint
  UNION ALL
  SELECT 'stage' AS lvl, vs.stage AS st, '' AS ch, '' AS tp, ss.people AS people, ss.converted AS converted, vs.events AS events, 0 AS sessions, 0 AS bounces, 0 AS dwell
  FROM (SELECT stage, sum(n) AS events FROM visits GROUP BY stage) AS vs
  JOIN (SELECT pc.stage AS ps, count(*) AS people, ${conv} AS converted
        FROM (${perCell('stage')}) AS pc JOIN later AS l ON l.lp = pc.person_id GROUP BY pc.stage) AS ss
    ON ss.ps = vs.stage`;
}

/** Run the counts query and normalise the rows (engines return counts as text or bigint). */
export async function queryJourneyCounts(db: SqlSession, def: Pick<JourneyMapDefinition, 'segment' | 'period' | 'sessionGap'>): Promise<{ cells: CellCounts[]; stages: StageCounts[] }> {
  const p = new Params(db.dialect);
  const rows = await db.query<Record<string, unknown>>(journeyCountsSql(def, p), p.values);
  const cells: CellCounts[] = [];
  const stages: StageCounts[] = [];
  for (const r of rows) {
    const common = { stage: String(r.st), people: Number(r.people), converted: Number(r.converted), events: Number(r.events) };
    if (r.lvl === 'stage') stages.push(common);
    else
      cells.push({
        ...common,
        channel: String(r.ch),
        touchpoint: String(r.tp),
        sessions: Number(r.sessions),
        bounces: Number(r.bounces),
        dwellMedianMs: r.dwell === null || r.dwell === undefined ? null : Number(r.dwell),
      });
  }
  stages.sort((x, y) => stageIndex(x.stage) - stageIndex(y.stage));
  return { cells: sortCells(cells), stages };
}

/** The journey map on an engine: one counts query and one responses query, then the shared assembly. */
export async function runJourneyMap(db: SqlSession, def: JourneyMapDefinition, scorer: SentimentScorer): Promise<JourneyMapResult> {
  // One after the other: a session runs one statement at a time.
  const counts = await queryJourneyCounts(db, def);
  const responses = await queryResponseGroups(db, def.segment, def.period);
  return assembleJourneyMap(def, counts, responses, scorer);
}

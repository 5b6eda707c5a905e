import {
  assembleExperience,
  NON_STEP_TYPES,
  STAGES,
  VOICE_EVENTS,
  type CellEvents,
  type ExperienceDefinition,
  type ExperienceResult,
  type PersonFilter,
  type ResponseGroup,
  type SentimentScorer,
  type TimeRange,
} from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';

const literalList = (xs: readonly string[]) => {
  for (const x of xs) if (!/^[A-Za-z ]+$/.test(x)) throw new Error(`not a plain constant: ${x}`);
  return xs.map((x) => `'${x}'`).join(', ');
};

/** Our own constants as SQL literals (never user input). */
export const STAGE_LIST_SQL = literalList(STAGES);
export const VOICE_LIST_SQL = literalList(VOICE_EVENTS);
export const NON_STEP_LIST_SQL = literalList(NON_STEP_TYPES);

/** Events of people in the segment within the period (see `scopedEvents`). */
export function scopeSql(segment: PersonFilter | undefined, period: TimeRange | undefined, p: Params, alias = ''): string {
  const seg = personFilterSql(segment, p);
  return `${timeRangeSql(period, p, `${alias}timestamp`)}${seg ? ` AND ${alias}person_id IN ${seg}` : ''}`;
}

/** Journey steps (see `isJourneyStep`) as a WHERE condition. */
export const STEP_SQL = `type NOT IN (${NON_STEP_LIST_SQL}) AND NOT (type = 'track' AND coalesce(event, '') IN (${VOICE_LIST_SQL})) AND stage IN (${STAGE_LIST_SQL})`;

/**
 * Voice-of-customer responses counted by what they said (see `responseGroups`): one GROUP BY
 * over survey and feedback events. Texts come back distinct with their counts so sentiment is
 * scored once per distinct text in TypeScript. `trait` adds the respondent's latest value of it.
 */
export async function queryResponseGroups(db: SqlSession, segment: PersonFilter | undefined, period: TimeRange | undefined, trait?: string): Promise<ResponseGroup[]> {
  const d = db.dialect;
  const p = new Params(d);
  const prop = (k: string) => d.jsonKey('e.properties', k, p);
  let join = '';
  let grp = 'NULL';
  if (trait !== undefined) {
    const v = d.jsonKey('traits', trait, p);
    const ord = `concat(CAST(${d.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
    join = `LEFT JOIN (SELECT person_id AS tp_person, ${d.argMax('tv0', 'o')} AS tv FROM (SELECT person_id, ${v} AS tv0, ${ord} AS o FROM events WHERE type = 'identify') AS ti WHERE tv0 IS NOT NULL GROUP BY person_id) AS lt ON lt.tp_person = e.person_id`;
    grp = 'lt.tv';
  }
  const isSurvey = `e.event = 'Survey Responded'`;
  const where = `e.type = 'track' AND e.event IN (${VOICE_LIST_SQL}) AND ${scopeSql(segment, period, p, 'e.')}`;
  const sql = `SELECT rated, ch, grp, survey_kind, score_value, feedback_text, feedback_lang, count(*) AS n FROM (
    SELECT ${prop('touchpoint')} AS rated, e.channel AS ch, ${grp} AS grp,
      CASE WHEN ${isSurvey} THEN ${prop('survey')} END AS survey_kind,
      CASE WHEN ${isSurvey} THEN ${d.toDouble(prop('score'))} END AS score_value,
      CASE WHEN ${isSurvey} THEN NULL ELSE ${prop('text')} END AS feedback_text,
      CASE WHEN ${isSurvey} THEN NULL ELSE ${prop('language')} END AS feedback_lang
    FROM ${d.events} AS e ${join} WHERE ${where}) AS r
  WHERE rated IS NOT NULL GROUP BY rated, ch, grp, survey_kind, score_value, feedback_text, feedback_lang`;
  const rows = await db.query<Record<string, unknown>>(sql, p.values);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    touchpoint: String(r.rated),
    channel: String(r.ch),
    group: trait === undefined ? null : text(r.grp),
    survey: text(r.survey_kind),
    score: r.score_value === null || r.score_value === undefined ? null : Number(r.score_value),
    text: text(r.feedback_text),
    language: text(r.feedback_lang),
    n: Number(r.n),
  }));
}

/** Step events per (stage, channel, touchpoint) in scope: links rated touchpoints to stages and lanes. */
export async function queryCellEvents(db: SqlSession, segment: PersonFilter | undefined, period: TimeRange | undefined): Promise<CellEvents[]> {
  const p = new Params(db.dialect);
  const sql = `SELECT stage, channel, touchpoint, count(*) AS n FROM ${p.dialect.events} AS events WHERE ${STEP_SQL} AND ${scopeSql(segment, period, p)} GROUP BY stage, channel, touchpoint`;
  const rows = await db.query<{ stage: string; channel: string; touchpoint: string; n: unknown }>(sql, p.values);
  return rows.map((r) => ({ stage: r.stage, channel: r.channel, touchpoint: r.touchpoint, events: Number(r.n) }));
}

/** The experience analysis on an engine: two GROUP BY queries, then the shared assembly. */
export async function runExperience(db: SqlSession, def: ExperienceDefinition, scorer: SentimentScorer): Promise<ExperienceResult> {
  const responses = await queryResponseGroups(db, def.segment, def.period, def.trait);
  const cells = await queryCellEvents(db, def.segment, def.period);
  return assembleExperience(def.trait, responses, cells, scorer);
}

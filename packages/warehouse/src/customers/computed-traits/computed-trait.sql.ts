import { DAY_MS, EVERY_PERSON_AGGREGATES, MAX_UNIQUE_LIST, compareText, type ComputedTraitDefinition, type ComputedTraitRow } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import { eventMatchSql } from '../../analytics/sql/event-match.sql.js';
import type { SqlSession } from '../../warehouse.js';

/**
 * A computed trait as a parenthesised subquery of `(person_id, value)` as of the instant `asOfMs`
 * — the semantics of core's `computedTraitValues`, which it must equal (differential tests on
 * both engines check it). Event names, touchpoints, property keys and values, the window and the
 * as-of instant are all bound parameters.
 *
 * The value's SQL type follows the aggregate: BIGINT for count, exists and days_since_*; DOUBLE
 * for sum, min and max; text for first, last and most_frequent; a list of texts (sorted, at most
 * `MAX_UNIQUE_LIST`) for unique_list. count and exists have a row for every person with an event
 * before asOf; the other aggregates only for people with a value. A segment condition
 * ("computed trait compares to X") can join or `IN`-test on this subquery.
 */
export function computedTraitValueSql(def: ComputedTraitDefinition, p: Params, asOfMs: number): string {
  const d = p.dialect;
  const before = `timestamp < ${d.fromEpochMs(p.add(asOfMs))} AND person_id IS NOT NULL`;
  const inWindow = def.window === undefined ? '' : ` AND timestamp >= ${d.fromEpochMs(p.add(asOfMs - def.window))}`;
  const matches = () => eventMatchSql({ event: def.event, touchpoint: def.touchpoint, where: def.where }, p);
  const matching = (cols: string) => `SELECT person_id, ${cols} FROM ${d.events} AS events WHERE ${before}${inWindow} AND ${matches()}`;
  const text = () => d.jsonKey('properties', def.property ?? '', p);

  if (EVERY_PERSON_AGGREGATES.includes(def.aggregate)) {
    const hit = `CASE WHEN ${matches()}${inWindow} THEN 1 ELSE 0 END`;
    const agg = def.aggregate === 'count' ? `sum(${hit})` : `max(${hit})`;
    return `(SELECT person_id, CAST(${agg} AS BIGINT) AS value FROM ${d.events} AS events WHERE ${before} GROUP BY person_id)`;
  }
  switch (def.aggregate) {
    case 'sum':
    case 'min':
    case 'max':
      return `(SELECT person_id, CAST(${def.aggregate}(x) AS DOUBLE) AS value FROM (${matching(`${d.toDouble(text())} AS x`)}) AS s WHERE x IS NOT NULL GROUP BY person_id)`;
    case 'first':
    case 'last': {
      // (timestamp, message_id) as one text key: the ms are fixed-width after the offset.
      const ord = `concat(CAST(${d.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
      const pick = def.aggregate === 'first' ? d.argMin('v', 'o') : d.argMax('v', 'o');
      return `(SELECT person_id, ${pick} AS value FROM (${matching(`${text()} AS v, ${ord} AS o`)}) AS s WHERE v IS NOT NULL GROUP BY person_id)`;
    }
    case 'most_frequent': {
      const counts = `SELECT person_id, v, count(*) AS n FROM (${matching(`${text()} AS v`)}) AS s WHERE v IS NOT NULL GROUP BY person_id, v`;
      const ranked = `SELECT person_id, v, row_number() OVER (PARTITION BY person_id ORDER BY n DESC, v ASC) AS rn FROM (${counts}) AS c`;
      return `(SELECT person_id, v AS value FROM (${ranked}) AS r WHERE rn = 1)`;
    }
    case 'unique_list': {
      const distinct = `SELECT DISTINCT person_id, v FROM (${matching(`${text()} AS v`)}) AS s WHERE v IS NOT NULL`;
      const ranked = `SELECT person_id, v, row_number() OVER (PARTITION BY person_id ORDER BY v ASC) AS rn FROM (${distinct}) AS u`;
      return `(SELECT person_id, ${d.arrayAgg('v', 'v')} AS value FROM (${ranked}) AS r WHERE rn <= ${p.add(MAX_UNIQUE_LIST)} GROUP BY person_id)`;
    }
    case 'days_since_first':
    case 'days_since_last': {
      const t = `${def.aggregate === 'days_since_first' ? 'min' : 'max'}(${d.epochMs('timestamp')})`;
      return `(SELECT person_id, CAST(floor((${p.add(asOfMs)} - ${t}) / ${p.add(DAY_MS)}) AS BIGINT) AS value FROM (${matching('timestamp')}) AS s GROUP BY person_id)`;
    }
    default:
      throw new Error(`unknown aggregate ${String(def.aggregate)}`);
  }
}

/** A value as the engines return it, in the form of core's `ComputedTraitValue`. */
export function computedTraitValueOf(def: ComputedTraitDefinition, v: unknown): number | string {
  if (def.aggregate === 'unique_list') {
    const list = typeof v === 'string' ? (JSON.parse(v) as unknown[]) : Array.from(v as Iterable<unknown>);
    return JSON.stringify(list.map(String));
  }
  if (def.aggregate === 'first' || def.aggregate === 'last' || def.aggregate === 'most_frequent') return String(v);
  return Number(v);
}

/** A computed trait's values per person as of an instant, from the `events` table, ordered by person id as the reference is. */
export async function computedTraitFromWarehouse(db: SqlSession, def: ComputedTraitDefinition, asOfMs: number): Promise<ComputedTraitRow[]> {
  const p = new Params(db.dialect);
  const sql = computedTraitValueSql(def, p, asOfMs);
  const rows = await db.query<{ person_id: string; value: unknown }>(`SELECT person_id, value FROM ${sql} AS t`, p.values);
  return rows.map((r) => ({ personId: String(r.person_id), value: computedTraitValueOf(def, r.value) })).sort((a, b) => compareText(a.personId, b.personId));
}

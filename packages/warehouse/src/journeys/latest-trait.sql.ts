import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';

/**
 * Every person's latest value of one trait (identify calls, latest by time then messageId, as
 * profiles show it) with their latest `timezone` trait: what date-trait journeys look at.
 */
export async function latestTraitWithTimeZone(db: SqlSession, trait: string): Promise<Array<{ personId: string; value: string; timeZone: string | null }>> {
  const d = db.dialect;
  const p = new Params(d);
  const ord = `concat(CAST(${d.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
  const latest = (key: string, alias: string) =>
    `(SELECT person_id, ${d.argMax('v', 'o')} AS ${alias} FROM (SELECT person_id, ${d.jsonKey('traits', key, p)} AS v, ${ord} AS o FROM events WHERE type = 'identify') AS s WHERE v IS NOT NULL GROUP BY person_id)`;
  const rows = await db.query<{ person_id: string; value: string; tz: string | null }>(
    `SELECT a.person_id AS person_id, a.value AS value, z.tz AS tz FROM ${latest(trait, 'value')} AS a LEFT JOIN ${latest('timezone', 'tz')} AS z ON z.person_id = a.person_id ORDER BY a.person_id`,
    p.values,
  );
  return rows.map((r) => ({ personId: r.person_id, value: String(r.value), timeZone: r.tz === null || r.tz === undefined || r.tz === '' ? null : String(r.tz) }));
}

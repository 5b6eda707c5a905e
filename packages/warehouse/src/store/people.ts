import type { SqlSession } from '../warehouse.js';
import { Params } from '../dialect/dialect.js';

export interface PersonSummary {
  personId: string;
  /** `user:…` and `anon:…` identities, userIds first. */
  identities: string[];
  /** Latest email and name traits, when known. */
  email: string | null;
  name: string | null;
  events: number;
  firstSeen: string;
  lastSeen: string;
}

/**
 * People whose id, a userId, an anonymousId, or latest email/name trait contains `q`
 * (case-insensitive), most recently active first; without `q`, the most recently active.
 */
export async function searchPeople(db: SqlSession, q: string | undefined, limit = 25): Promise<{ people: PersonSummary[] }> {
  const d = db.dialect;
  const p = new Params(d);
  const needle = q?.trim().toLowerCase() ?? '';
  const traitText = (key: string) => d.jsonKey('traits', key, p);
  const ord = `concat(CAST(${d.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
  const email = traitText('email');
  const name = traitText('name');
  const like = needle ? p.add(needle) : null;
  const rows = await db.query<{ person_id: string; events: number; first_seen: string; last_seen: string; email: string | null; name: string | null; ids: string | null }>(
    `WITH act AS (
       SELECT person_id, count(*) AS events, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
              ${d.argMax(`CASE WHEN type = 'identify' THEN ${email} END`, `CASE WHEN type = 'identify' AND ${email} IS NOT NULL THEN ${ord} END`)} AS email,
              ${d.argMax(`CASE WHEN type = 'identify' THEN ${name} END`, `CASE WHEN type = 'identify' AND ${name} IS NOT NULL THEN ${ord} END`)} AS name
         FROM events GROUP BY person_id),
     ids AS (SELECT person_id, ${d.arrayAgg('identity', 'identity')} AS ids FROM identities GROUP BY person_id)
     SELECT act.person_id AS person_id, events, first_seen, last_seen, email, name, ids.ids AS ids
       FROM act LEFT JOIN ids ON ids.person_id = act.person_id
      ${
        like
          ? `WHERE ${d.contains('lower(act.person_id)', like)} OR ${d.contains('lower(coalesce(email, \'\'))', like)} OR ${d.contains('lower(coalesce(name, \'\'))', like)}
                OR act.person_id IN (SELECT person_id FROM identities WHERE ${d.contains('lower(identity)', like)})`
          : ''
      }
      ORDER BY last_seen DESC, person_id LIMIT ${Math.max(1, Math.min(200, Math.trunc(limit)))}`,
    p.values,
  );
  return {
    people: rows.map((r) => ({
      personId: r.person_id,
      identities: [...((r.ids as unknown as string[] | null) ?? [])].sort((a, b) => (a.startsWith('user:') === b.startsWith('user:') ? (a < b ? -1 : 1) : a.startsWith('user:') ? -1 : 1)),
      email: r.email,
      name: r.name,
      events: Number(r.events),
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
    })),
  };
}

import type { PeopleAnswer, PersonSummary } from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { Params } from '../dialect/dialect.js';

export type { PersonSummary } from '@trailmap/core';

/** What to list: the search text, latest-trait equality filters, extra trait columns, a page. */
export interface PeopleSearch {
  q?: string | undefined;
  /** Each is "the person's latest value of trait `name`, as text, equals `value`"; all must hold. */
  traits?: ReadonlyArray<{ name: string; value: string }>;
  columns?: readonly string[];
  limit?: number;
  offset?: number;
}

/**
 * People whose id, a userId, an anonymousId, or latest email/name trait contains `q`
 * (case-insensitive) and whose latest traits equal the filters, most recently active first;
 * with the total that match and the chosen traits' latest values. A trait's latest value is the
 * one on the newest identify call that has it, as in the profile.
 */
export async function searchPeople(db: SqlSession, search: PeopleSearch = {}): Promise<PeopleAnswer> {
  const columns = [...(search.columns ?? [])];
  const filters = [...(search.traits ?? [])];
  const limit = Math.max(1, Math.trunc(search.limit ?? 25));
  const offset = Math.max(0, Math.trunc(search.offset ?? 0));
  const matched = (p: Params, select: string, tail: string, withIds: boolean) => {
    const d = db.dialect;
    const needle = search.q?.trim().toLowerCase() ?? '';
    const ord = `concat(CAST(${d.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
    const latest = (key: string) => {
      const v = d.jsonKey('traits', key, p);
      const again = d.jsonKey('traits', key, p);
      return d.argMax(`CASE WHEN type = 'identify' THEN ${v} END`, `CASE WHEN type = 'identify' AND ${again} IS NOT NULL THEN ${ord} END`);
    };
    const where: string[] = [];
    const like = needle ? p.add(needle) : null;
    if (like) {
      where.push(`(${d.contains('lower(act.person_id)', like)} OR ${d.contains("lower(coalesce(email, ''))", like)} OR ${d.contains("lower(coalesce(name, ''))", like)}
                OR act.person_id IN (SELECT person_id FROM identities WHERE ${d.contains('lower(identity)', like)}))`);
    }
    filters.forEach((f, i) => where.push(`f${i} = ${p.add(f.value)}`));
    return `WITH act AS (
       SELECT person_id, count(*) AS events, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
              ${latest('email')} AS email, ${latest('name')} AS name
              ${filters.map((f, i) => `, ${latest(f.name)} AS f${i}`).join('')}
              ${columns.map((c, i) => `, ${latest(c)} AS c${i}`).join('')}
         FROM events GROUP BY person_id)
     ${withIds ? `, ids AS (SELECT person_id, ${d.arrayAgg('identity', 'identity')} AS ids FROM identities GROUP BY person_id)` : ''}
     SELECT ${select} FROM act ${withIds ? 'LEFT JOIN ids ON ids.person_id = act.person_id' : ''}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${tail}`;
  };
  const pc = new Params(db.dialect);
  const [count] = await db.query<{ n: number }>(matched(pc, 'count(*) AS n', '', false), pc.values);
  const p = new Params(db.dialect);
  const rows = await db.query<Record<string, unknown> & { person_id: string; events: number; first_seen: string; last_seen: string; email: string | null; name: string | null; ids: string[] | null }>(
    matched(
      p,
      `act.person_id AS person_id, events, first_seen, last_seen, email, name, ids.ids AS ids${columns.map((_, i) => `, c${i}`).join('')}`,
      `ORDER BY last_seen DESC, person_id LIMIT ${limit} OFFSET ${offset}`,
      true,
    ),
    p.values,
  );
  return {
    total: Number(count?.n ?? 0),
    offset,
    columns,
    people: rows.map(
      (r): PersonSummary => ({
        personId: r.person_id,
        identities: [...(r.ids ?? [])].sort((a, b) => (a.startsWith('user:') === b.startsWith('user:') ? (a < b ? -1 : 1) : a.startsWith('user:') ? -1 : 1)),
        email: r.email,
        name: r.name,
        events: Number(r.events),
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
        traits: Object.fromEntries(columns.map((c, i) => [c, (r[`c${i}`] as string | null) ?? null])),
      }),
    ),
  };
}

/** Trait names in the newest identify calls (up to 2,000 of them), sorted: the choices for columns and filters. */
export async function peopleTraitNames(db: SqlSession): Promise<string[]> {
  const rows = await db.query<{ traits: string | null }>(`SELECT traits FROM events WHERE type = 'identify' AND traits IS NOT NULL ORDER BY timestamp DESC LIMIT 2000`);
  const names = new Set<string>();
  for (const r of rows) {
    try {
      const t = typeof r.traits === 'string' ? JSON.parse(r.traits) : r.traits;
      if (t && typeof t === 'object' && !Array.isArray(t)) for (const k of Object.keys(t)) names.add(k);
    } catch {
      // A stored traits text is valid JSON (checked at ingest); nothing else to read here.
    }
  }
  return [...names].sort();
}

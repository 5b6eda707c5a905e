import { kindOf, valueOf } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';
import { eraseEngine } from './erase-rows.js';
import { inList, needlesOf, type PersonGraph } from './person-graph.js';

export type AccessRow = Record<string, unknown>;

const parse = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

/**
 * Everything the warehouse holds about the person, table by table: identities, identify calls'
 * traits (each value with when it was set), consents (the `consents` table where it exists, by
 * identity, else
 * the consent carried in events' context), every event, feedback events, model scores, identity
 * merges and conflicts, and quarantined records that contain their ids.
 */
export async function warehouseAccessTables(db: SqlSession, g: PersonGraph): Promise<Record<string, AccessRow[]>> {
  const d = db.dialect;
  const out: Record<string, AccessRow[]> = {};
  const q = async (build: (p: Params) => string) => {
    const p = new Params(d);
    const sql = build(p);
    return db.query<AccessRow>(sql, p.values);
  };
  const persons = g.personIds;
  out.identities = g.identities.map((i) => ({ type: kindOf(i) === 'user' ? 'userId' : 'anonymousId', id: valueOf(i) }));
  for (const r of persons.length ? await q((p) => `SELECT identity, person_id, first_seen FROM identities WHERE person_id IN (${inList(p, persons)}) ORDER BY first_seen, identity`) : []) {
    const row = out.identities.find((x) => `${x.type === 'userId' ? 'user' : 'anon'}:${x.id as string}` === r.identity);
    if (row) Object.assign(row, { personId: r.person_id, firstSeen: r.first_seen });
  }
  out.emails = g.emails.map((email) => ({ email }));
  if (persons.length === 0) return out;
  const events = await q((p) => `SELECT * FROM events WHERE person_id IN (${inList(p, persons)}) ORDER BY timestamp, message_id`);
  out.events = events.map(({ message_key: _k, label: _l, ...e }) => ({ ...e, properties: parse(e.properties), traits: parse(e.traits), context: parse(e.context) }));
  out.traits = [];
  for (const e of out.events) {
    if (e.type !== 'identify') continue;
    for (const [trait, value] of Object.entries((e.traits ?? {}) as Record<string, unknown>)) out.traits.push({ trait, value, at: e.timestamp, messageId: e.message_id });
  }
  const tables = await eraseEngine(d).tables(db);
  const consentCols = tables.get('consents');
  if (consentCols?.has('identity') && g.identities.length) {
    out.consents = await q((p) => `SELECT * FROM consents WHERE identity IN (${inList(p, g.identities)})`);
  } else if (consentCols?.has('person_id')) {
    out.consents = await q((p) => `SELECT * FROM consents WHERE person_id IN (${inList(p, persons)})`);
  } else {
    out.consents = out.events
      .filter((e) => (e.context as { consent?: unknown } | null)?.consent !== undefined)
      .map((e) => ({ at: e.timestamp, messageId: e.message_id, consent: (e.context as { consent: unknown }).consent }));
  }
  out.feedback = out.events.filter((e) => /feedback|survey|nps/i.test(String(e.event ?? e.name ?? '')));
  out.scores = await q((p) => `SELECT scored_at, person_id, score, num, text, detail FROM person_scores WHERE person_id IN (${inList(p, persons)}) ORDER BY scored_at, score`);
  out.identity_merges = await q((p) => `SELECT * FROM identity_merges WHERE from_person IN (${inList(p, persons)}) OR into_person IN (${inList(p, persons)}) ORDER BY merged_at`);
  out.identity_conflicts = g.identities.length ? await q((p) => `SELECT * FROM identity_conflicts WHERE identity_a IN (${inList(p, g.identities)}) OR identity_b IN (${inList(p, g.identities)}) ORDER BY seen_at`) : [];
  const needles = needlesOf(g);
  out.quarantine = await q((p) => `SELECT received_at, source, file, line, record, message_id, code, field, reason, raw FROM quarantine WHERE ${needles.map((n) => d.contains(`coalesce(raw, '')`, p.add(n))).join(' OR ')} ORDER BY received_at`);
  return out;
}

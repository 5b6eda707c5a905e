import { anonKey, hashValue, userKey, type PrivacySubject } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';

/**
 * Everything that identifies one data subject in the warehouse: the persons their ids resolve to
 * (with every person merged into or out of them), every identity of those persons, and the emails
 * their identify calls carried. Personal data: the runner keeps it sealed between steps.
 */
export interface PersonGraph {
  personIds: string[];
  /** Stored identity keys: `user:…`, `anon:…`. */
  identities: string[];
  emails: string[];
}

/** The raw values that name the person in text (log lines, files, quarantine, notes): ids, emails and person ids. */
export function needlesOf(g: PersonGraph): string[] {
  const raw = g.identities.map((i) => i.slice(i.indexOf(':') + 1));
  return [...new Set([...raw, ...g.emails, ...g.personIds])].filter((s) => s.length > 0);
}

/** A graph from the named ids alone (nothing stored yet, or already erased): what suppression and later checks need. */
export function namedGraph(subject: PrivacySubject): PersonGraph {
  const identities = [...(subject.userId ? [userKey(subject.userId)] : []), ...(subject.anonymousId ? [anonKey(subject.anonymousId)] : [])];
  return { personIds: [], identities, emails: subject.email ? [subject.email] : [] };
}

export const inList = (p: Params, values: readonly string[]) => (values.length === 0 ? 'NULL' : values.map((v) => p.add(v)).join(', '));

/**
 * Resolve the subject: userId and anonymousId through `identities`, email through identify calls'
 * `traits.email` (case-insensitive), then the whole graph of the persons found (merges both ways,
 * to a fixed point) and its identities and emails. The named ids stay in the graph even when the
 * warehouse holds nothing of them (a later event must still be recognised). With the project
 * `salt`, an email is also found where the PII policy stored `traits.email` hashed (`h:…`).
 */
export async function resolvePersonGraph(db: SqlSession, subject: PrivacySubject, salt?: Uint8Array): Promise<PersonGraph> {
  const d = db.dialect;
  const named = namedGraph(subject);
  const persons = new Set<string>();
  if (named.identities.length) {
    const p = new Params(d);
    for (const r of await db.query<{ person_id: string }>(`SELECT DISTINCT person_id FROM identities WHERE identity IN (${inList(p, named.identities)})`, p.values)) persons.add(r.person_id);
  }
  const emailOf = `lower(${d.jsonString('traits', ['email'])})`;
  if (subject.email) {
    const p = new Params(d);
    const forms = [subject.email.toLowerCase(), ...(salt ? [hashValue(subject.email, 'email', salt)] : [])];
    const sql = `SELECT DISTINCT person_id FROM events WHERE type = 'identify' AND ${emailOf} IN (${inList(p, forms)})`;
    for (const r of await db.query<{ person_id: string }>(sql, p.values)) persons.add(r.person_id);
  }
  // Merged persons: a merge folds `from` into `into`; both sides are the same subject.
  for (let grown = persons.size > 0; grown; ) {
    grown = false;
    const p = new Params(d);
    const list = inList(p, [...persons]);
    const rows = await db.query<{ a: string; b: string }>(`SELECT from_person AS a, into_person AS b FROM identity_merges WHERE from_person IN (${list}) OR into_person IN (${list})`, p.values);
    for (const r of rows) for (const x of [r.a, r.b]) if (!persons.has(x)) (persons.add(x), (grown = true));
  }
  const identities = new Set(named.identities);
  const emails = new Set(named.emails);
  if (persons.size) {
    const p = new Params(d);
    const list = inList(p, [...persons]);
    for (const r of await db.query<{ identity: string }>(`SELECT DISTINCT identity FROM identities WHERE person_id IN (${list})`, p.values)) identities.add(r.identity);
    const q = new Params(d);
    const rows = await db.query<{ email: string | null }>(`SELECT DISTINCT ${d.jsonString('traits', ['email'])} AS email FROM events WHERE type = 'identify' AND person_id IN (${inList(q, [...persons])})`, q.values);
    for (const r of rows) if (r.email) emails.add(r.email);
  }
  return { personIds: [...persons].sort(), identities: [...identities].sort(), emails: [...emails].sort() };
}

import { anonKey, resolveIdentities, userKey, type IdentityLink, type IdentityRules, type IdentitySnapshot } from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';

export interface IdentityStepResult {
  added: number;
  merges: number;
  conflicts: number;
}

interface RawLink {
  a: string | null;
  b: string;
  prev: string | null;
  via: IdentityLink['via'];
  message_id: string;
  seen_at: string;
}

const text = (...names: string[]) => names.map((name) => ({ name, kind: 'text' as const }));

/** core's personIdFor in SQL: 'p_' + the first 20 hex digits of the identity's SHA-256. */
const newPersonSql = (tx: SqlSession, identity: string) => `concat('p_', left(${tx.dialect.sha256Hex(identity)}, 20))`;

/**
 * Stitch the fresh batch into the identity graph and leave `_person_of(identity, person_id)`
 * holding the person of every identity the batch mentions.
 *
 * Identities in a link (an event or identify carrying both ids, an alias, and both readings of an
 * alias's previousId) go through the identity graph (core's resolveIdentities) with the stored graph
 * of their people. Every other identity is settled in SQL, as the graph would settle it: a stored
 * one keeps its person (or the person it is merged into by this batch's links), a new one gets the
 * person personIdFor names. A file import of a million rows has few links and many identities,
 * which no longer cross into JavaScript. Should a new identity's derived person id already be the
 * person of a candidate identity (the graph then derives another), the whole batch goes through the
 * graph as before.
 */
export async function identityStep(tx: SqlSession, rules: IdentityRules, opts: { graphOnly?: boolean } = {}): Promise<IdentityStepResult> {
  const d = tx.dialect;
  const nullText = `CAST(NULL AS ${d.nullable(d.columnType('text'))})`;
  const rawLinks = await tx.query<RawLink>(`
    SELECT a, b, prev, via, min(message_id) AS message_id, min(ts) AS seen_at FROM (
      SELECT 'anon:' || anonymous_id AS a, 'user:' || user_id AS b, ${nullText} AS prev,
             CASE WHEN type = 'identify' THEN 'identify' ELSE 'event' END AS via, message_id, ts
        FROM _fresh WHERE user_id IS NOT NULL AND anonymous_id IS NOT NULL
      UNION ALL
      SELECT ${nullText} AS a, 'user:' || user_id AS b, previous_id AS prev, 'alias' AS via, message_id, ts
        FROM _fresh WHERE type = 'alias' AND previous_id IS NOT NULL AND user_id IS NOT NULL
    ) t GROUP BY a, b, prev, via`);
  const linked = new Set<string>();
  for (const l of rawLinks) {
    if (l.a !== null) linked.add(l.a);
    linked.add(l.b);
    if (l.prev !== null) linked.add(userKey(l.prev)).add(anonKey(l.prev));
  }
  await tx.steps.replaceTemp(tx, '_linked', text('identity'));
  if (linked.size) await tx.append('temp._linked', text('identity'), [...linked].map((k) => [k]));
  // Every identity of the batch: when first seen, its stored person, the person a new one would get.
  await tx.steps.replaceTempAs(
    tx,
    '_seen_ids',
    `SELECT identity, min(ts) AS seen_at FROM (
       SELECT 'user:' || user_id AS identity, ts FROM _fresh WHERE user_id IS NOT NULL
       UNION ALL SELECT 'anon:' || anonymous_id AS identity, ts FROM _fresh WHERE anonymous_id IS NOT NULL
     ) t GROUP BY identity`,
  );
  await tx.steps.replaceTempAs(
    tx,
    '_seen',
    `SELECT s.identity AS identity, s.seen_at AS seen_at, k.person_id AS known_person, ${newPersonSql(tx, 's.identity')} AS new_person,
            s.identity IN (SELECT identity FROM _linked) AS is_linked
       FROM _seen_ids s
       LEFT JOIN (SELECT identity, min(person_id) AS person_id FROM identities
                   WHERE identity IN (SELECT identity FROM _seen_ids) GROUP BY identity) k ON k.identity = s.identity`,
  );
  // The graph derives another id when a new identity's is already a candidate's person: then it decides for all.
  const candidates = `(SELECT identity FROM _seen_ids UNION ALL SELECT identity FROM _linked)`;
  const stored = `(SELECT identity, person_id FROM identities WHERE identity IN ${candidates})`;
  const [clash] = await tx.query<{ n: number }>(`
    SELECT count(*) AS n FROM ${candidates} c
     WHERE c.identity NOT IN (SELECT identity FROM ${stored} k)
       AND ${newPersonSql(tx, 'c.identity')} IN (SELECT person_id FROM ${stored} p)`);
  // `graphOnly` (tests): every identity through the graph, as before identities were settled in SQL.
  const whole = opts.graphOnly === true || Number(clash?.n ?? 0) > 0;

  const graph = await graphStep(tx, rules, rawLinks, whole);
  await persistChanges(tx, graph.changes);
  let settled = 0;
  if (!whole) {
    // New identities in no link, stored last (as persistChanges stores the graph's): a re-run finds them.
    const [n] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM _seen WHERE known_person IS NULL AND NOT is_linked`);
    settled = Number(n?.n ?? 0);
    if (settled > 0) {
      await tx.exec(`
        INSERT INTO identities (identity, person_id, first_seen)
        SELECT identity, new_person, seen_at FROM _seen WHERE known_person IS NULL AND NOT is_linked`);
    }
  }

  await tx.steps.replaceTemp(tx, '_person_of', text('identity', 'person_id'));
  await tx.append('temp._person_of', text('identity', 'person_id'), graph.personOf);
  if (!whole) {
    // A stored person merged by this batch's links: its identities outside the links follow it.
    await tx.steps.replaceTemp(tx, '_merged', text('from_person', 'into_person'));
    if (graph.changes.merges.length) await tx.append('temp._merged', text('from_person', 'into_person'), graph.changes.merges.map((m) => [m.from, m.into]));
    await tx.exec(`
      INSERT INTO _person_of (identity, person_id)
      SELECT s.identity, coalesce(m.into_person, s.known_person, s.new_person)
        FROM _seen s LEFT JOIN _merged m ON m.from_person = s.known_person
       WHERE NOT s.is_linked`);
  }
  const { changes } = graph;
  return { added: changes.added.length + settled, merges: changes.merges.length, conflicts: changes.rejected.length };
}

/**
 * The identity graph over the batch's linked identities (`whole`: over every identity of the
 * batch): loads their people's stored identities, resolves, and returns the changes and the person
 * of each of these identities.
 */
async function graphStep(tx: SqlSession, rules: IdentityRules, rawLinks: readonly RawLink[], whole: boolean) {
  const seenRows = await tx.query<{ identity: string; seen_at: string }>(`SELECT identity, seen_at FROM _seen${whole ? '' : ' WHERE is_linked'}`);
  const seen = seenRows.map((r) => ({ identity: r.identity, at: r.seen_at }));
  const seenKeys = new Set(seen.map((s) => s.identity));
  const candidates = new Set(seenKeys);
  for (const l of rawLinks) {
    candidates.add(l.b);
    if (l.a !== null) candidates.add(l.a);
    if (l.prev !== null) candidates.add(userKey(l.prev)).add(anonKey(l.prev));
  }
  const snapshot: IdentitySnapshot = { personOf: new Map(), persons: new Map() };
  if (candidates.size) {
    await tx.steps.replaceTemp(tx, '_ids', [{ name: 'identity', kind: 'text' }]);
    await tx.append('temp._ids', [{ name: 'identity', kind: 'text' }], [...candidates].map((c) => [c]));
    // In a fixed order: a conflict's reason names a person's first userId, the same on every engine.
    const known = await tx.query<{ identity: string; person_id: string; first_seen: string }>(`
      SELECT identity, person_id, first_seen FROM identities
       WHERE person_id IN (SELECT i.person_id FROM identities i WHERE i.identity IN (SELECT identity FROM _ids))
       ORDER BY first_seen, identity`);
    for (const k of known) {
      snapshot.personOf.set(k.identity, k.person_id);
      const p = snapshot.persons.get(k.person_id);
      if (p) {
        p.identities.push(k.identity);
        if (k.first_seen < p.firstSeen) p.firstSeen = k.first_seen;
      } else snapshot.persons.set(k.person_id, { identities: [k.identity], firstSeen: k.first_seen });
    }
  }
  // An alias's previousId is whichever kind of id is already known; a new one is taken as a userId.
  const exists = (key: string) => snapshot.personOf.has(key) || seenKeys.has(key);
  const links: IdentityLink[] = rawLinks.map((l) => ({
    a: l.a ?? (exists(userKey(l.prev!)) || !exists(anonKey(l.prev!)) ? userKey(l.prev!) : anonKey(l.prev!)),
    b: l.b,
    via: l.via,
    messageId: l.message_id,
    at: l.seen_at,
  }));
  const changes = resolveIdentities(snapshot, seen, links, rules);
  const personOf = [...changes.personOf].filter(([k]) => candidates.has(k)).map(([k, v]) => [k, v]);
  return { changes, personOf };
}

/**
 * Store the batch's identity changes. On ClickHouse these statements are not one transaction, so
 * their order makes a re-run after a crash at any of them finish the job and add nothing twice:
 * the logs (merges, conflicts) come first and skip rows already there; people are re-pointed next
 * (events, then identities: until the identities move, the re-run computes the same merges); new
 * identities come last (once stored, the re-run finds them and adds none).
 */
async function persistChanges(tx: SqlSession, changes: ReturnType<typeof resolveIdentities>): Promise<void> {
  const d = tx.dialect;
  if (changes.merges.length) {
    await tx.steps.replaceTemp(tx, '_merges', text('from_person', 'into_person', 'message_id', 'merged_at'));
    await tx.append(
      'temp._merges',
      text('from_person', 'into_person', 'message_id', 'merged_at'),
      changes.merges.map((m) => [m.from, m.into, m.messageId, m.at]),
    );
    const key = `concat_ws('\u001f', from_person, into_person, message_id)`;
    await tx.exec(`
      INSERT INTO identity_merges
      SELECT from_person, into_person, message_id, ${d.parseTimestamp('merged_at')} FROM _merges
       WHERE ${key} NOT IN (SELECT ${key} FROM identity_merges WHERE message_id IN (SELECT message_id FROM _merges))`);
  }
  if (changes.rejected.length) {
    const cols = ['identity_a', 'identity_b', 'via', 'message_id', 'seen_at', 'reason'];
    await tx.steps.replaceTemp(tx, '_conflicts', text(...cols));
    await tx.append(
      'temp._conflicts',
      text(...cols),
      changes.rejected.map((r) => [r.link.a, r.link.b, r.link.via, r.link.messageId, r.link.at, r.reason]),
    );
    const key = `concat_ws('\u001f', identity_a, identity_b, via, message_id, reason)`;
    await tx.exec(`
      INSERT INTO identity_conflicts
      SELECT identity_a, identity_b, via, message_id, ${d.parseTimestamp('seen_at')}, reason FROM _conflicts
       WHERE ${key} NOT IN (SELECT ${key} FROM identity_conflicts WHERE message_id IN (SELECT message_id FROM _conflicts))`);
  }
  if (changes.merges.length) await tx.steps.repointPeople(tx, changes.merges);
  if (changes.added.length) {
    await tx.append(
      'identities',
      [
        { name: 'identity', kind: 'text' },
        { name: 'person_id', kind: 'text' },
        { name: 'first_seen', kind: 'text' },
      ],
      changes.added.map((a) => [a.identity, a.personId, a.firstSeen]),
    );
  }
}

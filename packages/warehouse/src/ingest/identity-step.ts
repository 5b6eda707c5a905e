import { anonKey, resolveIdentities, userKey, type IdentityLink, type IdentityRules, type IdentitySnapshot } from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';

export interface IdentityStepResult {
  added: number;
  merges: number;
  conflicts: number;
}

/**
 * Stitch the fresh batch into the identity graph and leave `_person_of(identity, person_id)`
 * holding the person of every identity the batch mentions.
 */
export async function identityStep(tx: SqlSession, rules: IdentityRules): Promise<IdentityStepResult> {
  const d = tx.dialect;
  const nullText = `CAST(NULL AS ${d.nullable(d.columnType('text'))})`;
  const seenRows = await tx.query<{ identity: string; seen_at: string }>(`
    SELECT identity, min(ts) AS seen_at FROM (
      SELECT 'user:' || user_id AS identity, ts FROM _fresh WHERE user_id IS NOT NULL
      UNION ALL SELECT 'anon:' || anonymous_id AS identity, ts FROM _fresh WHERE anonymous_id IS NOT NULL
    ) t GROUP BY identity`);
  const seen = seenRows.map((r) => ({ identity: r.identity, at: r.seen_at }));
  const rawLinks = await tx.query<{ a: string | null; b: string; prev: string | null; via: IdentityLink['via']; message_id: string; seen_at: string }>(`
    SELECT a, b, prev, via, min(message_id) AS message_id, min(ts) AS seen_at FROM (
      SELECT 'anon:' || anonymous_id AS a, 'user:' || user_id AS b, ${nullText} AS prev,
             CASE WHEN type = 'identify' THEN 'identify' ELSE 'event' END AS via, message_id, ts
        FROM _fresh WHERE user_id IS NOT NULL AND anonymous_id IS NOT NULL
      UNION ALL
      SELECT ${nullText} AS a, 'user:' || user_id AS b, previous_id AS prev, 'alias' AS via, message_id, ts
        FROM _fresh WHERE type = 'alias' AND previous_id IS NOT NULL AND user_id IS NOT NULL
    ) t GROUP BY a, b, prev, via`);

  const seenKeys = new Set(seen.map((s) => s.identity));
  const candidates = new Set(seenKeys);
  for (const l of rawLinks) if (l.prev !== null) candidates.add(userKey(l.prev)).add(anonKey(l.prev));
  await tx.steps.replaceTemp(tx, '_ids', [{ name: 'identity', kind: 'text' }]);
  await tx.append('temp._ids', [{ name: 'identity', kind: 'text' }], [...candidates].map((c) => [c]));
  const known = await tx.query<{ identity: string; person_id: string; first_seen: string }>(`
    SELECT identity, person_id, first_seen FROM identities
     WHERE person_id IN (SELECT i.person_id FROM identities i WHERE i.identity IN (SELECT identity FROM _ids))`);
  const snapshot: IdentitySnapshot = { personOf: new Map(), persons: new Map() };
  for (const k of known) {
    snapshot.personOf.set(k.identity, k.person_id);
    const p = snapshot.persons.get(k.person_id);
    if (p) {
      p.identities.push(k.identity);
      if (k.first_seen < p.firstSeen) p.firstSeen = k.first_seen;
    } else snapshot.persons.set(k.person_id, { identities: [k.identity], firstSeen: k.first_seen });
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

  await persistChanges(tx, changes);
  await tx.steps.replaceTemp(tx, '_person_of', [
    { name: 'identity', kind: 'text' },
    { name: 'person_id', kind: 'text' },
  ]);
  await tx.append(
    'temp._person_of',
    [
      { name: 'identity', kind: 'text' },
      { name: 'person_id', kind: 'text' },
    ],
    [...changes.personOf].filter(([k]) => candidates.has(k)).map(([k, v]) => [k, v]),
  );
  return { added: changes.added.length, merges: changes.merges.length, conflicts: changes.rejected.length };
}

const text = (...names: string[]) => names.map((name) => ({ name, kind: 'text' as const }));

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

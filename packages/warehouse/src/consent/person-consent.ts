import { resolveConsent, type ConsentChoice, type ConsentConfig, type ConsentUpdate, type PersonConsent } from '@trailmap/core';
import { resolvePersonId } from '../store/profile.js';
import type { SqlSession } from '../warehouse.js';

const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(`${String(v).replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? '' : 'Z'}`).toISOString());

/**
 * A person's effective consent per purpose and its history (every choice of their identities),
 * or null for an unknown id. The gate journeys and recommendations call before using a person's
 * data for `marketing` or `personalisation` (with core's `mayUse`).
 */
export async function consentFor(db: SqlSession, config: ConsentConfig, id: string): Promise<PersonConsent | null> {
  const personId = await resolvePersonId(db, id);
  if (personId === null) return null;
  const d = db.dialect;
  const ids = `(SELECT identity FROM identities WHERE person_id = ${d.param(0)})`;
  const rows = await db.query<{ purpose: string; granted: unknown; at: unknown; source: string; message_id: string | null }>(
    `SELECT purpose, granted, chosen_at AS at, source, message_id FROM consents WHERE identity IN ${ids} ORDER BY chosen_at, purpose, message_id`,
    [personId],
  );
  const listed = new Set(config.purposes);
  const history: ConsentChoice[] = rows
    .filter((r) => listed.has(r.purpose))
    .map((r) => ({ purpose: r.purpose, granted: bool(r.granted), at: iso(r.at), source: r.source as ConsentChoice['source'], messageId: r.message_id ?? null }));
  const [c] = await db.query<{ country: string | null }>(
    `SELECT ${d.argMax('country', d.epochMs('seen_at'))} AS country FROM identity_countries WHERE identity IN ${ids}`,
    [personId],
  );
  const country = c?.country === undefined || c.country === '' ? null : c.country;
  return resolveConsent(personId, history, country, config);
}

/**
 * Record explicit choices for a person (the API): one row per purpose, at `at`, against the
 * person's first identity (userIds first), so the history follows the person through merges.
 * Returns null for an unknown id.
 */
export async function recordConsent(db: SqlSession, id: string, update: ConsentUpdate, at: Date): Promise<{ personId: string } | null> {
  const personId = await resolvePersonId(db, id);
  if (personId === null) return null;
  const d = db.dialect;
  const [first] = await db.query<{ identity: string }>(
    `SELECT identity FROM identities WHERE person_id = ${d.param(0)} ORDER BY CASE WHEN identity LIKE 'user:%' THEN 0 ELSE 1 END, first_seen, identity LIMIT 1`,
    [personId],
  );
  if (!first) return null;
  const when = at.toISOString();
  for (const [purpose, granted] of Object.entries(update.purposes)) {
    await db.exec(
      `INSERT INTO consents VALUES (${d.param(0, first.identity)}, ${d.param(1, purpose)}, ${d.param(2, granted)}, ${d.parseTimestamp(d.param(3, when))}, ${d.param(4, update.source)}, NULL, ${d.now()})`,
      [first.identity, purpose, granted, when, update.source],
    );
  }
  return { personId };
}

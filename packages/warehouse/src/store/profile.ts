import { DEFAULT_CONSENT_CONFIG, kindOf, valueOf, type ConsentConfig, type PersonConsent, type PersonScores } from '@trailmap/core';
import { consentFor } from '../consent/person-consent.js';
import { personScores } from '../customers/scores/read-person-scores.js';
import type { SqlSession } from '../warehouse.js';

export interface Profile {
  id: string;
  identities: Array<{ type: 'userId' | 'anonymousId'; id: string; firstSeen: string }>;
  traits: Record<string, unknown>;
  /** Every value each trait has had, oldest first. */
  traitHistory: Record<string, Array<{ value: unknown; at: string; messageId: string }>>;
  /**
   * `categories`/`updatedAt`: the latest Segment categoryPreferences as sent; the rest the
   * effective consent per purpose with its history (core's PersonConsent, as GET /v1/people/:id/consent).
   */
  consent: { categories: Record<string, boolean>; updatedAt: string | null } & Omit<PersonConsent, 'personId'>;
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
  timeline: Array<{
    timestamp: string;
    type: string;
    event: string | null;
    touchpoint: string;
    channel: string;
    stage: string;
    messageId: string;
    properties: unknown;
  }>;
  /** The person's model scores from the latest complete scoring run (its `scoredAt` is their age); null before any run scored them. */
  scores: PersonScores | null;
}

/** Find the person behind any of their ids: a userId, an anonymousId or the person id itself. */
export async function resolvePersonId(db: SqlSession, id: string): Promise<string | null> {
  const d = db.dialect;
  const rows = await db.query<{ person_id: string; rank: number }>(
    `SELECT person_id, CASE WHEN identity = ${d.param(0)} THEN 0 WHEN identity = ${d.param(1)} THEN 1 ELSE 2 END AS rank
       FROM identities WHERE identity IN (${d.param(0)}, ${d.param(1)}) OR person_id = ${d.param(2)}
      ORDER BY rank LIMIT 1`,
    [`user:${id}`, `anon:${id}`, id],
  );
  return rows[0]?.person_id ?? null;
}

const parse = (s: unknown): any => (typeof s === 'string' ? JSON.parse(s) : (s ?? {}));

/** The merged "360°" profile: identities, traits (latest wins, with history), consent, timeline. */
export async function loadProfile(db: SqlSession, id: string, timelineLimit = 50, consentConfig: ConsentConfig = DEFAULT_CONSENT_CONFIG): Promise<Profile | null> {
  const personId = await resolvePersonId(db, id);
  if (personId === null) return null;
  const d = db.dialect;
  const p0 = d.param(0);
  const ids = await db.query<{ identity: string; first_seen: string }>(
    `SELECT identity, first_seen FROM identities WHERE person_id = ${p0} ORDER BY first_seen, identity`,
    [personId],
  );
  const [agg] = await db.query<{ n: number; first_seen: string | null; last_seen: string | null }>(
    `SELECT count(*) AS n, min(timestamp) AS first_seen, max(timestamp) AS last_seen FROM events WHERE person_id = ${p0}`,
    [personId],
  );
  const traitRows = await db.query<{ timestamp: string; message_id: string; traits: string }>(
    `SELECT timestamp, message_id, traits FROM events WHERE person_id = ${p0} AND type = 'identify' ORDER BY timestamp, message_id`,
    [personId],
  );
  const traits: Profile['traits'] = {};
  const traitHistory: Profile['traitHistory'] = {};
  for (const r of traitRows) {
    for (const [k, v] of Object.entries(parse(r.traits) as Record<string, unknown>)) {
      traits[k] = v;
      (traitHistory[k] ??= []).push({ value: v, at: r.timestamp, messageId: r.message_id });
    }
  }
  const consentRows = await db.query<{ timestamp: string; prefs: string }>(
    `SELECT timestamp, ${d.jsonString('context', ['consent', 'categoryPreferences'])} AS prefs
       FROM events WHERE person_id = ${p0} AND ${d.jsonString('context', ['consent', 'categoryPreferences'])} IS NOT NULL
      ORDER BY timestamp, message_id`,
    [personId],
  );
  const categories: Record<string, boolean> = {};
  let updatedAt: string | null = null;
  for (const r of consentRows) {
    for (const [k, v] of Object.entries(parse(r.prefs) as Record<string, unknown>)) {
      if (typeof v === 'boolean') categories[k] = v;
    }
    updatedAt = r.timestamp;
  }
  const { personId: _, ...effective } = (await consentFor(db, consentConfig, personId))!;
  const consent: Profile['consent'] = { categories, updatedAt, ...effective };
  const timeline = await db.query<Record<string, unknown>>(
    `SELECT timestamp, type, coalesce(event, name) AS event, touchpoint, channel, stage, message_id, properties
       FROM events WHERE person_id = ${p0} ORDER BY timestamp DESC, message_id DESC LIMIT ${Math.max(1, Math.floor(timelineLimit))}`,
    [personId],
  );
  return {
    id: personId,
    identities: ids.map((i) => ({
      type: kindOf(i.identity) === 'user' ? 'userId' : 'anonymousId',
      id: valueOf(i.identity),
      firstSeen: i.first_seen,
    })),
    traits,
    traitHistory,
    consent,
    firstSeen: agg?.first_seen ?? null,
    lastSeen: agg?.last_seen ?? null,
    eventCount: agg?.n ?? 0,
    timeline: timeline.map((t) => ({
      timestamp: t.timestamp as string,
      type: t.type as string,
      event: (t.event as string | null) ?? null,
      touchpoint: t.touchpoint as string,
      channel: t.channel as string,
      stage: t.stage as string,
      messageId: t.message_id as string,
      properties: parse(t.properties),
    })),
    scores: await personScores(db, personId),
  };
}

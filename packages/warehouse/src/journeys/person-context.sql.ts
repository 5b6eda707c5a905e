import { eventHistoryKey, journeyDurationMs, type ContextNeeds } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';

export interface WarehousePersonFacts {
  userId: string | null;
  anonymousId: string | null;
  traits: Record<string, unknown>;
  /** The latest event's context.timezone and context.locale (null when none was sent). */
  timeZone: string | null;
  locale: string | null;
  eventCounts: Record<string, number>;
}

const parse = (s: unknown): Record<string, unknown> => (typeof s === 'string' ? JSON.parse(s) : ((s as Record<string, unknown>) ?? {}));

/**
 * What a journey needs of one person from the warehouse, in a few indexed reads on person_id:
 * the ids to address them by, traits (the latest value of each, as profiles show them), the
 * latest time zone and locale their devices reported, and the event-history counts asked for.
 * Orchestration reads the stored events, not the analytics' consent-scoped view: consent for
 * contact is checked per message (marketing), not by analytics consent.
 */
export async function personJourneyFacts(db: SqlSession, personId: string, needs: ContextNeeds, asOfMs: number): Promise<WarehousePersonFacts | null> {
  const d = db.dialect;
  const ids = await db.query<{ identity: string }>(`SELECT identity FROM identities WHERE person_id = ${d.param(0)} ORDER BY first_seen, identity`, [personId]);
  if (ids.length === 0) return null;
  const userIds = ids.filter((i) => i.identity.startsWith('user:')).map((i) => i.identity.slice(5));
  const anonIds = ids.filter((i) => i.identity.startsWith('anon:')).map((i) => i.identity.slice(5));
  const traitRows = await db.query<{ traits: unknown }>(
    `SELECT traits FROM events WHERE person_id = ${d.param(0)} AND type = 'identify' ORDER BY timestamp, message_id`,
    [personId],
  );
  const traits: Record<string, unknown> = {};
  for (const r of traitRows) Object.assign(traits, parse(r.traits));
  const [where] = await db.query<{ tz: string | null; locale: string | null }>(
    `SELECT ${d.jsonString('context', ['timezone'])} AS tz, ${d.jsonString('context', ['locale'])} AS locale FROM events
      WHERE person_id = ${d.param(0)} AND (${d.jsonString('context', ['timezone'])} IS NOT NULL OR ${d.jsonString('context', ['locale'])} IS NOT NULL)
      ORDER BY timestamp DESC LIMIT 1`,
    [personId],
  );
  const eventCounts: Record<string, number> = {};
  for (const need of needs.eventCounts) {
    const p = new Params(d);
    const since = need.within === undefined ? '' : ` AND timestamp >= ${d.fromEpochMs(p.add(asOfMs - journeyDurationMs(need.within)!))}`;
    const [c] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM events WHERE person_id = ${p.add(personId)} AND event = ${p.add(need.event)} AND timestamp <= ${d.fromEpochMs(p.add(asOfMs))}${since}`,
      p.values,
    );
    eventCounts[eventHistoryKey(need.event, need.within)] = Number(c?.n ?? 0);
  }
  return {
    userId: userIds.at(-1) ?? null,
    anonymousId: anonIds.at(-1) ?? null,
    traits,
    timeZone: where?.tz ?? null,
    locale: where?.locale ?? null,
    eventCounts,
  };
}

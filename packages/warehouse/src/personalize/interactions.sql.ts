import { sortInteractions, type ConsentConfig, type Interaction, type PersonalizeModelSettings } from '@trailmap/core';
import { Params, type Dialect } from '../dialect/dialect.js';
import { refusedPeopleSql } from '../consent/refused-people.sql.js';
import type { SqlSession } from '../warehouse.js';

/** 1 when the person's personalisation consent is granted, else 0; always 0 when the project lists no such purpose (mayUse's rule). */
function personalisableSql(d: Dialect, consent: ConsentConfig): string {
  if (!consent.purposes.includes('personalisation')) return '0';
  return `CASE WHEN person_id IN (${refusedPeopleSql(d, consent, 'personalisation')}) THEN 0 ELSE 1 END`;
}

/**
 * Product views (the view event's top-level product_id, name, category, price) and order lines
 * (one row per element of the purchase event's `products[]`, Segment e-commerce spec) per
 * person with their times, from the consent-scoped events relation (`dialect.events`: people who
 * refused analytics are not in it). Event names are bound; rows without a product_id are left out.
 */
export function interactionsSql(p: Params, model: Pick<PersonalizeModelSettings, 'viewEvent' | 'purchaseEvent'>, consent: ConsentConfig): string {
  const d = p.dialect;
  const fields = (col: string) =>
    `${d.jsonString(col, ['product_id'])} AS item_id, ${d.jsonString(col, ['name'])} AS name, ${d.jsonString(col, ['category'])} AS category, ${d.toDouble(d.jsonString(col, ['price']))} AS price`;
  const views = `SELECT person_id, 'view' AS kind, CAST(${d.epochMs('timestamp')} AS BIGINT) AS at_ms, message_id AS event_id, ${fields('properties')}
      FROM ${d.events} AS events WHERE ${d.eventLabel} = ${p.add(model.viewEvent)}`;
  const lines = `SELECT person_id, 'purchase' AS kind, at_ms, event_id, ${fields('line')}
      FROM (SELECT person_id, CAST(${d.epochMs('timestamp')} AS BIGINT) AS at_ms, message_id AS event_id, ${d.unnest(d.jsonArrayItems('properties', ['products']))} AS line
              FROM ${d.events} AS events WHERE ${d.eventLabel} = ${p.add(model.purchaseEvent)}) AS o`;
  return `SELECT person_id, kind, at_ms, event_id, item_id, name, category, price, ${personalisableSql(d, consent)} AS personalisable
    FROM (${views} UNION ALL ${lines}) AS x WHERE item_id IS NOT NULL`;
}

interface Row {
  person_id: unknown;
  kind: unknown;
  at_ms: unknown;
  event_id: unknown;
  item_id: unknown;
  name: unknown;
  category: unknown;
  price: unknown;
  personalisable: unknown;
}

const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The interactions the personalisation models are fitted on, in core's canonical order (the same on every engine). */
export async function readInteractions(db: SqlSession, model: Pick<PersonalizeModelSettings, 'viewEvent' | 'purchaseEvent'>, consent: ConsentConfig): Promise<Interaction[]> {
  const p = new Params(db.dialect);
  const rows = await db.query<Row>(interactionsSql(p, model, consent), p.values);
  return sortInteractions(
    rows.map((r) => ({
      personId: String(r.person_id),
      itemId: String(r.item_id),
      kind: r.kind === 'purchase' ? 'purchase' : 'view',
      at: Number(r.at_ms),
      eventId: String(r.event_id),
      personalisable: Number(r.personalisable) === 1,
      name: textOrNull(r.name),
      category: textOrNull(r.category),
      price: r.price === null || r.price === undefined ? null : Number(r.price),
    })),
  );
}

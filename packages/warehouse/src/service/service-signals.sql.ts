import type { ChurnSignal, ContactsSignal, FailedPaymentSignal, FeedbackSignal, OrdersSignal, ServiceConfig, ServiceSignals } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import { latestScoreRunAt } from '../customers/scores/read-person-scores.js';
import type { SqlSession } from '../warehouse.js';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/**
 * The scan's bounds (ms): events received at or after `receivedSince` (the runner's cursor less
 * an overlap; new signals), whose own time is within [`from`, `now`] (old history imported
 * today makes no task), and lifecycle moments falling within [`from`, `now`].
 */
export interface SignalWindow {
  receivedSince: number;
  from: number;
  now: number;
}

const parse = (v: unknown): unknown => (typeof v === 'string' ? (v === '' ? null : JSON.parse(v)) : (v ?? null));
const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const list = (p: Params, names: readonly string[]) => names.map((n) => p.add(n)).join(', ');

/** The new-events condition (received since the cursor, timed within the window). */
function fresh(p: Params, w: SignalWindow): string {
  const d = p.dialect;
  return `received_at >= ${d.fromEpochMs(p.add(w.receivedSince))} AND timestamp >= ${d.fromEpochMs(p.add(w.from))} AND timestamp <= ${d.fromEpochMs(p.add(w.now))}`;
}

/** New feedback events with their text and topic. */
export async function feedbackSignals(db: SqlSession, cfg: ServiceConfig['negativeSentiment'], w: SignalWindow): Promise<FeedbackSignal[]> {
  const p = new Params(db.dialect);
  const d = db.dialect;
  const sql = `SELECT person_id, message_id, CAST(${d.epochMs('timestamp')} AS BIGINT) AS ms, ${d.jsonKey('properties', cfg.textProperty, p)} AS feedback_text, ${d.jsonKey('properties', cfg.topicProperty, p)} AS feedback_topic
    FROM ${d.events} AS events WHERE ${d.eventLabel} = ${p.add(cfg.event)} AND ${fresh(p, w)} ORDER BY ms, message_id`;
  const rows = await db.query<{ person_id: string; message_id: string; ms: unknown; feedback_text: unknown; feedback_topic: unknown }>(sql, p.values);
  return rows.flatMap((r) => (text(r.feedback_text) === null ? [] : [{ personId: String(r.person_id), messageId: String(r.message_id), at: Number(r.ms), text: String(r.feedback_text), topic: text(r.feedback_topic) }]));
}

/** New failed-payment events (order id from `order_id`, the amount from `amount`, `total`, `revenue` or `value`). */
export async function failedPaymentSignals(db: SqlSession, cfg: ServiceConfig['failedPayment'], w: SignalWindow): Promise<FailedPaymentSignal[]> {
  const p = new Params(db.dialect);
  const d = db.dialect;
  const amount = `coalesce(${['amount', 'total', 'revenue', 'value'].map((k) => d.toDouble(d.jsonKey('properties', k, p))).join(', ')})`;
  const sql = `SELECT person_id, message_id, ${d.eventLabel} AS event_label, CAST(${d.epochMs('timestamp')} AS BIGINT) AS ms, ${d.jsonKey('properties', 'order_id', p)} AS order_id, ${amount} AS amount
    FROM ${d.events} AS events WHERE ${d.eventLabel} IN (${list(p, cfg.events)}) AND ${fresh(p, w)} ORDER BY ms, message_id`;
  const rows = await db.query<{ person_id: string; message_id: string; event_label: string; ms: unknown; order_id: unknown; amount: unknown }>(sql, p.values);
  return rows.map((r) => ({ personId: String(r.person_id), messageId: String(r.message_id), at: Number(r.ms), event: String(r.event_label), orderId: text(r.order_id), amount: r.amount === null || r.amount === undefined ? null : Number(r.amount) }));
}

/** Every support contact in [from − days, now] of each person with a new one. */
export async function contactSignals(db: SqlSession, cfg: ServiceConfig['repeatedContacts'], w: SignalWindow): Promise<ContactsSignal[]> {
  const p = new Params(db.dialect);
  const d = db.dialect;
  const who = `SELECT person_id FROM ${d.events} AS fresh_contacts WHERE ${d.eventLabel} IN (${list(p, cfg.events)}) AND ${fresh(p, w)}`;
  const sql = `SELECT person_id, message_id, ${d.eventLabel} AS event_label, CAST(${d.epochMs('timestamp')} AS BIGINT) AS ms FROM ${d.events} AS events
    WHERE ${d.eventLabel} IN (${list(p, cfg.events)}) AND timestamp >= ${d.fromEpochMs(p.add(w.from - cfg.days * DAY_MS))} AND timestamp <= ${d.fromEpochMs(p.add(w.now))}
      AND person_id IN (${who}) ORDER BY person_id, ms, message_id`;
  const rows = await db.query<{ person_id: string; message_id: string; event_label: string; ms: unknown }>(sql, p.values);
  const by = new Map<string, ContactsSignal>();
  for (const r of rows) {
    const id = String(r.person_id);
    let s = by.get(id);
    if (!s) by.set(id, (s = { personId: id, contacts: [] }));
    s.contacts.push({ messageId: String(r.message_id), at: Number(r.ms), event: String(r.event_label) });
  }
  return [...by.values()];
}

/** The people the latest scoring run gave a churn risk at or above the threshold (customers only, by default), the highest `top` of them. */
export async function churnSignals(db: SqlSession, cfg: ServiceConfig['churnRisk'], purchaseEvent: string): Promise<ChurnSignal[]> {
  const at = await latestScoreRunAt(db);
  if (at === null) return [];
  const p = new Params(db.dialect);
  const d = db.dialect;
  // Through the consent-scoped events: a person who refused analytics since the run is not read.
  const who = cfg.customersOnly
    ? `SELECT person_id FROM ${d.events} AS buyers WHERE ${d.eventLabel} = ${p.add(purchaseEvent)}`
    : `SELECT person_id FROM ${d.events} AS known`;
  const rows = await db.query<{ person_id: string; num: unknown; detail: unknown }>(
    `SELECT person_id, num, detail FROM person_scores WHERE scored_at = ${d.fromEpochMs(p.add(at))} AND score = ${p.add('churnRisk')} AND num >= ${p.add(cfg.threshold)}
       AND person_id IN (${who}) ORDER BY num DESC, person_id LIMIT ${Math.floor(cfg.top)}`,
    p.values,
  );
  return rows.map((r) => ({ personId: String(r.person_id), risk: Number(r.num), scoredAt: at, reasons: parse(r.detail) }));
}

/**
 * Customers who may have a lifecycle moment in the window: a repeat customer whose last order
 * is `lapsedDays` old within it, or one whose first order is at least a year old (the
 * anniversary itself is the trigger's to find).
 */
export async function orderSignals(db: SqlSession, cfg: ServiceConfig['lifecycle'], w: SignalWindow): Promise<OrdersSignal[]> {
  const p = new Params(db.dialect);
  const d = db.dialect;
  const lapsed = cfg.lapsedDays > 0
    ? `(count(*) >= ${p.add(cfg.lapsedMinOrders)} AND max(timestamp) >= ${d.fromEpochMs(p.add(w.from - cfg.lapsedDays * DAY_MS))} AND max(timestamp) <= ${d.fromEpochMs(p.add(w.now - cfg.lapsedDays * DAY_MS))})`
    : '1 = 0';
  const anniversary = cfg.anniversary ? `min(timestamp) <= ${d.fromEpochMs(p.add(w.now - YEAR_MS + DAY_MS))}` : '1 = 0';
  const sql = `SELECT person_id, CAST(count(*) AS BIGINT) AS orders, CAST(min(${d.epochMs('timestamp')}) AS BIGINT) AS first_ms, CAST(max(${d.epochMs('timestamp')}) AS BIGINT) AS last_ms,
      ${d.argMax('message_id', 'timestamp')} AS last_id
    FROM ${d.events} AS events WHERE ${d.eventLabel} = ${p.add(cfg.purchaseEvent)} AND timestamp <= ${d.fromEpochMs(p.add(w.now))}
    GROUP BY person_id HAVING ${lapsed} OR ${anniversary} ORDER BY person_id`;
  const rows = await db.query<{ person_id: string; orders: unknown; first_ms: unknown; last_ms: unknown; last_id: unknown }>(sql, p.values);
  return rows.map((r) => ({ personId: String(r.person_id), orders: Number(r.orders), firstAt: Number(r.first_ms), lastAt: Number(r.last_ms), lastMessageId: String(r.last_id) }));
}

/** Every enabled trigger's signals from the (consent-scoped) events relation. */
export async function serviceSignals(db: SqlSession, cfg: ServiceConfig, w: SignalWindow): Promise<ServiceSignals> {
  return {
    feedback: cfg.negativeSentiment.enabled ? await feedbackSignals(db, cfg.negativeSentiment, w) : [],
    failedPayments: cfg.failedPayment.enabled ? await failedPaymentSignals(db, cfg.failedPayment, w) : [],
    contacts: cfg.repeatedContacts.enabled ? await contactSignals(db, cfg.repeatedContacts, w) : [],
    churn: cfg.churnRisk.enabled ? await churnSignals(db, cfg.churnRisk, cfg.lifecycle.purchaseEvent) : [],
    orders: cfg.lifecycle.enabled && (cfg.lifecycle.anniversary || cfg.lifecycle.lapsedDays > 0) ? await orderSignals(db, cfg.lifecycle, w) : [],
  };
}

/** The ids to record a person's events under: their first userId, else their first anonymousId; null when the warehouse knows no identity of theirs. */
export async function personIdentity(db: SqlSession, personId: string): Promise<{ userId: string | null; anonymousId: string | null } | null> {
  const rows = await db.query<{ identity: string }>(`SELECT identity FROM identities WHERE person_id = ${db.dialect.param(0, personId)} ORDER BY first_seen, identity`, [personId]);
  const user = rows.find((r) => r.identity.startsWith('user:'));
  if (user) return { userId: user.identity.slice(5), anonymousId: null };
  const anon = rows.find((r) => r.identity.startsWith('anon:'));
  return anon ? { userId: null, anonymousId: anon.identity.slice(5) } : null;
}

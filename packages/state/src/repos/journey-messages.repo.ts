import type { StateSession } from '../state-store.js';

/** A message or webhook to perform; `id` is the effect's idempotency key. */
export interface NewJourneyMessage {
  id: string;
  runId: string;
  journeyId: string;
  version: number;
  stepId: string;
  personId: string;
  channel: string;
  transactional: boolean;
  payload: unknown;
}

export interface StoredJourneyMessage extends NewJourneyMessage {
  status: string;
  reason: string | null;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  providerId: string | null;
  /** While `sending`: when the sender's lease ends (its token: a finish must name it). */
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

interface MessageRow {
  id: string;
  run_id: string;
  journey_id: string;
  version: number;
  step_id: string;
  person_id: string;
  channel: string;
  transactional: boolean;
  payload: unknown;
  status: string;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  provider_id: string | null;
  lease_until: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  sent_at: Date | string | null;
}

const ms = (v: Date | string) => (v instanceof Date ? v : new Date(v)).getTime();
const toMessage = (r: MessageRow): StoredJourneyMessage => ({
  id: r.id,
  runId: r.run_id,
  journeyId: r.journey_id,
  version: Number(r.version),
  stepId: r.step_id,
  personId: r.person_id,
  channel: r.channel,
  transactional: r.transactional,
  payload: r.payload,
  status: r.status,
  reason: r.reason,
  attempts: Number(r.attempts),
  nextAttemptAt: ms(r.next_attempt_at),
  lastError: r.last_error,
  providerId: r.provider_id,
  leaseUntil: r.lease_until === null ? null : ms(r.lease_until),
  createdAt: ms(r.created_at),
  updatedAt: ms(r.updated_at),
  sentAt: r.sent_at === null ? null : ms(r.sent_at),
});

/** Queue messages (in the worker's transaction); an id already queued is left as it is. Returns the ids that are new. */
export async function queueJourneyMessages(tx: StateSession, messages: readonly NewJourneyMessage[], now: number): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO journey_messages (id, run_id, journey_id, version, step_id, person_id, channel, transactional, payload, status, next_attempt_at, created_at, updated_at)
     SELECT r."id", r."runId", r."journeyId", r."version", r."stepId", r."personId", r."channel", r."transactional", r."payload", 'queued', $2, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "runId" text, "journeyId" text, "version" int, "stepId" text, "personId" text, "channel" text, "transactional" boolean, "payload" jsonb)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [JSON.stringify(messages), new Date(now)],
  );
  return rows.map((r) => r.id);
}

/**
 * Lease due messages of one channel for sending: queued or held ones whose time has come, and
 * ones a dead sender left `sending` past their lease. Each lease counts an attempt.
 */
export async function leaseJourneyMessages(s: StateSession, channel: string, now: number, leaseMs: number, limit: number): Promise<StoredJourneyMessage[]> {
  const rows = await s.query<MessageRow>(
    `UPDATE journey_messages SET status = 'sending', lease_until = $3, attempts = attempts + 1, updated_at = $2
      WHERE id IN (
        SELECT id FROM journey_messages
         WHERE channel = $1 AND ((status IN ('queued', 'held') AND next_attempt_at <= $2) OR (status = 'sending' AND lease_until < $2))
         ORDER BY next_attempt_at LIMIT $4
         FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [channel, new Date(now), new Date(now + leaseMs), limit],
  );
  return rows.map(toMessage);
}

export interface MessageOutcome {
  status: string;
  reason?: string | null;
  error?: string | null;
  providerId?: string | null;
  /** For held and retried messages: when to try again. */
  nextAttemptAt?: number;
  /** Give the attempt back (a hold is not an attempt). */
  refundAttempt?: boolean;
}

/** Record what became of a leased message: only under the lease it was given (a late sender whose lease was taken over changes nothing). */
export async function finishJourneyMessage(tx: StateSession, id: string, leaseUntil: number, o: MessageOutcome, now: number): Promise<boolean> {
  const n = await tx.exec(
    `UPDATE journey_messages SET status = $2, reason = $3, last_error = $4, provider_id = coalesce($5, provider_id),
            next_attempt_at = coalesce($6, next_attempt_at), lease_until = NULL, updated_at = $7,
            sent_at = CASE WHEN $2 = 'sent' THEN $7 ELSE sent_at END,
            attempts = attempts - CASE WHEN $8 THEN 1 ELSE 0 END
      WHERE id = $1 AND status = 'sending' AND lease_until = $9`,
    [id, o.status, o.reason ?? null, o.error ?? null, o.providerId ?? null, o.nextAttemptAt === undefined ? null : new Date(o.nextAttemptAt), new Date(now), o.refundAttempt === true, new Date(leaseUntil)],
  );
  return n > 0;
}

/** A later status reported for a sent message (delivered, opened, clicked, bounced); never moves a message back. */
export async function recordMessageStatus(s: StateSession, id: string, status: string, now: number): Promise<StoredJourneyMessage | null> {
  const order = ['sent', 'delivered', 'opened', 'clicked'];
  const rows = await s.query<MessageRow>(
    `UPDATE journey_messages SET status = $2, updated_at = $3
      WHERE id = $1 AND status = ANY($4::text[]) AND ($2 = 'bounced' OR array_position($4::text[], status) < array_position($4::text[], $2))
     RETURNING *`,
    [id, status, new Date(now), order],
  );
  return rows[0] ? toMessage(rows[0]) : null;
}

export async function getJourneyMessage(s: StateSession, id: string): Promise<StoredJourneyMessage | null> {
  const [r] = await s.query<MessageRow>('SELECT * FROM journey_messages WHERE id = $1', [id]);
  return r ? toMessage(r) : null;
}

/**
 * Marketing messages counted against a person's caps in [from, to) — all journeys, or one: those
 * sent (or delivered, opened, clicked) and those a sender reserved a slot for and is sending now.
 */
export async function countMarketingSent(s: StateSession, personId: string, from: number, to: number, opts: { journeyId?: string; exceptId?: string } = {}): Promise<number> {
  const params: unknown[] = [personId, new Date(from), new Date(to)];
  const journey = opts.journeyId ? ` AND journey_id = $${params.push(opts.journeyId)}` : '';
  const except = opts.exceptId ? ` AND id <> $${params.push(opts.exceptId)}` : '';
  const [r] = await s.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM journey_messages
      WHERE person_id = $1 AND NOT transactional AND channel <> 'webhook' AND sent_at >= $2 AND sent_at < $3
        AND status IN ('sending', 'sent', 'delivered', 'opened', 'clicked')${journey}${except}`,
    params,
  );
  return Number(r?.n ?? 0);
}

/**
 * Serialize the cap check of one person's marketing messages across every sender (a transaction
 * advisory lock on the person), so two messages sent at once cannot both take the last slot.
 */
export async function lockPersonForCaps(tx: StateSession, personId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`caps:${personId}`]);
}

/** Take a cap slot for a leased message: its sent_at is set now (and set again when it is sent). */
export async function reserveCapSlot(tx: StateSession, id: string, leaseUntil: number, now: number): Promise<void> {
  await tx.exec(`UPDATE journey_messages SET sent_at = $3 WHERE id = $1 AND status = 'sending' AND lease_until = $2`, [id, new Date(leaseUntil), new Date(now)]);
}

export interface MessageFilter {
  journeyId?: string;
  personId?: string;
  status?: string;
  channel?: string;
  /** Page after this message (its created_at and id, as `listJourneyMessages` returned them). */
  after?: { createdAt: number; id: string };
  limit: number;
}

/** Newest first. */
export async function listJourneyMessages(s: StateSession, f: MessageFilter): Promise<StoredJourneyMessage[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.journeyId) where.push(`journey_id = $${params.push(f.journeyId)}`);
  if (f.personId) where.push(`person_id = $${params.push(f.personId)}`);
  if (f.status) where.push(`status = $${params.push(f.status)}`);
  if (f.channel) where.push(`channel = $${params.push(f.channel)}`);
  if (f.after) where.push(`(created_at, id) < ($${params.push(new Date(f.after.createdAt))}, $${params.push(f.after.id)})`);
  const rows = await s.query<MessageRow>(`SELECT * FROM journey_messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $${params.push(f.limit)}`, params);
  return rows.map(toMessage);
}

/** Events for the warehouse (statuses, exposures, traits set); an id already there is skipped. */
export async function queueOutboundEvents(tx: StateSession, events: ReadonlyArray<{ messageId: string; payload: unknown }>, now: number): Promise<void> {
  if (events.length === 0) return;
  await tx.exec(
    `INSERT INTO journey_outbound_events (message_id, payload, created_at)
     SELECT r.m, r.p, $2 FROM jsonb_to_recordset($1::jsonb) AS r(m text, p jsonb)
     ON CONFLICT (message_id) DO NOTHING`,
    [JSON.stringify(events.map((e) => ({ m: e.messageId, p: e.payload }))), new Date(now)],
  );
}

export async function peekOutboundEvents(s: StateSession, limit: number): Promise<Array<{ id: number; messageId: string; payload: unknown }>> {
  const rows = await s.query<{ id: number; message_id: string; payload: unknown }>('SELECT id, message_id, payload FROM journey_outbound_events ORDER BY id LIMIT $1', [limit]);
  return rows.map((r) => ({ id: Number(r.id), messageId: r.message_id, payload: r.payload }));
}

export async function removeOutboundEvents(s: StateSession, ids: readonly number[]): Promise<void> {
  if (ids.length) await s.exec('DELETE FROM journey_outbound_events WHERE id = ANY($1::bigint[])', [ids]);
}

/** Addresses refused for good (bounces, complaints), as keyed hashes per channel. */
export async function suppressAddress(s: StateSession, channel: string, addressHash: string, reason: string): Promise<void> {
  await s.exec('INSERT INTO message_suppressions (channel, address_hash, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [channel, addressHash, reason]);
}

export async function addressSuppressed(s: StateSession, channel: string, addressHash: string): Promise<boolean> {
  const rows = await s.query('SELECT 1 FROM message_suppressions WHERE channel = $1 AND address_hash = $2', [channel, addressHash]);
  return rows.length > 0;
}

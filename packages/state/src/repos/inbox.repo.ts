import type { StateSession } from '../state-store.js';

/** One in-app message of a person's inbox (table inbox_messages). */
export interface InboxMessage {
  id: string;
  personId: string;
  journeyId: string | null;
  title: string | null;
  body: string;
  createdAt: string;
  readAt: string | null;
}

type Row = { id: string; person_id: string; journey_id: string | null; title: string | null; body: string; created_at: Date | string; read_at: Date | string | null };

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const toMessage = (r: Row): InboxMessage => ({
  id: r.id,
  personId: r.person_id,
  journeyId: r.journey_id,
  title: r.title,
  body: r.body,
  createdAt: iso(r.created_at),
  readAt: r.read_at === null ? null : iso(r.read_at),
});

/** Put a message in a person's inbox; the id is the message's idempotency key, so a retry adds nothing. True when it is new. */
export async function addInboxMessage(s: StateSession, m: Omit<InboxMessage, 'readAt'>): Promise<boolean> {
  const n = await s.exec(
    `INSERT INTO inbox_messages (id, person_id, journey_id, title, body, created_at) VALUES ($1, $2, $3, $4, $5, $6::text::timestamptz) ON CONFLICT (id) DO NOTHING`,
    [m.id, m.personId, m.journeyId, m.title, m.body, m.createdAt],
  );
  return n > 0;
}

/** A person's inbox, newest first (at most `limit`), and how many of all their messages are unread. */
export async function listInbox(s: StateSession, personId: string, limit = 50): Promise<{ messages: InboxMessage[]; unreadCount: number }> {
  const rows = await s.query<Row>(`SELECT * FROM inbox_messages WHERE person_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [personId, limit]);
  const [c] = await s.query<{ n: string | number }>(`SELECT count(*) AS n FROM inbox_messages WHERE person_id = $1 AND read_at IS NULL`, [personId]);
  return { messages: rows.map(toMessage), unreadCount: Number(c?.n ?? 0) };
}

/** Mark one of a person's messages read (the first time counts; again keeps that time). Null when the person has no such message. */
export async function markInboxRead(s: StateSession, personId: string, messageId: string, at: Date): Promise<InboxMessage | null> {
  const [row] = await s.query<Row>(
    `UPDATE inbox_messages SET read_at = coalesce(read_at, $3::text::timestamptz) WHERE id = $1 AND person_id = $2 RETURNING *`,
    [messageId, personId, at.toISOString()],
  );
  return row ? toMessage(row) : null;
}

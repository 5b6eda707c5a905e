import { randomUUID } from 'node:crypto';
import type { JourneyNote, journeyNoteInputSchema, journeyNotePatchSchema } from '@trailmap/core';
import type { z } from 'zod';
import type { StateSession } from '../state-store.js';

/** The note's fields in column order (fixed names: the only identifiers ever put in this SQL). */
const COLS = ['kind', 'stage', 'channel', 'touchpoint', 'lane', 'text', 'owner', 'status'] as const;

type Row = { id: string; created_at: Date | string; updated_at: Date | string } & Record<(typeof COLS)[number], string | null>;

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

const toNote = (r: Row): JourneyNote => ({
  id: r.id,
  kind: r.kind as JourneyNote['kind'],
  stage: r.stage,
  channel: r.channel,
  touchpoint: r.touchpoint,
  lane: r.lane as JourneyNote['lane'],
  text: r.text!,
  owner: r.owner,
  status: r.status as JourneyNote['status'],
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** Notes in the order they were written, optionally of one stage and/or touchpoint. */
export async function listJourneyNotes(s: StateSession, filter: { stage?: string | undefined; touchpoint?: string | undefined } = {}): Promise<JourneyNote[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.stage) where.push(`stage = $${params.push(filter.stage)}`);
  if (filter.touchpoint) where.push(`touchpoint = $${params.push(filter.touchpoint)}`);
  const rows = await s.query<Row>(`SELECT * FROM journey_notes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, params);
  return rows.map(toNote);
}

export async function createJourneyNote(s: StateSession, input: z.output<typeof journeyNoteInputSchema>): Promise<JourneyNote> {
  const values = COLS.map((c) => input[c]);
  const [row] = await s.query<Row>(
    `INSERT INTO journey_notes (id, ${COLS.join(', ')}, created_at, updated_at) VALUES ($1, ${COLS.map((_, i) => `$${i + 2}`).join(', ')}, now(), now()) RETURNING *`,
    [randomUUID(), ...values],
  );
  return toNote(row!);
}

/**
 * Set the fields the patch names, in one UPDATE of that row only: two people changing the owner
 * and the status of one note at once both keep their change. Null when there is no such note.
 */
export async function updateJourneyNote(s: StateSession, id: string, patch: z.output<typeof journeyNotePatchSchema>): Promise<JourneyNote | null> {
  const params: unknown[] = [];
  const sets = COLS.filter((c) => patch[c] !== undefined).map((c) => `${c} = $${params.push(patch[c])}`);
  sets.push('updated_at = now()');
  const [row] = await s.query<Row>(`UPDATE journey_notes SET ${sets.join(', ')} WHERE id = $${params.push(id)} RETURNING *`, params);
  return row ? toNote(row) : null;
}

export async function deleteJourneyNote(s: StateSession, id: string): Promise<boolean> {
  return (await s.exec('DELETE FROM journey_notes WHERE id = $1', [id])) > 0;
}

/** Insert a note kept elsewhere (an older data directory) with its own id and times; false when the id is already here. */
export async function insertJourneyNoteAsIs(s: StateSession, note: JourneyNote): Promise<boolean> {
  const n = await s.exec(
    `INSERT INTO journey_notes (id, ${COLS.join(', ')}, created_at, updated_at) VALUES ($1, ${COLS.map((_, i) => `$${i + 2}`).join(', ')}, $10::text::timestamptz, $11::text::timestamptz) ON CONFLICT (id) DO NOTHING`,
    [note.id, ...COLS.map((c) => note[c]), note.createdAt, note.updatedAt],
  );
  return n > 0;
}

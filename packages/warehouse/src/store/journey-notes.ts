import { randomUUID } from 'node:crypto';
import { journeyNoteInputSchema, journeyNotePatchSchema, type JourneyNote } from '@trailmap/core';
import type { z } from 'zod';
import type { SqlSession, Warehouse } from '../warehouse.js';
import { Params } from '../dialect/dialect.js';

const COLS = ['kind', 'stage', 'channel', 'touchpoint', 'lane', 'text', 'owner', 'status'] as const;

type Row = { id: string; created_at: string; updated_at: string } & Record<(typeof COLS)[number], string | null>;

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
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listJourneyNotes(db: SqlSession, filter: { stage?: string; touchpoint?: string } = {}): Promise<JourneyNote[]> {
  const p = new Params(db.dialect);
  const where: string[] = [];
  if (filter.stage) where.push(`stage = ${p.add(filter.stage)}`);
  if (filter.touchpoint) where.push(`touchpoint = ${p.add(filter.touchpoint)}`);
  const rows = await db.query<Row>(`SELECT * FROM journey_notes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, p.values);
  return rows.map(toNote);
}

async function getNote(db: SqlSession, id: string): Promise<JourneyNote | null> {
  const p = new Params(db.dialect);
  const [row] = await db.query<Row>(`SELECT * FROM journey_notes WHERE id = ${p.add(id)}`, p.values);
  return row ? toNote(row) : null;
}

export async function createJourneyNote(db: Warehouse, input: z.output<typeof journeyNoteInputSchema>): Promise<JourneyNote> {
  const id = randomUUID();
  const now = new Date().toISOString();
  const p = new Params(db.dialect);
  const values = [p.add(id), ...COLS.map((c) => p.add(input[c])), `${db.dialect.parseTimestamp(p.add(now))}`, `${db.dialect.parseTimestamp(p.add(now))}`];
  await db.exec(`INSERT INTO journey_notes (id, ${COLS.join(', ')}, created_at, updated_at) VALUES (${values.join(', ')})`, p.values);
  return (await getNote(db, id))!;
}

/** Apply a partial update; null when there is no such note. */
export async function updateJourneyNote(db: Warehouse, id: string, patch: z.output<typeof journeyNotePatchSchema>): Promise<JourneyNote | null> {
  const current = await getNote(db, id);
  if (!current) return null;
  const next = { ...current, ...patch };
  const p = new Params(db.dialect);
  const sets = COLS.map((c) => `${c} = ${p.add(next[c])}`);
  sets.push(`updated_at = ${db.dialect.parseTimestamp(p.add(new Date().toISOString()))}`);
  await db.exec(`UPDATE journey_notes SET ${sets.join(', ')} WHERE id = ${p.add(id)}`, p.values);
  return getNote(db, id);
}

export async function deleteJourneyNote(db: Warehouse, id: string): Promise<boolean> {
  if (!(await getNote(db, id))) return false;
  const p = new Params(db.dialect);
  await db.exec(`DELETE FROM journey_notes WHERE id = ${p.add(id)}`, p.values);
  return true;
}

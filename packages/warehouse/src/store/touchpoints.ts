import { NON_STEP_TYPES, STAGES } from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';

export interface TouchpointRow {
  touchpoint: string;
  channel: string;
  type: string;
  stage: string;
  events: number;
  people: number;
}

/** Identify / alias / group calls: stored and counted, but bookkeeping, not touchpoints. */
export interface NonTouchpointRow {
  type: string;
  events: number;
  people: number;
}

const NOT_TOUCHPOINTS = NON_STEP_TYPES.map((t) => `'${t}'`).join(', ');

/**
 * The touchpoint catalogue as stored, with event and people counts, in journey-stage order.
 * Identify, alias and group calls are left out (see `listNonTouchpoints`): they say who someone
 * is, not something they experienced.
 */
export async function listTouchpoints(db: SqlSession): Promise<TouchpointRow[]> {
  // Not `touchpoint_type AS type`: ClickHouse would read `type` in WHERE as that alias.
  const rows = await db.query<Omit<TouchpointRow, 'type'> & { tp_type: string }>(`
    SELECT touchpoint, channel, touchpoint_type AS tp_type, stage, count(*) AS events, count(DISTINCT person_id) AS people
      FROM events WHERE type NOT IN (${NOT_TOUCHPOINTS}) GROUP BY touchpoint, channel, touchpoint_type, stage`);
  const order = (s: string) => (STAGES as readonly string[]).indexOf(s);
  return rows
    .map(({ tp_type, ...r }) => ({ touchpoint: r.touchpoint, channel: r.channel, type: tp_type, stage: r.stage, events: Number(r.events), people: Number(r.people) }))
    .sort((a, b) => order(a.stage) - order(b.stage) || b.events - a.events || a.touchpoint.localeCompare(b.touchpoint));
}

/** The calls the catalogue leaves out, by message type, so the catalogue's total can be reconciled. */
export async function listNonTouchpoints(db: SqlSession): Promise<NonTouchpointRow[]> {
  const rows = await db.query<NonTouchpointRow>(
    `SELECT type, count(*) AS events, count(DISTINCT person_id) AS people FROM events WHERE type IN (${NOT_TOUCHPOINTS}) GROUP BY type`,
  );
  return rows.map((r) => ({ type: r.type, events: Number(r.events), people: Number(r.people) })).sort((a, b) => (a.type < b.type ? -1 : 1));
}

import { STAGES } from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';

export interface TouchpointRow {
  touchpoint: string;
  channel: string;
  type: string;
  stage: string;
  events: number;
  people: number;
}

/** The touchpoint catalogue as stored, with event and people counts, in journey-stage order. */
export async function listTouchpoints(db: SqlSession): Promise<TouchpointRow[]> {
  const rows = await db.query<TouchpointRow>(`
    SELECT touchpoint, channel, touchpoint_type AS type, stage, count(*) AS events, count(DISTINCT person_id) AS people
      FROM events GROUP BY touchpoint, channel, touchpoint_type, stage`);
  const order = (s: string) => (STAGES as readonly string[]).indexOf(s);
  return rows.sort((a, b) => order(a.stage) - order(b.stage) || b.events - a.events || a.touchpoint.localeCompare(b.touchpoint));
}

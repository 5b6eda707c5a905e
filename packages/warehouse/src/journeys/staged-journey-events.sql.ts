import type { JourneyEvent } from '@trailmap/core';
import { STAGING_TABLE } from '../ingest/staging.js';
import type { Warehouse } from '../warehouse.js';

/**
 * The track events of the segment just committed (still in the writer's staging table) whose
 * names journeys listen for, with the person each belongs to after identity stitching. Read from
 * staging, not `events`, so no scan of the whole table: identities is looked up by its key.
 */
export async function stagedJourneyEvents(db: Warehouse, names: readonly string[]): Promise<JourneyEvent[]> {
  if (names.length === 0) return [];
  return db.onWriter(async (s) => {
    const d = s.dialect;
    const list = names.map((_, i) => d.param(i, names[i])).join(', ');
    const rows = await s.query<{ message_id: string; person_id: string; event: string; ms: number | string | bigint; properties: unknown }>(
      `SELECT x.message_id, i.person_id, x.event, ${d.epochMs(d.parseTimestamp('x.timestamp'))} AS ms, x.properties
         FROM ${STAGING_TABLE} x
         JOIN identities i ON i.identity = CASE WHEN x.user_id IS NOT NULL THEN 'user:' || x.user_id ELSE 'anon:' || x.anonymous_id END
        WHERE x.type = 'track' AND x.event IN (${list})
        ORDER BY x.seq`,
      names,
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      personId: r.person_id,
      event: r.event,
      at: Number(r.ms),
      properties: typeof r.properties === 'string' ? (JSON.parse(r.properties) as Record<string, unknown>) : ((r.properties as Record<string, unknown>) ?? {}),
    }));
  });
}

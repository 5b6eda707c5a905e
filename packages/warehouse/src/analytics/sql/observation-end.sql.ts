import { observationEnd, type TimeRange } from '@trailmap/core';
import type { SqlSession } from '../../warehouse.js';

/**
 * The observation end of a definition (see `observationEnd` in core): its `range.to`, capped by
 * the store's newest event + 1 ms (over every event: filters narrow what is counted, not how far
 * the data reaches).
 */
export async function observedEndMs(db: SqlSession, range: TimeRange | undefined): Promise<number | null> {
  const [r] = await db.query<{ n: unknown; last_ms: unknown }>(`SELECT count(*) AS n, max(${db.dialect.epochMs('timestamp')}) AS last_ms FROM ${db.dialect.events} AS events`, []);
  return observationEnd(r && Number(r.n) > 0 ? Number(r.last_ms) : null, range);
}

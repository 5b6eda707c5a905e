import { summarisePii, type PiiAction, type PiiKind, type PiiPolicy, type PiiSummaryAnswer } from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';

/** The counts ingest recorded in pii_detections (per key path, kind and action), folded with the current policy. */
export async function piiSummary(db: SqlSession, policy: PiiPolicy): Promise<PiiSummaryAnswer> {
  const d = db.dialect;
  const rows = await db.query<{ path: string; kind: string | null; action: string; n: unknown; last_ms: unknown }>(
    `SELECT path, kind, action, sum(hits) AS n, ${d.epochMs(`max(${d.ident('at')})`)} AS last_ms FROM pii_detections GROUP BY path, kind, action ORDER BY path, kind, action`,
  );
  return summarisePii(
    rows.map((r) => ({ path: r.path, kind: (r.kind || null) as PiiKind | null, action: r.action as PiiAction, values: Number(r.n), lastSeen: new Date(Number(r.last_ms)).toISOString() })),
    policy,
  );
}
